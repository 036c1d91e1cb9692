"""The SQL store: URLs, migrations, and surviving a PostgreSQL restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from pregame.store.database import VERSION_TABLE, Database, DatabaseError, engine_url
from pregame.store.records import PlayRecord, Records
from tests.support.servers import PostgresServer


def test_postgresql_urls_use_psycopg_3() -> None:
    assert engine_url("postgresql://u@h:5/db").drivername == "postgresql+psycopg"
    assert engine_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert engine_url("sqlite:///x.db").drivername == "sqlite"


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url"])
def test_unsupported_urls_say_what_to_use(url: str) -> None:
    with pytest.raises(DatabaseError, match="PREGAME_DATABASE_URL"):
        engine_url(url)


def test_migrate_creates_the_tables_once(db: Database) -> None:
    db.migrate()  # a second start changes nothing
    tables = set(inspect(db.engine).get_table_names())
    assert {"pregame_feedback", "pregame_plays", VERSION_TABLE} <= tables


def test_sqlite_file_uses_write_ahead_logging(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'p.db'}")
    db.migrate()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_a_restarted_postgresql_is_reconnected(postgres: PostgresServer) -> None:
    db = Database(postgres.url)
    db.migrate()
    records = Records(db)
    records.play(PlayRecord("U1", "T1", "C1", "1.0", "pb", "discovery", None))
    postgres.restart_server()
    records.play(PlayRecord("U1", "T1", "C1", "2.0", "pb", "evaluation", None))
    assert [p.phase for p in records.recent_plays("U1", "T1")] == ["evaluation", "discovery"]
    db.dispose()
