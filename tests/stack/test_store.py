"""The SQL store at stack start: migrated, the old tracker adopted, old JSON lines imported."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import inspect

from pregame.settings import Settings
from pregame.stack.store import adopt_old_tracker, prepare_store
from pregame.store.records import Records


def test_the_old_tracker_becomes_the_store(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path)
    settings.run_dir.mkdir(parents=True)
    (settings.run_dir / "tracker.db").write_bytes(b"old conversations")
    assert adopt_old_tracker(settings)
    assert (tmp_path / ".pregame" / "pregame.db").read_bytes() == b"old conversations"
    assert not adopt_old_tracker(settings)  # once


def test_a_configured_database_is_left_alone(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path, database_url=f"sqlite:///{tmp_path / 'other.db'}")
    settings.run_dir.mkdir(parents=True)
    (settings.run_dir / "tracker.db").write_bytes(b"x")
    assert not adopt_old_tracker(settings)


def test_prepare_migrates_and_imports_old_records(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path)
    slack = tmp_path / ".pregame" / "slack"
    slack.mkdir(parents=True)
    play = {"user": "U1", "team": "T1", "channel": "C", "thread_ts": "1.0", "playbook": "pb",
            "phase": "discovery", "persona": None, "at": "2026-11-01T10:00:00+00:00"}  # fmt: skip
    (slack / "plays.jsonl").write_text(json.dumps(play) + "\n")
    db = prepare_store(settings)
    assert "pregame_plays" in inspect(db.engine).get_table_names()
    assert [p.phase for p in Records(db).recent_plays("U1", "T1")] == ["discovery"]
    prepare_store(settings)  # a second start imports nothing again
    assert len(Records(db).recent_plays("U1", "T1")) == 1
