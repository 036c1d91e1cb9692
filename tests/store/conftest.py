from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pregame.store.database import Database
from tests.support.servers import PostgresServer


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the session; each test gets a database of its own."""
    server = PostgresServer().start()
    yield server
    server.stop()


def _new_postgres_db(server: PostgresServer) -> str:
    import psycopg

    name = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """The same tests on a SQLite file and on a real PostgreSQL server, schema migrated."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'pregame.db'}"
    else:
        url = _new_postgres_db(request.getfixturevalue("postgres"))
    database = Database(url)
    database.migrate()
    yield database
    database.dispose()
