"""Onboarding new reps: teams, lessons read, knowledge check and practice attempts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _learner_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("playbook_id", sa.String(128), nullable=False),
        sa.Column("phase_id", sa.String(128), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "pregame_reps",
        sa.Column("user_id", sa.String(64), primary_key=True),
        sa.Column("team", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(128), nullable=False),
        sa.Column("is_manager", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_pregame_reps_team", "pregame_reps", ["team"])
    op.create_table(
        "pregame_lessons_read",
        *_learner_columns(),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("user_id", "playbook_id", "phase_id", name="uq_pregame_lessons_read"),
    )
    op.create_index("ix_pregame_lessons_read_user_id", "pregame_lessons_read", ["user_id"])
    op.create_table(
        "pregame_check_attempts",
        *_learner_columns(),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("version", sa.String(64), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint(
            "user_id", "playbook_id", "phase_id", "attempt", name="uq_pregame_check_attempts"
        ),
    )
    op.create_index("ix_pregame_check_attempts_user_id", "pregame_check_attempts", ["user_id"])
    op.create_table(
        "pregame_practice_attempts",
        *_learner_columns(),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "user_id", "playbook_id", "phase_id", "attempt", name="uq_pregame_practice_attempts"
        ),
    )
    op.create_index(
        "ix_pregame_practice_attempts_user_id", "pregame_practice_attempts", ["user_id"]
    )


def downgrade() -> None:
    op.drop_table("pregame_practice_attempts")
    op.drop_table("pregame_check_attempts")
    op.drop_table("pregame_lessons_read")
    op.drop_table("pregame_reps")
