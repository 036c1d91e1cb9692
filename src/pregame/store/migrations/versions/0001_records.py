"""Feedback and Slack plays: the records that were JSON lines files.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pregame_feedback",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(64), nullable=False),
        sa.Column("team", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("thread_ts", sa.String(32), nullable=False),
        sa.Column("message_ts", sa.String(32), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("about_type", sa.String(32), nullable=False),
        sa.Column("playbook", sa.String(128), nullable=True),
        sa.Column("phase", sa.String(128), nullable=True),
        sa.Column("about", sa.JSON(), nullable=False),
    )
    op.create_index("ix_pregame_feedback_at", "pregame_feedback", ["at"])
    op.create_index("ix_pregame_feedback_user", "pregame_feedback", ["user"])
    op.create_table(
        "pregame_plays",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(64), nullable=False),
        sa.Column("team", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("thread_ts", sa.String(32), nullable=False),
        sa.Column("playbook", sa.String(128), nullable=False),
        sa.Column("phase", sa.String(128), nullable=False),
        sa.Column("persona", sa.String(128), nullable=True),
    )
    op.create_index("ix_pregame_plays_user_team_at", "pregame_plays", ["user", "team", "at"])


def downgrade() -> None:
    op.drop_table("pregame_plays")
    op.drop_table("pregame_feedback")
