"""`pregame forget`: a seller's conversations and records go, nobody else's."""

from __future__ import annotations

import json

from sqlalchemy import Column, Integer, MetaData, String, Table, Text, func, select

from pregame.store.database import Database
from pregame.store.privacy import forget_user
from pregame.store.progress import Progress
from pregame.store.records import Feedback, PlayRecord, Records


def rasa_events(db: Database) -> Table:
    """The columns of Rasa 3.6's SQL tracker store that the query uses."""
    table = Table(
        "events",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("sender_id", String(255)),
        Column("type_name", String(255)),
        Column("data", Text),
    )
    table.create(db.engine)
    return table


def user_event(sender: str, text: str, slack_user: str | None = None) -> dict[str, str]:
    data = {"event": "user", "text": text}
    if slack_user:
        data["metadata"] = {"slack": {"user": slack_user, "team": "T1"}}  # type: ignore[assignment]
    return {"sender_id": sender, "type_name": "user", "data": json.dumps(data)}


def test_forget_deletes_the_sellers_conversations_and_records(db: Database) -> None:
    events = rasa_events(db)
    rows = [
        user_event("U1", "discovery call tomorrow"),  # the terminal: sender is the seller
        {"sender_id": "U1", "type_name": "bot", "data": "{}"},
        user_event("slack:T1:C1:1.0", "prep me", slack_user="U1"),
        {"sender_id": "slack:T1:C1:1.0", "type_name": "action", "data": "{}"},
        user_event("slack:T1:C1:2.0", "U1 said hi to me", slack_user="U2"),
        user_event("U2", "hello"),
    ]
    with db.engine.begin() as conn:
        conn.execute(events.insert(), rows)
    records = Records(db)
    records.play(PlayRecord("U1", "T1", "C1", "1.0", "pb", "discovery", None))
    records.feedback(Feedback("U1", "T1", "C1", "1.0", "1.1", "helpful", None))
    records.play(PlayRecord("U2", "T1", "C1", "2.0", "pb", "discovery", None))

    gone = forget_user(db, "U1")

    assert (gone.conversations, gone.events, gone.records) == (2, 4, 2)
    with db.engine.connect() as conn:
        left = conn.execute(select(events.c.sender_id, func.count()).group_by(events.c.sender_id))
        assert dict(left.all()) == {"slack:T1:C1:2.0": 1, "U2": 1}
    assert len(records.recent_plays("U2", "T1")) == 1
    assert "2 conversation(s)" in gone.summary()


def test_forget_without_any_conversation_yet(db: Database) -> None:
    assert forget_user(db, "U9").conversations == 0


def test_forget_deletes_the_reps_learning_progress(db: Database) -> None:
    progress = Progress(db)
    for user in ("U1", "U2"):
        progress.set_rep(user, team="emea")
        progress.mark_lesson_read(user, "pb", "discovery")
        progress.record_practice(user, "pb", "discovery", 85, True)

    gone = forget_user(db, "U1")

    assert gone.records == 3  # the rep row, the lesson read, the practice attempt
    assert progress.rep("U1") is None and progress.practice_attempts("U1") == []
    assert progress.rep("U2") is not None and len(progress.practice_attempts("U2")) == 1
