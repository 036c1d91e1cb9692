"""What the Slack app keeps on disk: sellers' feedback and their recent plays (JSON lines)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Feedback:
    user: str
    team: str
    channel: str
    thread_ts: str
    message_ts: str
    value: str  # helpful | not_helpful
    reason: str | None
    about: dict[str, Any]
    at: str


@dataclass(frozen=True)
class PlayRecord:
    user: str
    team: str
    channel: str
    thread_ts: str
    playbook: str
    phase: str
    persona: str | None
    at: str


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class JsonLines:
    """Append-only JSON lines, safe across the app's threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, record: dict[str, Any]) -> None:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as out:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def read(self) -> Iterator[dict[str, Any]]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return
        for line in lines:
            try:
                yield json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash


class Records:
    """Feedback and plays under ``folder`` (the data dir's ``slack/``)."""

    def __init__(self, folder: Path) -> None:
        self.feedback_log = JsonLines(folder / "feedback.jsonl")
        self.plays_log = JsonLines(folder / "plays.jsonl")

    def feedback(self, record: Feedback) -> None:
        self.feedback_log.append(asdict(record))

    def play(self, record: PlayRecord) -> None:
        self.plays_log.append(asdict(record))

    def recent_plays(self, user: str, team: str, limit: int = 5) -> list[PlayRecord]:
        mine = [
            PlayRecord(**r)
            for r in self.plays_log.read()
            if r.get("user") == user and r.get("team") == team
        ]
        return mine[::-1][:limit]
