"""Pregame's tables (Rasa's own ``events`` table lives in the same database)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Index, Integer, String, Text
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
