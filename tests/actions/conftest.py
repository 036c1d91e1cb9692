"""The tutor the learning-path actions are given (the coach's come from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pregame.onboarding import Tutor
from pregame.store.database import Database
from tests.support.tutor import build_tutor


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 'pregame.db'}")
    db.migrate()
    yield db
    db.dispose()


@pytest.fixture
def tutor(db: Database) -> Tutor:
    return build_tutor(db)
