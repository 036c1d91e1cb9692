"""Rasa's tracker store and lock store, configured from Pregame's database and Redis URLs.

Secrets never go into the endpoints file: it names environment variables (Rasa substitutes
``${VAR}`` in endpoints.yml), and only the Rasa server's process gets them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import make_url

from pregame.store.database import DatabaseError

DB_PASSWORD_VAR = "PREGAME_RASA_DB_PASSWORD"
REDIS_PASSWORD_VAR = "PREGAME_RASA_REDIS_PASSWORD"
LOCK_PREFIX = "pregame"


def tracker_store(database_url: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The ``tracker_store`` endpoint and the secret variables the Rasa process needs."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database:
            raise DatabaseError("a SQLite PREGAME_DATABASE_URL needs a file: sqlite:///path.db")
        return {"type": "SQL", "dialect": "sqlite", "db": url.database}, {}
    if backend != "postgresql":
        raise DatabaseError(f"Rasa's tracker store cannot use {backend!r}; use postgresql")
    config: dict[str, Any] = {
        "type": "SQL",
        "dialect": "postgresql",
        "url": url.host or "127.0.0.1",
        "port": url.port or 5432,
        "db": url.database or "postgres",
    }
    if url.username:
        config["username"] = url.username
    if url.query:
        config["query"] = {k: str(v) for k, v in url.query.items()}
    secrets: dict[str, str] = {}
    if url.password:
        config["password"] = "${" + DB_PASSWORD_VAR + "}"
        secrets[DB_PASSWORD_VAR] = str(url.password)
    return config, secrets


def lock_store(redis_url: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The Redis ``lock_store`` endpoint: every Rasa replica serialises a conversation's turns."""
    url = make_url(redis_url.replace("rediss://", "redis://", 1))
    if not redis_url.startswith(("redis://", "rediss://")):
        raise DatabaseError("PREGAME_REDIS_URL must start with redis:// or rediss://")
    config: dict[str, Any] = {
        "type": "redis",
        "url": url.host or "127.0.0.1",
        "port": url.port or 6379,
        "db": int(url.database or 0),
        "key_prefix": LOCK_PREFIX,
        "use_ssl": redis_url.startswith("rediss://"),
    }
    if url.username:
        config["username"] = url.username
    secrets: dict[str, str] = {}
    if url.password:
        config["password"] = "${" + REDIS_PASSWORD_VAR + "}"
        secrets[REDIS_PASSWORD_VAR] = str(url.password)
    return config, secrets
