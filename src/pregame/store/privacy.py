"""A seller's privacy request: delete their conversations and records from the SQL store.

A seller's conversations are the Rasa trackers whose sender is their id (the terminal, the REST
channel) or whose messages came from them in Slack (``metadata.slack.user`` of a user event:
Slack conversations are threads, so the sender id is the thread's).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import MetaData, Table, delete, inspect, select

from pregame.store.database import Database
from pregame.store.progress import Progress
from pregame.store.records import Records

EVENTS = "events"  # Rasa's SQL tracker store table


@dataclass(frozen=True)
class Forgotten:
    conversations: int
    events: int
    records: int

    def summary(self) -> str:
        return (
            f"Deleted {self.conversations} conversation(s) ({self.events} events) and "
            f"{self.records} record(s)."
        )


def _slack_user(data: str | None) -> str | None:
    try:
        event = json.loads(data or "{}")
    except ValueError:
        return None
    slack = (event.get("metadata") or {}).get("slack") or {}
    return str(slack.get("user")) if isinstance(slack, dict) and slack.get("user") else None


def conversations_of(db: Database, user: str) -> set[str]:
    """The sender ids of every conversation the seller had."""
    if not inspect(db.engine).has_table(EVENTS):
        return set()
    events = Table(EVENTS, MetaData(), autoload_with=db.engine)
    senders = {user}
    query = select(events.c.sender_id, events.c.data).where(
        events.c.type_name == "user", events.c.data.contains(user)
    )
    with db.session() as session:
        for sender, data in session.execute(query):
            if _slack_user(data) == user:
                senders.add(str(sender))
        present = set(
            session.scalars(
                select(events.c.sender_id).where(events.c.sender_id.in_(senders)).distinct()
            )
        )
    return present


def forget_user(db: Database, user: str) -> Forgotten:
    """Delete the seller's conversations (all their events) and Pregame's records of them,
    their learning progress included."""
    senders = conversations_of(db, user)
    removed = 0
    if senders:
        events = Table(EVENTS, MetaData(), autoload_with=db.engine)
        with db.session() as session:
            result = session.execute(delete(events).where(events.c.sender_id.in_(senders)))
            removed = int(getattr(result, "rowcount", 0) or 0)
    records = Records(db).forget(user) + Progress(db).forget(user)
    return Forgotten(len(senders), removed, records)
