"""The fixture store (events recorded through the real stack) on SQLite and on PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

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


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    server = PostgresServer().start()
    try:
        url = server.url
        engine = create_engine(engine_url(url))
        write_events(engine, read_events(create_engine(f"sqlite:///{EVENTS_DB}")))
        engine.dispose()
        yield url
    finally:
        server.stop()


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


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(ROOT / "playbooks", ROOT / "knowledge")


@pytest.fixture
def insights(store: EventStore, catalog: Catalog) -> Insights:
    return Insights(store, catalog, HashingEmbedder(), today=lambda: TODAY)
