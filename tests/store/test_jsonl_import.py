"""The Slack app's old JSON lines files are imported into the SQL store once."""

from __future__ import annotations

import json
from pathlib import Path

from pregame.store.database import Database
from pregame.store.jsonl_import import import_jsonl
from pregame.store.records import Records


def test_import_once_and_keep_the_files(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "slack"
    folder.mkdir()
    feedback = {
        "user": "U1", "team": "T1", "channel": "C1", "thread_ts": "1.0", "message_ts": "1.1",
        "value": "not_helpful", "reason": "Too long", "about": {"type": "step"},
        "at": "2026-11-01T10:00:00+00:00",
    }  # fmt: skip
    play = {
        "user": "U1", "team": "T1", "channel": "C1", "thread_ts": "1.0", "playbook": "pb",
        "phase": "discovery", "persona": None, "at": "2026-11-01T09:59:00+00:00",
    }  # fmt: skip
    (folder / "feedback.jsonl").write_text(json.dumps(feedback) + "\n{cut short by a cra\n")
    (folder / "plays.jsonl").write_text(json.dumps(play) + "\n")
    records = Records(db)

    first = import_jsonl(folder, records)
    second = import_jsonl(folder, records)

    assert (first.feedback, first.plays, first.skipped) == (1, 1, 1)
    assert (second.feedback, second.plays) == (0, 0)
    assert (folder / "feedback.jsonl.imported").is_file()
    assert records.all_feedback()[0].reason == "Too long"
    assert records.recent_plays("U1", "T1")[0].phase == "discovery"
