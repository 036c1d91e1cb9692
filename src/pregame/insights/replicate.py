"""Copying recorded events between stores, and replicating them for benchmarks.

The benchmark database is built from events recorded in real conversations, copied with new
seller ids and dates (never invented rows); the same copy loads the fixture into PostgreSQL.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import Column, Engine, Float, Index, Integer, MetaData, String, Table, Text, select

METADATA = MetaData()
EVENTS = Table(
    "events",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
    Index("ix_events_sender_id", "sender_id"),
)
"""Rasa 3.6's SQLTrackerStore ``events`` table."""


def create_events_table(engine: Engine) -> None:
    METADATA.create_all(engine, tables=[EVENTS])


def read_events(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        rows = connection.execute(select(EVENTS).order_by(EVENTS.c.id))
        return [dict(r._mapping) for r in rows]


def replicate(
    rows: list[dict[str, Any]], copies: int, spread_days: float = 84.0
) -> Iterator[dict[str, Any]]:
    """``copies`` copies of ``rows``, each with its own seller ids (``sender~k``) and shifted
    by a share of ``spread_days`` (so the copies cover weeks, not one afternoon)."""
    if not rows:
        return
    first = min(float(r["timestamp"] or 0.0) for r in rows)
    for k in range(copies):
        shift = -spread_days * 86400.0 * k / max(copies, 1)
        for row in rows:
            moment = float(row["timestamp"] or first) + shift
            data = json.loads(row["data"]) if row["data"] else {}
            if "timestamp" in data:
                data["timestamp"] = moment
            yield {
                "sender_id": f"{row['sender_id']}~{k}" if k else row["sender_id"],
                "type_name": row["type_name"],
                "timestamp": moment,
                "intent_name": row["intent_name"],
                "action_name": row["action_name"],
                "data": json.dumps(data),
            }


def write_events(engine: Engine, rows: Iterable[dict[str, Any]], batch: int = 5000) -> int:
    """Insert events (new ids); returns how many."""
    create_events_table(engine)
    count = 0
    chunk: list[dict[str, Any]] = []
    with engine.begin() as connection:
        for row in rows:
            chunk.append({k: v for k, v in row.items() if k != "id"})
            if len(chunk) >= batch:
                connection.execute(EVENTS.insert(), chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            connection.execute(EVENTS.insert(), chunk)
            count += len(chunk)
    return count
