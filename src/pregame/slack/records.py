"""What the Slack app records (sellers' feedback and the plays they start), in the one SQL store.

The store's calls block (SQLAlchemy), so each runs in a worker thread: a slow database never
holds up another seller's turn on the event loop. At start the schema is migrated and the JSON
lines files the app kept before the SQL store (``<data dir>/slack/*.jsonl``) are imported once.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from pregame.settings import Settings
from pregame.store.database import Database
from pregame.store.jsonl_import import import_jsonl
from pregame.store.records import Feedback, PlayRecord, Records

log = logging.getLogger(__name__)

__all__ = ["Feedback", "PlayRecord", "SlackRecords", "open_records"]


class SlackRecords:
    """The store's :class:`Records`, awaited from the event loop."""

    def __init__(self, db: Database, legacy_folder: Path | None = None) -> None:
        self.db = db
        self.store = Records(db)
        self.legacy_folder = legacy_folder

    async def start(self) -> None:
        """Migrate the schema and import the old JSON lines files (once)."""
        await asyncio.to_thread(self._prepare)

    def _prepare(self) -> None:
        if self.db.url.get_backend_name() == "sqlite" and self.db.url.database:
            Path(self.db.url.database).parent.mkdir(parents=True, exist_ok=True)
        self.db.migrate()
        if self.legacy_folder is not None and self.legacy_folder.is_dir():
            done = import_jsonl(self.legacy_folder, self.store)
            if done.feedback or done.plays or done.skipped:
                log.info(
                    "imported %d feedback and %d play records from %s (%d lines skipped)",
                    done.feedback,
                    done.plays,
                    self.legacy_folder,
                    done.skipped,
                )

    async def feedback(self, record: Feedback) -> None:
        await asyncio.to_thread(self.store.feedback, record)

    async def play(self, record: PlayRecord) -> None:
        await asyncio.to_thread(self.store.play, record)

    async def recent_plays(self, user: str, team: str, limit: int = 5) -> list[PlayRecord]:
        return await asyncio.to_thread(self.store.recent_plays, user, team, limit)

    def close(self) -> None:
        self.db.dispose()


def open_records(settings: Settings) -> SlackRecords:
    """The Slack app's records in ``settings.database`` (nothing connects until :meth:`start`)."""
    return SlackRecords(Database(settings.database), settings.path(settings.data_dir) / "slack")
