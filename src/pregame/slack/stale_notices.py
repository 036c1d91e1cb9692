"""Which broken playbook versions owners were told about, in the one SQL store.

Every Slack app replica checks the playbooks; the store decides which one sends a DM. A broken
version (file and content) is claimed by inserting its row (the primary key refuses a second
claim), or by reopening its row if the same content was fixed and broken again; a fix is
claimed by closing the file's open rows (the update that closes them counts them: only one
replica sees a count). Rows stay after they close, so a restart never repeats a DM.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from pregame.slack.stale_alerts import StaleAlert
from pregame.store.database import Database
from pregame.store.models import PlaybookAlertRow as Row


@dataclass(frozen=True)
class Settled:
    """A file whose broken version this process closed: fixed (now served) or gone."""

    file: str
    slack_id: str | None
    """Who was told it was broken (None: nobody)."""
    fixed: bool


def _now() -> datetime:
    return datetime.now(UTC)


class StaleNotices:
    def __init__(self, db: Database, clock: Callable[[], datetime] = _now) -> None:
        self.db = db
        self.clock = clock

    def claim_broken(self, alert: StaleAlert) -> bool:
        """True if this process is the first to tell of this broken version (blocking)."""
        now = self.clock()
        values = {"owner": alert.owner, "slack_id": alert.slack_id, "error": alert.error}
        try:
            with self.db.engine.begin() as connection:
                connection.execute(
                    insert(Row).values(
                        file=alert.file,
                        sha256=alert.sha256,
                        alerted_at=now,
                        closed_at=None,
                        **values,
                    )
                )
                self._supersede(connection, alert, now)
            return True
        except IntegrityError:
            pass  # told before: claimed again only if that breakage was closed since
        with self.db.engine.begin() as connection:
            reopened = connection.execute(
                update(Row)
                .where(
                    Row.file == alert.file, Row.sha256 == alert.sha256, Row.closed_at.is_not(None)
                )
                .values(alerted_at=now, closed_at=None, **values)
            ).rowcount
            if reopened:
                self._supersede(connection, alert, now)
        return bool(reopened)

    @staticmethod
    def _supersede(connection: Connection, alert: StaleAlert, now: datetime) -> None:
        """Close the file's other open versions: a new broken save replaces them."""
        connection.execute(
            update(Row)
            .where(Row.file == alert.file, Row.sha256 != alert.sha256, Row.closed_at.is_(None))
            .values(closed_at=now)
        )

    def settle(self, live: Collection[str], broken: Collection[str]) -> list[Settled]:
        """Close the open rows of every file no longer ``broken``; those this process closed,
        ``fixed`` when the file is ``live`` (served as on disk), else gone (blocking)."""
        with self.db.engine.connect() as connection:
            rows = connection.execute(
                select(Row.file, Row.slack_id, Row.alerted_at).where(Row.closed_at.is_(None))
            ).all()
        told: dict[str, tuple[datetime, str | None]] = {}
        for file, slack_id, at in rows:
            if file not in told or at > told[file][0]:
                told[file] = (at, slack_id)
        settled = []
        for file in sorted(set(told) - set(broken)):
            with self.db.engine.begin() as connection:
                closed = connection.execute(
                    update(Row)
                    .where(Row.file == file, Row.closed_at.is_(None))
                    .values(closed_at=self.clock())
                ).rowcount
            if closed:
                settled.append(Settled(file, told[file][1], file in live))
        return settled
