"""The fixture store (events recorded through the real stack) on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine

from pregame.insights.catalog import Catalog, load_catalog
from pregame.insights.events import EventStore
from pregame.insights.replicate import read_events, write_events
from pregame.insights.service import Insights
from pregame.store.database import engine_url
from tests.support.fakes import HashingEmbedder
from tests.support.paths import FIXTURES, ROOT
from tests.support.servers import PostgresServer

EVENTS_DB = FIXTURES / "insights" / "events.db"
TODAY = date(2026, 12, 2)
"""The day the fixture conversations were recorded."""


def fixture_events() -> list[dict[str, Any]]:
    return read_events(create_engine(f"sqlite:///{EVENTS_DB}"))


def add_events(url: str, rows: list[dict[str, Any]]) -> None:
    engine = create_engine(engine_url(url))
    write_events(engine, rows)
    engine.dispose()


def as_slack_thread(
    rows: list[dict[str, Any]], seller: str, sender: str, user: str
) -> list[dict[str, Any]]:
    """One fixture seller's recorded events as a Slack thread: the sender id the Slack app uses,
    and the Slack user in each message's metadata (as Rasa records it from the REST channel)."""
    out = []
    for row in rows:
        if row["sender_id"] != seller:
            continue
        data = json.loads(row["data"])
        if row["type_name"] == "user":
            data.setdefault("metadata", {})["slack"] = {"team": "T1", "user": user}
        out.append({**row, "sender_id": sender, "data": json.dumps(data)})
    return out


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """The fixture events in the server's database (shared: tests only read it)."""
    add_events(postgres_server.url, fixture_events())
    return postgres_server.url


@pytest.fixture
def new_postgres_url(postgres_server: PostgresServer) -> Callable[[], str]:
    """A new database on the session's server with the fixture events, to add to."""
    import psycopg

    def make() -> str:
        name = f"i_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(postgres_server.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        url = postgres_server.url.rsplit("/", 1)[0] + f"/{name}"
        add_events(url, fixture_events())
        return url

    return make


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    copy = tmp_path / "events.db"
    shutil.copy(EVENTS_DB, copy)
    return f"sqlite:///{copy}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest) -> Iterator[EventStore]:
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    events = EventStore.from_url(request.getfixturevalue(name))
    yield events
    events.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def writable_url(request: pytest.FixtureRequest) -> str:
    """A private copy of the fixture store, on each dialect, that a test may add to."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("new_postgres_url")())


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(ROOT / "playbooks", ROOT / "knowledge")


@pytest.fixture
def insights(store: EventStore, catalog: Catalog) -> Insights:
    return Insights(store, catalog, HashingEmbedder(), today=lambda: TODAY)
