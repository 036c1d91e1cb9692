"""A rep's learning progress as plain data, and how rows of the store become it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pregame.store.models import CheckAttemptRow, PracticeAttemptRow, RepRow

OPEN, FINISHED, ABANDONED = "open", "finished", "abandoned"
PhaseKey = tuple[str, str]
"""(playbook id, phase id)"""


class ProgressError(ValueError):
    """A progress update that cannot be right: a score out of range, a question out of turn."""


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def aware(at: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Rep:
    user_id: str
    team: str = ""
    display_name: str = ""
    is_manager: bool = False

    @property
    def name(self) -> str:
        return self.display_name or self.user_id


@dataclass(frozen=True)
class CheckAnswer:
    index: int
    question_id: str
    choice: int
    correct: bool


@dataclass(frozen=True)
class CheckAttempt:
    id: int
    user_id: str
    playbook_id: str
    phase_id: str
    attempt: int
    version: str
    """The playbook version the questions were generated from."""
    seed: int
    """The seed they were generated with."""
    total: int
    answers: tuple[CheckAnswer, ...]
    status: str
    score: int | None
    passed: bool | None
    started_at: datetime
    finished_at: datetime | None

    @property
    def correct(self) -> int:
        return sum(a.correct for a in self.answers)

    @property
    def next_index(self) -> int | None:
        """The first unanswered question, None when all are answered."""
        return len(self.answers) if len(self.answers) < self.total else None


@dataclass(frozen=True)
class PracticeAttempt:
    id: int
    user_id: str
    playbook_id: str
    phase_id: str
    attempt: int
    score: int
    passed: bool
    details: Mapping[str, Any]
    at: datetime


@dataclass(frozen=True)
class PhaseProgress:
    """One rep's record in one phase, all attempts folded together."""

    lesson_read_at: datetime | None = None
    check_attempts: int = 0
    check_best: int | None = None
    check_passed: bool = False
    practice_attempts: int = 0
    practice_best: int | None = None
    practice_passed: bool = False

    @property
    def ready(self) -> bool:
        return self.check_passed and self.practice_passed


def rep_of(row: RepRow) -> Rep:
    return Rep(row.user_id, row.team, row.display_name, row.is_manager)


def check_of(row: CheckAttemptRow) -> CheckAttempt:
    answers = tuple(
        CheckAnswer(int(a["index"]), str(a["question_id"]), int(a["choice"]), bool(a["correct"]))
        for a in row.answers or []
    )
    return CheckAttempt(
        row.id, row.user_id, row.playbook_id, row.phase_id, row.attempt, row.version, row.seed,
        row.total, answers, row.status, row.score, row.passed, aware(row.started_at),
        aware(row.finished_at) if row.finished_at else None,
    )  # fmt: skip


def practice_of(row: PracticeAttemptRow) -> PracticeAttempt:
    return PracticeAttempt(
        row.id, row.user_id, row.playbook_id, row.phase_id, row.attempt, row.score, row.passed,
        dict(row.details or {}), aware(row.at),
    )  # fmt: skip


def require(**values: str) -> None:
    for name, value in values.items():
        if not value or not value.strip():
            raise ProgressError(f"{name} must not be empty")


def checked_score(score: float) -> int:
    if not 0 <= score <= 100:
        raise ProgressError(f"a score is 0-100, not {score}")
    return round(score)


def phase_progress(values: Mapping[str, Any]) -> PhaseProgress:
    return PhaseProgress(
        lesson_read_at=values.get("lesson_read_at"),
        check_attempts=int(values.get("check_attempts") or 0),
        check_best=values.get("check_best"),
        check_passed=bool(values.get("check_passed")),
        practice_attempts=int(values.get("practice_attempts") or 0),
        practice_best=values.get("practice_best"),
        practice_passed=bool(values.get("practice_passed")),
    )
