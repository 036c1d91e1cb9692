from __future__ import annotations

from pathlib import Path

from pregame.dashboard.serve import events_url
from pregame.settings import Settings


def test_events_come_from_the_configured_database(tmp_path: Path) -> None:
    url = "postgresql://u@h/db"
    assert events_url(Settings(root=tmp_path, database_url=url)) == url


def test_else_from_the_local_tracker_file(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path, database_url="")
    assert events_url(settings) == settings.database
    settings.run_dir.mkdir(parents=True)
    (settings.run_dir / "tracker.db").touch()
    assert events_url(settings) == f"sqlite:///{settings.run_dir / 'tracker.db'}"
