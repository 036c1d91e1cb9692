"""Pregame's tables (Rasa's own ``events`` table lives in the same database)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class FeedbackRow(Base):
    """A seller's 👍 / 👎 on an answer, with the reason when they gave one."""

    __tablename__ = "pregame_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    user: Mapped[str] = mapped_column(String(64), index=True)
    team: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(64))
    thread_ts: Mapped[str] = mapped_column(String(32))
    message_ts: Mapped[str] = mapped_column(String(32))
    helpful: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    about_type: Mapped[str] = mapped_column(String(32), default="")
    playbook: Mapped[str | None] = mapped_column(String(128), nullable=True)
    phase: Mapped[str | None] = mapped_column(String(128), nullable=True)
    about: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class PlayRow(Base):
    """A play a seller started in a Slack thread (the App Home lists the recent ones)."""

    __tablename__ = "pregame_plays"
    __table_args__ = (Index("ix_pregame_plays_user_team_at", "user", "team", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user: Mapped[str] = mapped_column(String(64))
    team: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(64))
    thread_ts: Mapped[str] = mapped_column(String(32))
    playbook: Mapped[str] = mapped_column(String(128))
    phase: Mapped[str] = mapped_column(String(128))
    persona: Mapped[str | None] = mapped_column(String(128), nullable=True)


class RepRow(Base):
    """A rep's sales team (matched against a playbook's ``audience``) and whether they manage it."""

    __tablename__ = "pregame_reps"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    team: Mapped[str] = mapped_column(String(64), index=True, default="")
    display_name: Mapped[str] = mapped_column(String(128), default="")
    is_manager: Mapped[bool] = mapped_column(Boolean, default=False)


class LessonReadRow(Base):
    """A rep read the lesson of one playbook phase (the latest reading's time)."""

    __tablename__ = "pregame_lessons_read"
    __table_args__ = (
        UniqueConstraint("user_id", "playbook_id", "phase_id", name="uq_pregame_lessons_read"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    playbook_id: Mapped[str] = mapped_column(String(128))
    phase_id: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CheckAttemptRow(Base):
    """One attempt at a phase's knowledge check: open while questions are answered, then scored."""

    __tablename__ = "pregame_check_attempts"
    __table_args__ = (
        UniqueConstraint(
            "user_id", "playbook_id", "phase_id", "attempt", name="uq_pregame_check_attempts"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    playbook_id: Mapped[str] = mapped_column(String(128))
    phase_id: Mapped[str] = mapped_column(String(128))
    attempt: Mapped[int] = mapped_column(Integer)
    version: Mapped[str] = mapped_column(String(64))
    seed: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    answers: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default="open")
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PracticeAttemptRow(Base):
    """One scored role-play of a phase (the score 0-100 and the scorer's details)."""

    __tablename__ = "pregame_practice_attempts"
    __table_args__ = (
        UniqueConstraint(
            "user_id", "playbook_id", "phase_id", "attempt", name="uq_pregame_practice_attempts"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    playbook_id: Mapped[str] = mapped_column(String(128))
    phase_id: Mapped[str] = mapped_column(String(128))
    attempt: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PlaybookAlertRow(Base):
    """A broken version of a playbook file its owner was told about in Slack (one row per file
    and content); open until the file is fixed, replaced by another broken save, or deleted."""

    __tablename__ = "pregame_playbook_alerts"

    file: Mapped[str] = mapped_column(String(512), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(200), default="")
    slack_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    error: Mapped[str] = mapped_column(Text, default="")
    alerted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
