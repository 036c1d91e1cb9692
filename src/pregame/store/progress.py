"""New reps' learning progress: their team, lessons read, knowledge checks and practice.

Every attempt is kept (numbered per rep and phase), so a manager sees how many tries a phase
took; :meth:`Progress.summaries` folds them into one :class:`PhaseProgress` per rep and phase.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import case, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pregame.store.database import Database
from pregame.store.models import CheckAttemptRow, LessonReadRow, PracticeAttemptRow, RepRow
from pregame.store.progress_records import (
    ABANDONED,
    FINISHED,
    OPEN,
    CheckAnswer,
    CheckAttempt,
    PhaseKey,
    PhaseProgress,
    PracticeAttempt,
    ProgressError,
    Rep,
    aware,
    check_of,
    checked_score,
    now,
    phase_progress,
    practice_of,
    rep_of,
    require,
)

__all__ = [
    "CheckAnswer",
    "CheckAttempt",
    "PhaseKey",
    "PhaseProgress",
    "PracticeAttempt",
    "Progress",
    "ProgressError",
    "Rep",
]

Attempt = TypeVar("Attempt", CheckAttemptRow, PracticeAttemptRow)


class Progress:
    """Learning progress in the SQL store (the schema comes from :meth:`Database.migrate`)."""

    def __init__(self, db: Database, clock: Callable[[], datetime] = now) -> None:
        self.db = db
        self.clock = clock

    # reps and teams

    def set_rep(
        self,
        user_id: str,
        team: str | None = None,
        display_name: str | None = None,
        is_manager: bool | None = None,
    ) -> Rep:
        """Create or update a rep; a field left as None keeps its stored value."""
        require(user_id=user_id)
        with self.db.session() as session:
            row = session.get(RepRow, user_id)
            if row is None:
                row = RepRow(user_id=user_id, team="", display_name="", is_manager=False)
                session.add(row)
            if team is not None:
                row.team = team.strip()
            if display_name is not None:
                row.display_name = display_name.strip()
            if is_manager is not None:
                row.is_manager = is_manager
            session.flush()
            return rep_of(row)

    def rep(self, user_id: str) -> Rep | None:
        with self.db.session() as session:
            row = session.get(RepRow, user_id)
            return rep_of(row) if row else None

    def reps(self, team: str | None = None) -> list[Rep]:
        """Reps (managers too), by user id; only one team's when ``team`` is given."""
        query = select(RepRow).order_by(RepRow.user_id)
        if team is not None:
            query = query.where(RepRow.team == team)
        with self.db.session() as session:
            return [rep_of(r) for r in session.scalars(query)]

    def learners(self) -> set[str]:
        """Everyone with a lesson read or an attempt, whether or not they have a team."""
        with self.db.session() as session:
            found: set[str] = set()
            for table in (LessonReadRow, CheckAttemptRow, PracticeAttemptRow):
                found.update(session.scalars(select(table.user_id).distinct()))
            return found

    # lessons

    def mark_lesson_read(self, user_id: str, playbook_id: str, phase_id: str) -> None:
        require(user_id=user_id, playbook_id=playbook_id, phase_id=phase_id)
        at = self.clock()
        key = (LessonReadRow.user_id == user_id, LessonReadRow.playbook_id == playbook_id)
        with self.db.session() as session:
            row = session.scalars(
                select(LessonReadRow).where(*key, LessonReadRow.phase_id == phase_id)
            ).first()
            if row is None:
                row = LessonReadRow(user_id=user_id, playbook_id=playbook_id, phase_id=phase_id)
                session.add(row)
            row.at = at

    # knowledge checks

    def start_check(
        self,
        user_id: str,
        playbook_id: str,
        phase_id: str,
        version: str,
        seed: int,
        total: int,
    ) -> CheckAttempt:
        """A new, open attempt numbered after the rep's earlier ones in this phase."""
        require(user_id=user_id, playbook_id=playbook_id, phase_id=phase_id, version=version)
        if total < 1:
            raise ProgressError(f"a check has at least one question, not {total}")
        at = self.clock()
        row = self._add_numbered(
            CheckAttemptRow, user_id, playbook_id, phase_id,
            lambda n: CheckAttemptRow(
                user_id=user_id, playbook_id=playbook_id, phase_id=phase_id, attempt=n,
                version=version, seed=seed, total=total, answers=[], status=OPEN, started_at=at,
            ),
        )  # fmt: skip
        return check_of(row)

    def open_check(self, user_id: str, playbook_id: str, phase_id: str) -> CheckAttempt | None:
        """The rep's unfinished attempt at this phase's check, if any (the latest)."""
        query = (
            select(CheckAttemptRow)
            .where(
                CheckAttemptRow.user_id == user_id,
                CheckAttemptRow.playbook_id == playbook_id,
                CheckAttemptRow.phase_id == phase_id,
                CheckAttemptRow.status == OPEN,
            )
            .order_by(CheckAttemptRow.attempt.desc())
        )
        with self.db.session() as session:
            row = session.scalars(query).first()
            return check_of(row) if row else None

    def answer_check(
        self, attempt_id: int, index: int, question_id: str, choice: int, correct: bool
    ) -> CheckAttempt:
        """Record the answer to question ``index`` (0-based, in order). Answering the same
        question again with the same question id changes nothing (a button clicked twice)."""
        with self.db.session() as session:
            row = self._open_row(session, attempt_id)
            answers = list(row.answers or [])
            if index < len(answers):
                if answers[index]["question_id"] == question_id:
                    return check_of(row)
                raise ProgressError(f"question {index + 1} of this check is already answered")
            if index != len(answers) or index >= row.total:
                expected = len(answers) + 1
                raise ProgressError(
                    f"question {index + 1} is out of turn: question {expected} of {row.total} "
                    "is the one to answer"
                )
            answer = {"index": index, "question_id": question_id, "choice": choice}
            row.answers = [*answers, {**answer, "correct": correct}]
            session.flush()
            return check_of(row)

    def finish_check(self, attempt_id: int, score: float, passed: bool) -> CheckAttempt:
        with self.db.session() as session:
            row = self._open_row(session, attempt_id)
            if len(row.answers or []) < row.total:
                raise ProgressError(
                    f"the check has {row.total - len(row.answers or [])} unanswered question(s)"
                )
            row.status, row.score, row.passed = FINISHED, checked_score(score), passed
            row.finished_at = self.clock()
            session.flush()
            return check_of(row)

    def abandon_check(self, attempt_id: int) -> CheckAttempt:
        """Close an open attempt without a score (its playbook changed, say)."""
        with self.db.session() as session:
            row = self._open_row(session, attempt_id)
            row.status, row.finished_at = ABANDONED, self.clock()
            session.flush()
            return check_of(row)

    def check_attempts(
        self, user_id: str, playbook_id: str | None = None, phase_id: str | None = None
    ) -> list[CheckAttempt]:
        query = select(CheckAttemptRow).where(CheckAttemptRow.user_id == user_id)
        if playbook_id is not None:
            query = query.where(CheckAttemptRow.playbook_id == playbook_id)
        if phase_id is not None:
            query = query.where(CheckAttemptRow.phase_id == phase_id)
        with self.db.session() as session:
            return [check_of(r) for r in session.scalars(query.order_by(CheckAttemptRow.id))]

    # practice

    def record_practice(
        self,
        user_id: str,
        playbook_id: str,
        phase_id: str,
        score: float,
        passed: bool,
        details: Mapping[str, Any] | None = None,
    ) -> PracticeAttempt:
        """One scored role-play: ``score`` 0-100 (rounded), ``details`` any JSON-able mapping
        (the key points covered and missed, the exchanges)."""
        require(user_id=user_id, playbook_id=playbook_id, phase_id=phase_id)
        stored = checked_score(score)
        at = self.clock()
        row = self._add_numbered(
            PracticeAttemptRow, user_id, playbook_id, phase_id,
            lambda n: PracticeAttemptRow(
                user_id=user_id, playbook_id=playbook_id, phase_id=phase_id, attempt=n,
                score=stored, passed=passed, details=dict(details or {}), at=at,
            ),
        )  # fmt: skip
        return practice_of(row)

    def practice_attempts(
        self, user_id: str, playbook_id: str | None = None, phase_id: str | None = None
    ) -> list[PracticeAttempt]:
        query = select(PracticeAttemptRow).where(PracticeAttemptRow.user_id == user_id)
        if playbook_id is not None:
            query = query.where(PracticeAttemptRow.playbook_id == playbook_id)
        if phase_id is not None:
            query = query.where(PracticeAttemptRow.phase_id == phase_id)
        with self.db.session() as session:
            return [practice_of(r) for r in session.scalars(query.order_by(PracticeAttemptRow.id))]

    # summaries

    def summaries(
        self, user_ids: Collection[str] | None = None
    ) -> dict[str, dict[PhaseKey, PhaseProgress]]:
        """Each rep's progress per (playbook, phase) they touched, in three grouped queries."""
        found: dict[str, dict[PhaseKey, dict[str, Any]]] = {}

        def put(user: str, playbook: str, phase: str, **values: Any) -> None:
            found.setdefault(user, {}).setdefault((playbook, phase), {}).update(values)

        with self.db.session() as session:
            lessons = select(
                LessonReadRow.user_id, LessonReadRow.playbook_id, LessonReadRow.phase_id,
                LessonReadRow.at,
            )  # fmt: skip
            if user_ids is not None:
                lessons = lessons.where(LessonReadRow.user_id.in_(list(user_ids)))
            for user, playbook, phase, at in session.execute(lessons):
                put(user, playbook, phase, lesson_read_at=aware(at))
            checks = self._folded(CheckAttemptRow, user_ids, CheckAttemptRow.status == FINISHED)
            for user, playbook, phase, n, best, passes in session.execute(checks):
                put(user, playbook, phase, check_attempts=n, check_best=best, check_passed=passes)
            practice = self._folded(PracticeAttemptRow, user_ids, None)
            for user, playbook, phase, n, best, passes in session.execute(practice):
                put(
                    user, playbook, phase,
                    practice_attempts=n, practice_best=best, practice_passed=passes,
                )  # fmt: skip
        return {
            user: {key: phase_progress(values) for key, values in phases.items()}
            for user, phases in found.items()
        }

    def forget(self, user_id: str) -> int:
        """Delete everything kept about one rep (a privacy request); returns how many rows."""
        gone = 0
        with self.db.session() as session:
            for table in (LessonReadRow, CheckAttemptRow, PracticeAttemptRow, RepRow):
                result = session.execute(delete(table).where(table.user_id == user_id))
                gone += int(getattr(result, "rowcount", 0) or 0)
        return gone

    # helpers

    @staticmethod
    def _folded(
        table: type[CheckAttemptRow] | type[PracticeAttemptRow],
        user_ids: Collection[str] | None,
        condition: Any,
    ) -> Any:
        passes = func.sum(case((table.passed.is_(True), 1), else_=0))
        query = select(
            table.user_id, table.playbook_id, table.phase_id, func.count(table.id),
            func.max(table.score), passes,
        ).group_by(table.user_id, table.playbook_id, table.phase_id)  # fmt: skip
        if condition is not None:
            query = query.where(condition)
        if user_ids is not None:
            query = query.where(table.user_id.in_(list(user_ids)))
        return query

    def _add_numbered(
        self,
        table: type[Attempt],
        user_id: str,
        playbook_id: str,
        phase_id: str,
        build: Callable[[int], Attempt],
    ) -> Attempt:
        """Insert the row ``build`` makes for the next attempt number; a number taken by a
        concurrent writer (the unique constraint says so) is retried up to three times."""
        last: IntegrityError | None = None
        for _ in range(3):
            try:
                with self.db.session() as session:
                    latest = session.scalar(
                        select(func.max(table.attempt)).where(
                            table.user_id == user_id,
                            table.playbook_id == playbook_id,
                            table.phase_id == phase_id,
                        )
                    )
                    row = build(int(latest or 0) + 1)
                    session.add(row)
                return row
            except IntegrityError as exc:
                last = exc
        raise ProgressError("could not number the attempt: too many concurrent writers") from last

    @staticmethod
    def _open_row(session: Session, attempt_id: int) -> CheckAttemptRow:
        row = session.get(CheckAttemptRow, attempt_id, with_for_update=True)
        if row is None:
            raise ProgressError(f"no check attempt {attempt_id}")
        if row.status != OPEN:
            raise ProgressError(f"check attempt {attempt_id} is {row.status}, not open")
        return row
