"""The set of playbooks the bot serves, reloaded from disk when :meth:`refresh` is called.

Files are loaded through the same checks `pregame validate` applies, so a playbook that
validate rejects is never served. An invalid edit never replaces a working playbook: the last
valid version stays live and the problem is kept in :attr:`PlaybookLibrary.errors` (and logged),
and :meth:`PlaybookLibrary.stale` says which files are served from an older version and why
(``on_stale`` hears of it, for example to tell `pregame doctor` in another process).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pregame.playbook.files import playbook_files
from pregame.playbook.loader import Check, PlaybookError, Problem, read_playbook
from pregame.playbook.schema import Playbook
from pregame.playbook.stale import StaleFile, sha256

log = logging.getLogger(__name__)

OnChange = Callable[[dict[Path, Playbook]], None]
OnStale = Callable[[list[StaleFile]], None]


@dataclass(frozen=True)
class _Entry:
    mtime_ns: int
    sha256: str
    playbook: Playbook | None


@dataclass(frozen=True)
class _Served:
    """What the last refresh left live; replaced as a whole, so readers never see half of it."""

    by_file: dict[Path, Playbook] = field(default_factory=dict)
    by_id: dict[str, Playbook] = field(default_factory=dict)
    ordered: list[Playbook] = field(default_factory=list)


class PlaybookLibrary:
    """Playbooks from one folder, keyed by playbook id.

    :meth:`refresh` is the only method that reads the disk; :meth:`playbooks`, :meth:`get`,
    :meth:`by_file` and :attr:`errors` describe what the last refresh found. ``checks`` run on
    every file loaded (for example: do its knowledge references exist?). ``on_change`` is called
    with every valid playbook (by file) after a refresh that changed something, for example to
    re-index the playbooks' steps for search. ``on_stale`` is called with :meth:`stale` after
    the first refresh and after every refresh that changes it. ``clock`` gives the time a file
    that did not change started failing a check.
    """

    def __init__(
        self,
        folder: Path,
        checks: Sequence[Check] = (),
        on_change: OnChange | None = None,
        on_stale: OnStale | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.folder = folder
        self.checks = list(checks)
        self.on_change = on_change
        self.on_stale = on_stale
        self.errors: dict[Path, PlaybookError] = {}
        self._clock = clock
        self._files: dict[Path, _Entry] = {}
        self._good: dict[Path, _Entry] = {}  # per file, the version that is served
        self._stale: dict[Path, StaleFile] = {}
        self._stale_now: list[StaleFile] = []  # replaced whole, like _served
        self._reported: list[StaleFile] | None = None
        self._served = _Served()
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Load added or changed files and drop deleted ones (a stat per file).

        A file that failed only the checks is tried again on every refresh, since what a check
        depends on (the knowledge documents) may have changed without the file changing; one
        wrong in itself (syntax, schema) only when it changes.
        """
        with self._lock:
            valid = dict(self._served.by_file)
            errors = dict(self.errors)
            present = {p: p.stat().st_mtime_ns for p in playbook_files(self.folder)}
            for gone in set(self._files) - set(present):
                for table in (self._files, valid, errors, self._good, self._stale):
                    table.pop(gone, None)
            for path, mtime in present.items():
                known = self._files.get(path)
                retry = path in errors and not errors[path].in_file
                if known is not None and known.mtime_ns == mtime and not retry:
                    continue
                digest, loaded = self._load(path)
                if isinstance(loaded, PlaybookError):
                    if str(errors.get(path)) != str(loaded):
                        log.error(
                            "playbook %s is invalid; serving last valid version:\n%s",
                            path,
                            loaded,
                        )
                    errors[path] = loaded
                    self._files[path] = _Entry(mtime, digest, None)
                    self._stale[path] = self._stale_file(path, mtime, digest, loaded)
                    continue
                errors.pop(path, None)
                self._stale.pop(path, None)
                self._files[path] = self._good[path] = _Entry(mtime, digest, loaded)
                valid[path] = loaded
            changed = valid != self._served.by_file
            self.errors = errors
            if changed:
                ordered = sorted(valid.values(), key=lambda p: p.id)
                self._served = _Served(valid, {p.id: p for p in reversed(ordered)}, ordered)
            if changed and self.on_change is not None:
                try:
                    self.on_change(dict(valid))
                except Exception:  # a failing listener must not stop the playbooks loading
                    log.exception("playbook change listener failed")
            self._report_stale()

    def _load(self, path: Path) -> tuple[str, Playbook | PlaybookError]:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return "", PlaybookError([Problem(path, 1, 1, "", f"cannot read file: {exc}")])
        try:
            return sha256(raw), read_playbook(path, raw, self.checks)
        except PlaybookError as exc:
            return sha256(raw), exc

    def _stale_file(self, path: Path, mtime_ns: int, digest: str, exc: PlaybookError) -> StaleFile:
        previous, good = self._stale.get(path), self._good.get(path)
        if previous is not None:
            since = previous.broken_since
        elif good is not None and good.sha256 == digest:
            since = self._clock()  # the file did not change; what a check depends on did
        else:
            since = mtime_ns / 1e9
        first = exc.problems[0] if exc.problems else None
        error = str(first).removeprefix(f"{path}:") if first is not None else str(exc)
        return StaleFile(
            file=path,
            broken_since=since,
            error=error,
            problems=len(exc.problems),
            broken_sha256=digest,
            served_at=good.mtime_ns / 1e9 if good is not None else None,
            served_sha256=good.sha256 if good is not None else None,
            playbook_id=good.playbook.id if good is not None and good.playbook else None,
        )

    def _report_stale(self) -> None:
        self._stale_now = stale = [self._stale[path] for path in sorted(self._stale)]
        if self.on_stale is None or stale == self._reported:
            return
        try:
            self.on_stale(stale)
        except Exception:  # e.g. a full disk: serving playbooks matters more; try next time
            log.exception("could not report the stale playbooks")
            return
        self._reported = stale

    def stale(self) -> list[StaleFile]:
        """The files that are broken on disk, with the version served instead (if any)."""
        return list(self._stale_now)

    def by_file(self) -> dict[Path, Playbook]:
        """Every valid playbook, keyed by its file."""
        return dict(self._served.by_file)

    def playbooks(self) -> list[Playbook]:
        """Every valid playbook, by id."""
        return list(self._served.ordered)

    def get(self, playbook_id: str) -> Playbook:
        """The playbook with this id; :class:`KeyError` if none is served."""
        return self._served.by_id[playbook_id]
