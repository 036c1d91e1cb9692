from __future__ import annotations

from pathlib import Path

from pregame.dashboard.serve import events_url
from pregame.settings import Settings


def test_events_come_from_the_configured_database(tmp_path: Path) -> None:
    url = "postgresql://u@h/db"
    assert events_url(Settings(root=tmp_path, database_url=url)) == url


def test_else_from_the_sqlite_store_in_the_data_folder(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path, database_url="")
    assert events_url(settings) == f"sqlite:///{tmp_path / '.pregame' / 'pregame.db'}"
