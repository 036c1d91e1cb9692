"""Reading and writing Pregame's records: feedback and the plays sellers start in Slack."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select

from pregame.store.database import Database
from pregame.store.models import FeedbackRow, PlayRow


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Feedback:
    user: str
    team: str
    channel: str
    thread_ts: str
    message_ts: str
    value: str  # helpful | not_helpful
    reason: str | None
    about: dict[str, Any] = field(default_factory=dict)
    at: datetime = field(default_factory=now)

    @property
    def helpful(self) -> bool:
        return self.value == "helpful"


@dataclass(frozen=True)
class PlayRecord:
    user: str
    team: str
    channel: str
    thread_ts: str
    playbook: str
    phase: str
    persona: str | None
    at: datetime = field(default_factory=now)


class Records:
    """Feedback and plays in the SQL store."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def feedback(self, record: Feedback) -> None:
        about = dict(record.about)
        row = FeedbackRow(
            at=record.at,
            user=record.user,
            team=record.team,
            channel=record.channel,
            thread_ts=record.thread_ts,
            message_ts=record.message_ts,
            helpful=record.helpful,
            reason=record.reason,
            about_type=str(about.get("type") or ""),
            playbook=_text(about.get("playbook")),
            phase=_text(about.get("phase")),
            about=about,
        )
        with self.db.session() as session:
            session.add(row)

    def play(self, record: PlayRecord) -> None:
        row = PlayRow(
            at=record.at,
            user=record.user,
            team=record.team,
            channel=record.channel,
            thread_ts=record.thread_ts,
            playbook=record.playbook,
            phase=record.phase,
            persona=record.persona,
        )
        with self.db.session() as session:
            session.add(row)

    def recent_plays(self, user: str, team: str, limit: int = 5) -> list[PlayRecord]:
        """A seller's latest plays, newest first."""
        query = (
            select(PlayRow)
            .where(PlayRow.user == user, PlayRow.team == team)
            .order_by(PlayRow.at.desc(), PlayRow.id.desc())
            .limit(limit)
        )
        with self.db.session() as session:
            rows = session.scalars(query).all()
        return [
            PlayRecord(
                user=r.user,
                team=r.team,
                channel=r.channel,
                thread_ts=r.thread_ts,
                playbook=r.playbook,
                phase=r.phase,
                persona=r.persona,
                at=_aware(r.at),
            )
            for r in rows
        ]

    def all_feedback(self) -> list[Feedback]:
        with self.db.session() as session:
            rows = session.scalars(select(FeedbackRow).order_by(FeedbackRow.id)).all()
        return [
            Feedback(
                user=r.user,
                team=r.team,
                channel=r.channel,
                thread_ts=r.thread_ts,
                message_ts=r.message_ts,
                value="helpful" if r.helpful else "not_helpful",
                reason=r.reason,
                about=dict(r.about or {}),
                at=_aware(r.at),
            )
            for r in rows
        ]

    def forget(self, user: str) -> int:
        """Delete every record of one seller (a privacy request); returns how many went."""
        with self.db.session() as session:
            gone = 0
            for table in (FeedbackRow, PlayRow):
                result = session.execute(delete(table).where(table.user == user))
                gone += int(getattr(result, "rowcount", 0) or 0)
        return gone


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _aware(at: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
