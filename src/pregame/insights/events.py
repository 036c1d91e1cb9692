"""Reading Rasa's ``events`` table (and Pregame's feedback and reps tables) for the queries.

Rasa 3.6's SQL tracker store keeps one row per event: ``sender_id`` (one conversation: a Slack
thread, or a chat session), ``timestamp`` (epoch seconds), ``intent_name``, ``action_name``
(the slot name for slot events) and ``data`` (the whole event as JSON text). The JSON fields a
query needs are extracted in SQL, each event's JSON parsed once: PostgreSQL parses it into
``jsonb`` in a materialised CTE, SQLite's ``json_extract`` takes all the paths in one call.

Every read is kept while the tables are unchanged (checked at most once a second) and keyed by
the time range only: the playbook filter is applied by the queries, the team filter here, on
the rows already read.
"""

from __future__ import annotations

import json
import threading
import time as _time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import Engine, create_engine, inspect, text

from pregame.insights.people import REPS_TABLE, Rep, read_reps
from pregame.insights.records import BotEvent, Filters, SlotEvent, UserEvent, slack_sender
from pregame.store.database import engine_url

LIST_FIELDS = frozenset({"items", "content", "proof", "citations"})
"""Payload fields that list documents: read as the documents' sources alone (and the citations'
scores as ``scores``), never their titles and texts."""
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
FEEDBACK_TABLE = "pregame_feedback"
__all__ = ["BotEvent", "EventStore", "Filters", "SlotEvent", "UserEvent", "slack_sender"]


class _Sent(Protocol):
    @property
    def sender(self) -> str: ...


T = TypeVar("T", bound=_Sent)
R = TypeVar("R")


class EventStore:
    """The events of one SQL store (SQLite or PostgreSQL), read by the insight queries."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name
        self._cache: dict[tuple[Any, ...], Any] = {}
        self._version: tuple[Any, ...] = ()
        self._checked = -1e9
        self._lock = threading.RLock()
        self._tables: set[str] = set()

    @classmethod
    def from_url(cls, url: str) -> EventStore:
        return cls(create_engine(engine_url(url)))

    def dispose(self) -> None:
        self.engine.dispose()

    def _rows(self, sql: str, table: str = "events", **params: Any) -> list[Any]:
        """The rows of ``sql`` over ``table``; none while the table does not exist (Rasa has not
        written anything yet, no feedback was given in Slack)."""
        if table not in self._tables:
            return []
        with self.engine.connect() as connection:
            return list(connection.execute(text(sql), params))

    # -- the memo ---------------------------------------------------------------------------

    def version(self) -> tuple[Any, ...]:
        """Changes whenever events, Slack feedback or reps change: the memo's key."""
        tables = self._tables = set(inspect(self.engine).get_table_names())
        found: list[Any] = [sorted(tables)]
        with self.engine.connect() as connection:
            for table in ("events", FEEDBACK_TABLE):
                if table in tables:
                    found += connection.execute(
                        text(f"SELECT MAX(id), COUNT(*) FROM {table}")
                    ).one()
        if REPS_TABLE in tables:
            found.append(hash(tuple(read_reps(self.engine))))
        return tuple(found)

    def _memo(self, key: tuple[Any, ...], compute: Callable[[], R]) -> R:
        """Reads are kept while the tables are unchanged (checked at most once a second), so
        the queries of one page, and pages after it, share them. One read at a time."""
        with self._lock:
            self._check()
            if key not in self._cache:
                if len(self._cache) > 256:
                    self._cache.clear()
                self._cache[key] = compute()
            return self._cache[key]  # type: ignore[no-any-return]

    def _check(self) -> None:
        """Forget every read when the tables changed (looked at most once a second)."""
        now = _time.monotonic()
        if now - self._checked > 1.0:
            version = self.version()
            if version != self._version:
                self._cache.clear()
                self._version = version
            self._checked = now

    def preload(self, filters: Filters) -> None:
        """Read a range's bot and user messages together, over two connections: the database
        extracts one while Python unpacks the other (the first page after a change needs
        both)."""
        span = filters.span()
        bots, users = ("bot", PAYLOAD_FIELDS, span), ("user", span)
        with self._lock:
            self._check()
            if bots in self._cache or users in self._cache:
                return
            with ThreadPoolExecutor(max_workers=1) as pool:
                pending = pool.submit(self._user, span)
                self._cache[bots] = self._bot(span, PAYLOAD_FIELDS)
                self._cache[users] = pending.result()

    def memo(self, key: tuple[Any, ...], compute: Callable[[], R]) -> R:
        """``compute()`` kept like the store's own reads (for answers derived from them)."""
        return self._memo(key, compute)

    def _scoped(
        self, name: tuple[Any, ...], filters: Filters, read: Callable[[Filters], list[T]]
    ) -> list[T]:
        """``read`` over the time range, kept; then only the team's conversations."""
        span = filters.span()
        every = self._memo((*name, span), lambda: read(span))
        team = filters.team
        if team is None:
            return every

        def kept() -> list[T]:
            senders = self.team_senders(team)
            return [e for e in every if e.sender in senders]

        return self._memo((*name, span, team), kept)

    # -- people -----------------------------------------------------------------------------

    def reps(self) -> list[Rep]:
        """The reps and their teams (none when the store has no ``pregame_reps`` table)."""
        return self._memo(("reps",), lambda: read_reps(self.engine))

    def sellers(self) -> dict[str, str]:
        """Who each conversation is with: sender id to seller (all time)."""

        def compute() -> dict[str, str]:
            found: dict[str, str] = {}
            for event in self.user(Filters()):
                found.setdefault(event.sender, event.seller)
            return found

        return self._memo(("sellers",), compute)

    def team_senders(self, team: str) -> frozenset[str]:
        """The conversations of a team's reps (and the reps' own ids, for Slack's records)."""

        def compute() -> frozenset[str]:
            members = {r.user_id for r in self.reps() if r.team == team}
            talks = {s for s, seller in self.sellers().items() if seller in members}
            return frozenset(talks | members)

        return self._memo(("team", team), compute)

    def first_seen(self) -> dict[str, float]:
        """When each seller first wrote to the bot (all time: new vs returning)."""

        def compute() -> dict[str, float]:
            first: dict[str, float] = {}
            for event in self.user(Filters()):
                first.setdefault(event.seller, event.at)
            return first

        return self._memo(("first",), compute)

    # -- events -----------------------------------------------------------------------------

    def bot(
        self, filters: Filters, types: Iterable[str], fields: Sequence[str] = PAYLOAD_FIELDS
    ) -> list[BotEvent]:
        """Bot messages of the given reply types, in time order, with the named fields of their
        payloads (only those are read: a step's text stays in the database). All typed bot
        messages of a range are read once; each set of types is picked from them."""
        wanted = frozenset(types)
        named = tuple(fields)
        every = self._scoped(("bot", named), filters, lambda span: self._bot(span, named))
        return self._memo(
            ("bot-types", filters.span(), filters.team, wanted, named),
            lambda: [b for b in every if b.type in wanted],
        )

    def _bot(self, filters: Filters, fields: Sequence[str]) -> list[BotEvent]:
        start, end = filters.bounds()
        where = "type_name = 'bot' AND timestamp >= :start AND timestamp <= :end"
        names = ("type", *fields)
        if self.dialect == "postgresql":
            # The payload's fields as one JSON object, nulls and empty lists left out, document
            # lists as their sources: one small parse per message in Python.
            def pick(name: str) -> str:
                if name in LIST_FIELDS:
                    found = f"jsonb_path_query_array(c, '$.{name}[*].source')"
                    return f"'{name}', NULLIF({found}, '[]')"
                return f"'{name}', c -> '{name}'"

            pairs = ", ".join(pick(f) for f in names)
            if "citations" in fields:
                scores = "jsonb_path_query_array(c, '$.citations[*].score')"
                pairs += f", 'scores', NULLIF({scores}, '[]')"
            sql = (
                "WITH b AS MATERIALIZED (SELECT id, sender_id, timestamp, "
                f"CAST(data AS JSONB) #> '{{data,custom}}' AS c FROM events WHERE {where}) "
                "SELECT sender_id, timestamp, "
                f"CAST(jsonb_strip_nulls(jsonb_build_object({pairs})) AS TEXT) FROM b "
                "WHERE c ->> 'type' IS NOT NULL ORDER BY timestamp, id"
            )
            rows = self._rows(sql, start=start, end=end)
            return [
                BotEvent(sender, float(at), json.loads(payload)) for sender, at, payload in rows
            ]
        paths = ", ".join(f"'$.data.custom.{f}'" for f in names)
        sql = (
            f"SELECT sender_id, timestamp, json_extract(data, {paths}) FROM events "
            f"WHERE {where} AND json_extract(data, '$.data.custom.type') IS NOT NULL "
            "ORDER BY timestamp, id"
        )
        out = []
        for sender, at, extracted in self._rows(sql, start=start, end=end):
            values = json.loads(extracted)  # all the paths as one JSON array: one parse
            payload = {n: v for n, v in zip(names, values, strict=True) if v is not None}
            for name in LIST_FIELDS.intersection(payload):
                _as_sources(payload, name)
            out.append(BotEvent(sender, float(at), payload))
        return out

    def user(self, filters: Filters) -> list[UserEvent]:
        """The sellers' messages, in time order."""
        return self._scoped(("user",), filters, self._user)

    def _user(self, filters: Filters) -> list[UserEvent]:
        start, end = filters.bounds()
        where = "type_name = 'user' AND timestamp >= :start AND timestamp <= :end"
        if self.dialect == "postgresql":
            sql = (
                "WITH u AS MATERIALIZED (SELECT id, sender_id, timestamp, intent_name, "
                f"CAST(data AS JSONB) AS d FROM events WHERE {where}) "
                "SELECT sender_id, timestamp, intent_name, d ->> 'text', "
                "d #>> '{metadata,slack,user}' FROM u ORDER BY timestamp, id"
            )
            rows = [tuple(r) for r in self._rows(sql, start=start, end=end)]
        else:
            sql = (
                "SELECT sender_id, timestamp, intent_name, "
                "json_extract(data, '$.text', '$.metadata.slack.user') FROM events "
                f"WHERE {where} ORDER BY timestamp, id"
            )
            rows = [(*r[:3], *json.loads(r[3])) for r in self._rows(sql, start=start, end=end)]
        return [
            UserEvent(sender, float(at), intent or "", said or "", str(slack_user or sender))
            for sender, at, intent, said, slack_user in rows
        ]

    def slots(
        self, filters: Filters, names: Iterable[str], *, from_start: bool = False
    ) -> list[SlotEvent]:
        """Slot events of the given slots, in time order (``from_start``: ignore ``since``, so
        a slot set before the range is known)."""
        wanted = tuple(names)
        scope = Filters(None, filters.until, team=filters.team) if from_start else filters
        return self._scoped(("slots", wanted), scope, lambda span: self._slots(span, wanted))

    def _slots(self, filters: Filters, names: Sequence[str]) -> list[SlotEvent]:
        start, end = filters.bounds()
        params = {f"s{i}": v for i, v in enumerate(names)}
        in_names = "(" + ",".join(f":{k}" for k in params) + ")"
        value = (
            "(CAST(data AS JSON) ->> 'value')"
            if self.dialect == "postgresql"
            else "json_extract(data, '$.value')"
        )
        rows = self._rows(
            f"SELECT sender_id, timestamp, action_name, {value} FROM events "
            f"WHERE type_name = 'slot' AND action_name IN {in_names} "
            "AND timestamp >= :start AND timestamp <= :end ORDER BY timestamp, id",
            start=start,
            end=end,
            **params,
        )
        return [SlotEvent(r[0], float(r[1]), r[2], _slot_value(r[3])) for r in rows]

    def slack_feedback(self, filters: Filters) -> list[dict[str, Any]]:
        """Pregame's own feedback records (👍/👎 buttons in Slack), if the table exists; each
        with the conversation (Rasa sender id) it was given in."""
        every = self._memo(("slack-feedback", filters.span()), lambda: self._feedback(filters))
        if filters.team is None:
            return every
        members = {r.user_id for r in self.reps() if r.team == filters.team}
        return [row for row in every if row["sender"] in members]

    def _feedback(self, filters: Filters) -> list[dict[str, Any]]:
        start, end = filters.bounds()
        rows = self._rows(
            'SELECT "user", team, channel, thread_ts, at, helpful, reason, about '
            f"FROM {FEEDBACK_TABLE} WHERE at >= :start AND at <= :end ORDER BY at, id",
            table=FEEDBACK_TABLE,
            start=datetime.fromtimestamp(start, UTC).replace(tzinfo=None),
            end=datetime.fromtimestamp(min(end, 32503680000), UTC).replace(tzinfo=None),
        )
        out = []
        for user, team, channel, thread_ts, at, helpful, reason, about in rows:
            moment = at if isinstance(at, datetime) else datetime.fromisoformat(str(at))
            moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
            parsed = json.loads(about) if isinstance(about, str) else dict(about or {})
            out.append(
                {
                    "sender": user,
                    "conversation": slack_sender(team, channel, thread_ts),
                    "at": moment.timestamp(),
                    "helpful": bool(helpful),
                    "reason": reason,
                    "about": parsed,
                }
            )
        return out


def _as_sources(payload: dict[str, Any], name: str) -> None:
    """A document list as the PostgreSQL query reads it: the sources (and citations' scores)."""
    listed = payload[name] if isinstance(payload[name], list) else [payload[name]]
    items = [d for d in listed if isinstance(d, dict)]
    sources = [d["source"] for d in items if d.get("source") is not None]
    if sources:
        payload[name] = sources
    else:
        del payload[name]
    if name == "citations":
        scores = [d["score"] for d in items if d.get("score") is not None]
        if scores:
            payload["scores"] = scores


def _slot_value(raw: Any) -> Any:
    if raw is None or not isinstance(raw, str):
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw
