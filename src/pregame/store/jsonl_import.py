"""One-time import of the JSON lines files the Slack app kept before the SQL store."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pregame.store.records import Feedback, PlayRecord, Records

log = logging.getLogger(__name__)

FEEDBACK_FILE = "feedback.jsonl"
PLAYS_FILE = "plays.jsonl"


@dataclass(frozen=True)
class Imported:
    feedback: int = 0
    plays: int = 0
    skipped: int = 0


def import_jsonl(folder: Path, records: Records) -> Imported:
    """Import ``feedback.jsonl`` and ``plays.jsonl`` from ``folder`` once.

    Each file is renamed to ``*.imported`` afterwards, so a second start imports nothing and
    the original lines stay on disk for anyone who wants to check them.
    """
    feedback = plays = skipped = 0
    for name, build in ((FEEDBACK_FILE, _feedback), (PLAYS_FILE, _play)):
        path = folder / name
        if not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = build(json.loads(line))
            except (ValueError, TypeError, KeyError) as exc:
                log.warning("%s:%d not imported: %s", path, number, exc)
                skipped += 1
                continue
            if isinstance(record, Feedback):
                records.feedback(record)
                feedback += 1
            else:
                records.play(record)
                plays += 1
        path.rename(path.with_name(name + ".imported"))
    return Imported(feedback, plays, skipped)


def _at(value: Any) -> datetime:
    at = datetime.fromisoformat(str(value))
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _feedback(data: dict[str, Any]) -> Feedback:
    return Feedback(
        user=str(data["user"]),
        team=str(data.get("team", "")),
        channel=str(data.get("channel", "")),
        thread_ts=str(data.get("thread_ts", "")),
        message_ts=str(data.get("message_ts", "")),
        value=str(data["value"]),
        reason=data.get("reason"),
        about=dict(data.get("about") or {}),
        at=_at(data["at"]),
    )


def _play(data: dict[str, Any]) -> PlayRecord:
    return PlayRecord(
        user=str(data["user"]),
        team=str(data.get("team", "")),
        channel=str(data.get("channel", "")),
        thread_ts=str(data.get("thread_ts", "")),
        playbook=str(data["playbook"]),
        phase=str(data["phase"]),
        persona=data.get("persona"),
        at=_at(data["at"]),
    )
