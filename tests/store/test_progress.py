"""New reps' learning progress in the SQL store, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from importlib import resources

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from pregame.store.database import Database
from pregame.store.progress import PhaseProgress, Progress, ProgressError

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LEARNING_TABLES = {
    "pregame_reps",
    "pregame_lessons_read",
    "pregame_check_attempts",
    "pregame_practice_attempts",
}


def ticking() -> Iterator[datetime]:
    minute = 0
    while True:
        yield T0 + timedelta(minutes=minute)
        minute += 1


@pytest.fixture
def progress(db: Database) -> Progress:
    clock = ticking()
    return Progress(db, clock=lambda: next(clock))


def _alembic(db: Database, action: str, revision: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(resources.files("pregame.store") / "migrations"))
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def test_migration_0002_upgrades_from_0001_and_downgrades(db: Database) -> None:
    _alembic(db, "downgrade", "0001")
    tables = set(inspect(db.engine).get_table_names())
    assert not tables & LEARNING_TABLES
    assert "pregame_plays" in tables
    _alembic(db, "upgrade", "0002")
    assert set(inspect(db.engine).get_table_names()) >= LEARNING_TABLES
    Progress(db).record_practice("U1", "pb", "discovery", 90, True)  # the tables work
    _alembic(db, "downgrade", "0001")
    assert not set(inspect(db.engine).get_table_names()) & LEARNING_TABLES


def test_reps_keep_their_team_and_fields_not_given(progress: Progress) -> None:
    progress.set_rep("U1", "enterprise-sales", "Ana")
    progress.set_rep("U2", "smb")
    progress.set_rep("U3", "enterprise-sales", "Bo", is_manager=True)
    updated = progress.set_rep("U1", is_manager=False)
    assert (updated.team, updated.display_name, updated.name) == ("enterprise-sales", "Ana", "Ana")
    assert [r.user_id for r in progress.reps("enterprise-sales")] == ["U1", "U3"]
    assert progress.rep("U3") is not None and progress.rep("U3").is_manager  # type: ignore[union-attr]
    assert progress.rep("U9") is None
    assert progress.set_rep("U2", team="  mid-market ").team == "mid-market"


def test_a_check_is_answered_in_order_and_scored(progress: Progress) -> None:
    attempt = progress.start_check("U1", "pb", "discovery", "v1", 7, total=3)
    assert (attempt.attempt, attempt.status, attempt.next_index) == (1, "open", 0)
    progress.answer_check(attempt.id, 0, "q-a", 2, correct=True)
    again = progress.answer_check(attempt.id, 0, "q-a", 2, correct=True)  # clicked twice
    assert len(again.answers) == 1
    with pytest.raises(ProgressError, match="already answered"):
        progress.answer_check(attempt.id, 0, "q-other", 1, correct=False)
    with pytest.raises(ProgressError, match="question 2 of 3 is the one to answer"):
        progress.answer_check(attempt.id, 2, "q-c", 1, correct=False)
    progress.answer_check(attempt.id, 1, "q-b", 0, correct=False)
    with pytest.raises(ProgressError, match="1 unanswered"):
        progress.finish_check(attempt.id, 67, passed=False)
    done = progress.answer_check(attempt.id, 2, "q-c", 1, correct=True)
    assert (done.correct, done.next_index) == (2, None)
    assert progress.open_check("U1", "pb", "discovery") == done
    finished = progress.finish_check(attempt.id, 66.7, passed=False)
    assert (finished.status, finished.score, finished.passed) == ("finished", 67, False)
    assert finished.finished_at is not None and finished.finished_at > finished.started_at
    assert progress.open_check("U1", "pb", "discovery") is None
    with pytest.raises(ProgressError, match="finished, not open"):
        progress.answer_check(attempt.id, 0, "q-a", 2, correct=True)
    second = progress.start_check("U1", "pb", "discovery", "v1", 7, total=3)
    assert second.attempt == 2
    assert [a.attempt for a in progress.check_attempts("U1", "pb", "discovery")] == [1, 2]


def test_an_abandoned_check_counts_as_no_attempt(progress: Progress) -> None:
    attempt = progress.start_check("U1", "pb", "discovery", "v1", 7, total=2)
    assert progress.abandon_check(attempt.id).status == "abandoned"
    assert progress.open_check("U1", "pb", "discovery") is None
    assert progress.summaries() == {}


def test_practice_attempts_are_numbered_and_validated(progress: Progress) -> None:
    details = {"covered": ["acknowledge"], "missed": ["offer a price lock"]}
    first = progress.record_practice("U1", "pb", "discovery", 55, False, details)
    second = progress.record_practice("U1", "pb", "discovery", 85.4, True)
    other_phase = progress.record_practice("U1", "pb", "evaluation", 90, True)
    assert (first.attempt, second.attempt, other_phase.attempt) == (1, 2, 1)
    assert (second.score, second.passed, second.details) == (85, True, {})
    assert progress.practice_attempts("U1", "pb", "discovery")[0].details == details
    assert first.at == T0 and first.at.tzinfo is not None
    with pytest.raises(ProgressError, match="0-100"):
        progress.record_practice("U1", "pb", "discovery", 101, True)
    with pytest.raises(ProgressError, match="phase_id must not be empty"):
        progress.record_practice("U1", "pb", " ", 50, False)


def test_summaries_fold_every_attempt_per_rep_and_phase(progress: Progress) -> None:
    progress.mark_lesson_read("U1", "pb", "discovery")
    progress.mark_lesson_read("U1", "pb", "discovery")  # read again: still one lesson
    for correct, passed in ((False, False), (True, True)):
        attempt = progress.start_check("U1", "pb", "discovery", "v1", 7, total=1)
        progress.answer_check(attempt.id, 0, "q", 0, correct)
        progress.finish_check(attempt.id, 100 if correct else 0, passed)
    progress.record_practice("U1", "pb", "discovery", 40, False)
    progress.record_practice("U1", "pb", "discovery", 82, True)
    progress.start_check("U1", "pb", "evaluation", "v1", 7, total=5)  # open: not counted
    progress.record_practice("U2", "pb", "evaluation", 70, False)

    summary = progress.summaries()
    u1 = summary["U1"][("pb", "discovery")]
    assert u1 == PhaseProgress(
        lesson_read_at=T0 + timedelta(minutes=1),
        check_attempts=2,
        check_best=100,
        check_passed=True,
        practice_attempts=2,
        practice_best=82,
        practice_passed=True,
    )
    assert u1.ready
    assert ("pb", "evaluation") not in summary["U1"]
    assert not summary["U2"][("pb", "evaluation")].ready
    assert set(progress.summaries(["U2"])) == {"U2"}
    assert progress.learners() == {"U1", "U2"}


def test_forget_deletes_one_reps_progress_only(progress: Progress) -> None:
    progress.set_rep("U1", "t")
    progress.mark_lesson_read("U1", "pb", "discovery")
    progress.record_practice("U1", "pb", "discovery", 90, True)
    progress.record_practice("U2", "pb", "discovery", 90, True)
    assert progress.forget("U1") == 3
    assert progress.rep("U1") is None
    assert set(progress.summaries()) == {"U2"}
