"""Rasa's tracker and lock stores from Pregame's URLs, with no secret in the endpoints file."""

from __future__ import annotations

import pytest

from pregame.store.database import DatabaseError
from pregame.store.rasa_config import (
    DB_PASSWORD_VAR,
    REDIS_PASSWORD_VAR,
    lock_store,
    tracker_store,
)


def test_sqlite_tracker_store_is_the_same_file() -> None:
    config, secrets = tracker_store("sqlite:////data/.pregame/pregame.db")
    assert config == {"type": "SQL", "dialect": "sqlite", "db": "/data/.pregame/pregame.db"}
    assert secrets == {}


def test_postgresql_password_goes_to_the_environment_only() -> None:
    config, secrets = tracker_store("postgresql://rasa:s3cret@db.internal:6543/pregame")
    assert config == {
        "type": "SQL",
        "dialect": "postgresql",
        "url": "db.internal",
        "port": 6543,
        "db": "pregame",
        "username": "rasa",
        "password": "${" + DB_PASSWORD_VAR + "}",
    }
    assert secrets == {DB_PASSWORD_VAR: "s3cret"}
    assert "s3cret" not in repr(config)


def test_redis_lock_store() -> None:
    config, secrets = lock_store("redis://:pw@cache:6380/2")
    assert config["url"] == "cache" and config["port"] == 6380 and config["db"] == 2
    assert config["password"] == "${" + REDIS_PASSWORD_VAR + "}"
    assert secrets == {REDIS_PASSWORD_VAR: "pw"}
    assert lock_store("rediss://cache")[0]["use_ssl"] is True


def test_wrong_schemes_are_refused() -> None:
    with pytest.raises(DatabaseError):
        lock_store("http://cache:6379")
    with pytest.raises(DatabaseError):
        tracker_store("mysql://u@h/db")
