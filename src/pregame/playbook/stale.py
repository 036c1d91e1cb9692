"""Which playbook files the running bot serves an older version of, because the file on disk is
broken: written by the bot's library after each refresh that changes the list, read by
`pregame doctor` and `pregame validate` (another process), so the manager who saved a broken
edit sees that the bot still serves the last good version, and why.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RECORD = "playbooks.json"
"""The record's file name in the data folder's run/ directory."""


@dataclass(frozen=True)
class StaleFile:
    """A playbook file the library rejects, and what it serves instead."""

    file: Path
    broken_since: float
    """When it broke: the broken file's modification time (or when the library first found it
    failing, if the file did not change but what a check depends on did)."""
    error: str
    """The first problem: ``line:column: field: message``."""
    problems: int
    broken_sha256: str
    """The content the library rejected."""
    served_at: float | None = None
    """Modification time of the version still served; None when none is."""
    served_sha256: str | None = None
    playbook_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "file": str(self.file)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StaleFile:
        return cls(**{**data, "file": Path(data["file"])})


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


class StaleRecord:
    """Writes the list of stale files (with this process's pid) where readers look for it;
    a library calls it after a refresh. Written whole and renamed into place."""

    def __init__(self, path: Path, pid: int | None = None) -> None:
        self.path = path
        self.pid = os.getpid() if pid is None else pid

    def __call__(self, files: list[StaleFile]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = {"pid": self.pid, "files": [f.as_dict() for f in files]}
        temporary = self.path.with_name(f".{self.path.name}.{self.pid}")
        temporary.write_text(json.dumps(body, indent=2) + "\n")
        temporary.replace(self.path)


def read_stale(path: Path, alive: Callable[[int], bool]) -> list[StaleFile]:
    """What the running bot wrote at ``path``; nothing when no record is there, it cannot be
    read, or the process that wrote it is gone (``alive`` says whether a pid runs)."""
    try:
        body = json.loads(path.read_text())
        if not alive(int(body["pid"])):
            return []
        return [StaleFile.from_dict(item) for item in body["files"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def stale_notes(files: list[StaleFile], root: Path, now: float) -> list[tuple[Path, str]]:
    """(file, what to tell the manager) for each stale file still on disk, e.g. "playbooks/x.yml
    is broken since 14:02; the bot still serves the version from 13:40: 12:7: ..."."""
    notes = []
    for stale in files:
        try:
            on_disk = sha256(stale.file.read_bytes())
        except OSError:
            continue  # deleted: the bot drops it on its next refresh
        notes.append((stale.file, describe(stale, on_disk, root, now)))
    return notes


def describe(stale: StaleFile, on_disk: str, root: Path, now: float) -> str:
    """The note for one stale file, given the hash of the file on disk now."""
    name = _relative(stale.file, root)
    since = _clock(stale.broken_since, now)
    if stale.served_at is None:
        served = "the bot does not serve it"
    else:
        served = f"the bot still serves the version from {_clock(stale.served_at, now)}"
    note = f"{name} is broken since {since}; {served}: {stale.error}"
    if stale.problems > 1:
        note += f" (and {stale.problems - 1} more: run `pregame validate {name}`)"
    if on_disk not in (stale.broken_sha256, stale.served_sha256):
        note += " (the file has changed since; the bot reads it again on its next message)"
    return note


def _relative(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _clock(timestamp: float, now: float) -> str:
    moment = dt.datetime.fromtimestamp(timestamp)
    if moment.date() == dt.datetime.fromtimestamp(now).date():
        return moment.strftime("%H:%M")
    return moment.strftime("%Y-%m-%d %H:%M")
