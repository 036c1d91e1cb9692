"""Connecting to the SQL store and bringing its schema up to date."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

VERSION_TABLE = "pregame_alembic_version"


class DatabaseError(RuntimeError):
    """The store cannot be reached or its URL is not one Pregame supports."""


def engine_url(url: str) -> URL:
    """The SQLAlchemy URL for a ``PREGAME_DATABASE_URL``: ``postgresql://`` uses psycopg 3."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # its message quotes the URL, password and all: never shown
        raise DatabaseError(
            "PREGAME_DATABASE_URL is not a database URL (expected sqlite:///path or "
            "postgresql://user:password@host:5432/db)"
        ) from exc
    if parsed.drivername in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername.startswith(("postgresql", "sqlite")):
        return parsed
    raise DatabaseError(
        f"PREGAME_DATABASE_URL uses {parsed.drivername!r}; use sqlite:///path or postgresql://..."
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets Rasa's tracker store and Pregame write the same file without blocking readers."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Database:
    """An engine and a session factory for one database URL; nothing connects until used."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = engine_url(url)
        self.engine: Engine = create_engine(
            self.url,
            echo=echo,
            pool_pre_ping=True,  # a restarted PostgreSQL: reconnect instead of failing a turn
        )
        if self.url.get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on an error."""
        with self._sessions.begin() as session:
            yield session

    def migrate(self) -> None:
        """Bring the schema to the newest migration (idempotent; safe at every start)."""
        from alembic import command
        from alembic.config import Config

        if self.url.get_backend_name() == "sqlite" and self.url.database:
            Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)
        config = Config()
        config.set_main_option(
            "script_location", str(resources.files("pregame.store") / "migrations")
        )
        config.attributes["connection_url"] = self.url
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        self.engine.dispose()
