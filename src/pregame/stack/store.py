"""The SQL store at start: schema migrated, the old SQLite tracker adopted, old records imported."""

from __future__ import annotations

import logging
from pathlib import Path

from pregame.settings import Settings
from pregame.store.database import Database
from pregame.store.jsonl_import import import_jsonl
from pregame.store.records import Records

log = logging.getLogger(__name__)


def adopt_old_tracker(settings: Settings) -> bool:
    """Before the one SQL store, Rasa's conversations were in ``<data>/run/tracker.db``.

    With the default SQLite store and no store file yet, that file becomes the store, so no
    conversation is lost on upgrade.
    """
    if settings.database_url:
        return False
    data = settings.path(settings.data_dir)
    old, new = settings.run_dir / "tracker.db", data / "pregame.db"
    if not old.is_file() or new.exists():
        return False
    for suffix in ("", "-wal", "-shm"):
        part = Path(str(old) + suffix)
        if part.exists():
            part.rename(Path(str(new) + suffix))
    log.info("moved the conversations in %s into the store %s", old, new)
    return True


def prepare_store(settings: Settings) -> Database:
    """Migrate the schema (idempotent) and import the Slack app's old JSON lines files once."""
    settings.path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    adopt_old_tracker(settings)
    db = Database(settings.database)
    db.migrate()
    import_jsonl(settings.path(settings.data_dir) / "slack", Records(db))
    return db
