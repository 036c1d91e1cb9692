"""What comes next in a phase, and how a readiness cell reads."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from pregame.learning.path import PathPhase
from pregame.learning.readiness import Activity, PhaseState, next_activity, whats_next
from pregame.store.progress import PhaseProgress

READ = datetime(2026, 12, 1, tzinfo=UTC)
PHASES = [
    PathPhase(playbook_id="pb", playbook_title="PB", phase_id=f"p{i}", phase_name=f"P{i}",
              number=i, of=2)
    for i in (1, 2)
]  # fmt: skip


@pytest.mark.parametrize(
    ("progress", "activity", "label"),
    [
        (PhaseProgress(), Activity.LESSON, "-"),
        (PhaseProgress(lesson_read_at=READ), Activity.CHECK, "check"),
        (PhaseProgress(READ, 2, 60, False), Activity.CHECK, "check 60%"),
        (PhaseProgress(None, 1, 40, False, 1, 90, True), Activity.LESSON, "check 40%"),
        (PhaseProgress(None, 1, 100, True), Activity.PRACTICE, "practice"),
        (PhaseProgress(READ, 1, 80, True, 2, 70, False), Activity.PRACTICE, "practice 70"),
        (PhaseProgress(READ, 1, 80, True, 1, 85, True), Activity.READY, "ready"),
    ],
)
def test_the_next_activity_and_the_cell(
    progress: PhaseProgress, activity: Activity, label: str
) -> None:
    assert next_activity(progress) is activity
    assert PhaseState(PHASES[0], progress).label() == label


def test_whats_next_resumes_an_open_check_before_the_lesson() -> None:
    ready = PhaseProgress(READ, 1, 100, True, 1, 90, True)
    states = [PhaseState(PHASES[0], ready), PhaseState(PHASES[1], PhaseProgress())]
    assert whats_next(states, {}).activity is Activity.LESSON
    resumed = whats_next(states, {("pb", "p2"): 3})
    assert (resumed.activity, resumed.phase, resumed.question) == (Activity.CHECK, PHASES[1], 3)
    done = whats_next(states[:1], {})
    assert (done.activity, done.phase, done.total_phases) == (Activity.READY, None, 1)
