"""Reading Rasa's ``events`` table (and Pregame's feedback table) for the insight queries.

Rasa 3.6's SQL tracker store keeps one row per event: ``sender_id``, ``type_name``,
``timestamp`` (epoch seconds), ``intent_name``, ``action_name`` (the slot name for slot events)
and ``data`` (the whole event as JSON text). The JSON fields a query needs are extracted in SQL,
with each dialect's own JSON functions (SQLite's ``json_extract``, PostgreSQL's ``#>>``), so a
query reads small tuples instead of parsing every event in Python.
"""

from __future__ import annotations

import bisect
import json
import time as _time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Engine, create_engine, inspect, text

from pregame.store.database import engine_url

LIST_FIELDS = frozenset({"items", "content", "proof", "citations"})
"""Payload fields that hold lists (of documents)."""
PAYLOAD_FIELDS = (
    "playbook",
    "phase",
    "persona",
    "step",
    "index",
    "count",
    "title",
    "objection",
    "query",
    *sorted(LIST_FIELDS),
)
"""The payload fields the queries use (never the long texts)."""


@dataclass(frozen=True)
class Filters:
    """What a manager looks at: a time range (dates, UTC, ``until`` included) and a playbook."""

    since: date | None = None
    until: date | None = None
    playbook: str | None = None

    def bounds(self) -> tuple[float, float]:
        start = datetime.combine(self.since, time.min, UTC).timestamp() if self.since else 0.0
        end = datetime.combine(self.until, time.max, UTC).timestamp() if self.until else 1e12
        return start, end

    def keeps(self, playbook: str | None) -> bool:
        return self.playbook is None or playbook == self.playbook


@dataclass(frozen=True)
class BotEvent:
    sender: str
    at: float
    payload: dict[str, Any]

    @property
    def type(self) -> str:
        return str(self.payload.get("type", "text"))


@dataclass(frozen=True)
class UserEvent:
    sender: str
    at: float
    intent: str
    text: str


@dataclass(frozen=True)
class SlotEvent:
    sender: str
    at: float
    name: str
    value: Any


def _json_text(dialect: str, path: Sequence[str]) -> str:
    """SQL for the JSON value at ``path`` in the ``data`` column, as text (objects as JSON)."""
    if dialect == "postgresql":
        return "(CAST(data AS JSON) #>> '{" + ",".join(path) + "}')"
    return "json_extract(data, '$." + ".".join(path) + "')"


class EventStore:
    """The events of one SQL store (SQLite or PostgreSQL), read by the insight queries."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._cache: dict[tuple[Any, ...], Any] = {}
        self._version: tuple[Any, ...] = ()
        self._checked = -1e9

    @classmethod
    def from_url(cls, url: str) -> EventStore:
        return cls(create_engine(engine_url(url)))

    def dispose(self) -> None:
        self.engine.dispose()

    def _tables(self) -> set[str]:
        return set(inspect(self.engine).get_table_names())

    def _rows(self, sql: str, **params: Any) -> list[Any]:
        with self.engine.connect() as connection:
            return list(connection.execute(text(sql), params))

    def _in(self, names: Iterable[str], prefix: str) -> tuple[str, dict[str, str]]:
        values = list(names)
        params = {f"{prefix}{i}": v for i, v in enumerate(values)}
        return "(" + ",".join(f":{k}" for k in params) + ")", params

    def bot(
        self, filters: Filters, types: Iterable[str], fields: Sequence[str] = PAYLOAD_FIELDS
    ) -> list[BotEvent]:
        """Bot messages of the given reply types, in time order, with the named fields of their
        payloads (only those are read: a step's text stays in the database)."""
        key = ("bot", filters, tuple(types), tuple(fields))
        return self._memo(key, lambda: self._bot(filters, key[2], key[3]))  # type: ignore[no-any-return]

    def _bot(self, filters: Filters, types: Sequence[str], fields: Sequence[str]) -> list[BotEvent]:
        start, end = filters.bounds()
        names, params = self._in(types, "t")
        if self.dialect == "postgresql":
            # Parse each event's JSON once (not once per field): a materialised CTE.
            columns = ", ".join(f"c #>> '{{{f}}}'" for f in ("type", *fields))
            sql = (
                "WITH b AS MATERIALIZED (SELECT id, sender_id, timestamp, "
                "CAST(data AS JSON) #> '{data,custom}' AS c FROM events "
                "WHERE type_name = 'bot' AND timestamp >= :start AND timestamp <= :end) "
                f"SELECT sender_id, timestamp, {columns} FROM b "
                f"WHERE c #>> '{{type}}' IN {names} ORDER BY timestamp, id"
            )
        else:
            kind = _json_text(self.dialect, ["data", "custom", "type"])
            columns = ", ".join(_json_text(self.dialect, ["data", "custom", f]) for f in fields)
            sql = (
                f"SELECT sender_id, timestamp, {kind}, {columns} FROM events "
                f"WHERE type_name = 'bot' AND timestamp >= :start AND timestamp <= :end "
                f"AND {kind} IN {names} ORDER BY timestamp, id"
            )
        rows = self._rows(sql, start=start, end=end, **params)
        out = []
        for row in rows:
            payload: dict[str, Any] = {"type": row[2]}
            for name, value in zip(fields, row[3:], strict=True):
                if value is not None:
                    payload[name] = _field(name, value)
            out.append(BotEvent(row[0], float(row[1]), payload))
        return out

    def version(self) -> tuple[Any, ...]:
        """Changes whenever events are added (or removed): the memo's key."""
        rows = self._rows("SELECT MAX(id), COUNT(*) FROM events")
        return tuple(rows[0])

    def _memo(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        """Reads are kept while the table is unchanged (checked at most once a second), so the
        queries of one page, and pages after it, share them."""
        now = _time.monotonic()
        if now - self._checked > 1.0:
            version = self.version()
            if version != self._version:
                self._cache.clear()
                self._version = version
            self._checked = now
        if key not in self._cache:
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[key] = compute()
        return self._cache[key]

    def user(self, filters: Filters) -> list[UserEvent]:
        """The sellers' messages, in time order."""
        return self._memo(("user", filters), lambda: self._user(filters))  # type: ignore[no-any-return]

    def _user(self, filters: Filters) -> list[UserEvent]:
        start, end = filters.bounds()
        said = _json_text(self.dialect, ["text"])
        rows = self._rows(
            f"SELECT sender_id, timestamp, intent_name, {said} FROM events "
            "WHERE type_name = 'user' AND timestamp >= :start AND timestamp <= :end "
            "ORDER BY timestamp, id",
            start=start,
            end=end,
        )
        return [UserEvent(r[0], float(r[1]), r[2] or "", r[3] or "") for r in rows]

    def slots(
        self, filters: Filters, names: Iterable[str], *, from_start: bool = False
    ) -> list[SlotEvent]:
        """Slot events of the given slots, in time order (``from_start``: ignore ``since``, so
        a slot set before the range is known)."""
        key = ("slots", filters, tuple(names), from_start)
        return self._memo(key, lambda: self._slots(filters, key[2], from_start))  # type: ignore[no-any-return]

    def _slots(self, filters: Filters, names: Sequence[str], from_start: bool) -> list[SlotEvent]:
        start, end = filters.bounds()
        value = _json_text(self.dialect, ["value"])
        in_names, params = self._in(names, "s")
        rows = self._rows(
            f"SELECT sender_id, timestamp, action_name, {value} FROM events "
            f"WHERE type_name = 'slot' AND action_name IN {in_names} "
            "AND timestamp >= :start AND timestamp <= :end ORDER BY timestamp, id",
            start=0.0 if from_start else start,
            end=end,
            **params,
        )
        return [SlotEvent(r[0], float(r[1]), r[2], _slot_value(r[3])) for r in rows]

    def first_seen(self) -> dict[str, float]:
        """When each seller first wrote to the bot (all time: new vs returning)."""
        return self._memo(("first",), self._first_seen)  # type: ignore[no-any-return]

    def _first_seen(self) -> dict[str, float]:
        rows = self._rows(
            "SELECT sender_id, MIN(timestamp) FROM events WHERE type_name = 'user' "
            "GROUP BY sender_id"
        )
        return {r[0]: float(r[1]) for r in rows}

    def slack_feedback(self, filters: Filters) -> list[dict[str, Any]]:
        """Pregame's own feedback records (👍/👎 buttons in Slack), if the table exists."""
        if "pregame_feedback" not in self._tables():
            return []
        start, end = filters.bounds()
        rows = self._rows(
            'SELECT "user", at, helpful, reason, about FROM pregame_feedback '
            "WHERE at >= :start AND at <= :end ORDER BY at, id",
            start=datetime.fromtimestamp(start, UTC).replace(tzinfo=None),
            end=datetime.fromtimestamp(min(end, 32503680000), UTC).replace(tzinfo=None),
        )
        out = []
        for user, at, helpful, reason, about in rows:
            moment = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            parsed = json.loads(about) if isinstance(about, str) else dict(about or {})
            out.append(
                {
                    "sender": user,
                    "at": moment.timestamp(),
                    "helpful": bool(helpful),
                    "reason": reason,
                    "about": parsed,
                }
            )
        return out


def _field(name: str, value: Any) -> Any:
    if name in LIST_FIELDS and isinstance(value, str):
        return json.loads(value)
    return value


def _slot_value(raw: str | None) -> Any:
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


class Timeline:
    """Per seller, the values a slot took over time: what was it at a given moment?"""

    def __init__(self, events: Iterable[SlotEvent]) -> None:
        self._times: dict[str, list[float]] = defaultdict(list)
        self._values: dict[str, list[Any]] = defaultdict(list)
        for event in events:
            self._times[event.sender].append(event.at)
            self._values[event.sender].append(event.value)

    def at(self, sender: str, moment: float) -> Any:
        times = self._times.get(sender)
        if not times:
            return None
        index = bisect.bisect_right(times, moment) - 1
        return self._values[sender][index] if index >= 0 else None


class Said:
    """Per seller, what they last typed before a moment (button payloads like ``/intent{...}``
    skipped: they are clicks, not wordings)."""

    def __init__(self, events: Iterable[UserEvent]) -> None:
        self._times: dict[str, list[float]] = defaultdict(list)
        self._events: dict[str, list[UserEvent]] = defaultdict(list)
        for event in events:
            self._times[event.sender].append(event.at)
            self._events[event.sender].append(event)

    def before(self, sender: str, moment: float) -> UserEvent | None:
        times = self._times.get(sender, [])
        index = bisect.bisect_right(times, moment) - 1
        while index >= 0:
            event = self._events[sender][index]
            if event.text and not event.text.startswith("/"):
                return event
            index -= 1
        return None

    def next_after(self, sender: str, moment: float) -> UserEvent | None:
        times = self._times.get(sender, [])
        index = bisect.bisect_right(times, moment)
        return self._events[sender][index] if index < len(times) else None


def playbook_of(event: BotEvent, playbooks: Timeline) -> str | None:
    """The playbook a bot message is about: its own field, else the seller's current play."""
    own = event.payload.get("playbook")
    return str(own) if own else playbooks.at(event.sender, event.at)
