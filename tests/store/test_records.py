"""Feedback and plays in the SQL store, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pregame.store.database import Database
from pregame.store.records import Feedback, PlayRecord, Records

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def play(user: str, phase: str, minutes: int, team: str = "T1") -> PlayRecord:
    return PlayRecord(
        user, team, "C1", f"{minutes}.0", "pb", phase, "cfo", T0 + timedelta(minutes=minutes)
    )


def test_recent_plays_are_the_sellers_own_newest_first(db: Database) -> None:
    records = Records(db)
    for i, phase in enumerate(["discovery", "evaluation", "negotiation"]):
        records.play(play("U1", phase, i))
    records.play(play("U2", "discovery", 9))
    records.play(play("U1", "discovery", 10, team="T2"))
    recent = records.recent_plays("U1", "T1", limit=2)
    assert [p.phase for p in recent] == ["negotiation", "evaluation"]
    assert recent[0].at == T0 + timedelta(minutes=2)
    assert recent[0].persona == "cfo"


def test_feedback_keeps_what_it_was_about(db: Database) -> None:
    records = Records(db)
    about = {"type": "step", "playbook": "pb", "phase": "discovery", "ref": "open"}
    records.feedback(Feedback("U1", "T1", "C1", "1.0", "1.1", "not_helpful", "too long", about, T0))
    records.feedback(Feedback("U1", "T1", "C1", "1.0", "1.2", "helpful", None, {}, T0))
    stored = records.all_feedback()
    assert [(f.value, f.reason, f.about) for f in stored] == [
        ("not_helpful", "too long", about),
        ("helpful", None, {}),
    ]
    assert stored[0].at == T0


def test_forget_deletes_one_sellers_records_only(db: Database) -> None:
    records = Records(db)
    records.play(play("U1", "discovery", 1))
    records.play(play("U2", "discovery", 2))
    records.feedback(Feedback("U1", "T1", "C1", "1.0", "1.1", "helpful", None, {}, T0))
    assert records.forget("U1") == 2
    assert records.recent_plays("U1", "T1") == []
    assert records.all_feedback() == []
    assert len(records.recent_plays("U2", "T1")) == 1
