"""Where a rep stands in each phase, what they should do next, and a team's readiness.

A rep is ready for a phase when its knowledge check and its practice have both passed. Before
that, the next thing to do is the lesson (until the check has passed, and only when it is not
read yet), then the check, then the practice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pregame.learning.path import LearningPath, PathPhase, PlaybookPath, for_team, playbook_path
from pregame.playbook.schema import Playbook
from pregame.store.progress import PhaseKey, PhaseProgress, Progress, Rep


class Activity(StrEnum):
    LESSON = "lesson"
    CHECK = "check"
    PRACTICE = "practice"
    READY = "ready"


def next_activity(progress: PhaseProgress | None) -> Activity:
    done = progress or PhaseProgress()
    if not done.check_passed:
        return Activity.CHECK if done.lesson_read_at else Activity.LESSON
    if not done.practice_passed:
        return Activity.PRACTICE
    return Activity.READY


@dataclass(frozen=True)
class PhaseState:
    """One phase of a rep's path, and their record in it."""

    phase: PathPhase
    progress: PhaseProgress

    @property
    def activity(self) -> Activity:
        return next_activity(self.progress)

    @property
    def ready(self) -> bool:
        return self.progress.ready

    def label(self) -> str:
        """A short cell for a table: what is next, with the best score so far."""
        done = self.progress
        match self.activity:
            case Activity.READY:
                return "ready"
            case Activity.PRACTICE:
                best = done.practice_best
                return "practice" if best is None else f"practice {best}"
            case _ if done.check_best is not None:
                return f"check {done.check_best}%"
            case Activity.CHECK:
                return "check"
            case _:
                return "-"


@dataclass(frozen=True)
class NextStep:
    """What the rep should do next; ``phase`` is None once every phase is ready (or the path is
    empty). ``question`` is the check question to resume (0-based) when a check is open."""

    activity: Activity
    phase: PathPhase | None
    question: int | None = None
    total_phases: int = 0


def phase_states(path: LearningPath, progress: dict[PhaseKey, PhaseProgress]) -> list[PhaseState]:
    return [
        PhaseState(phase, progress.get((phase.playbook_id, phase.phase_id), PhaseProgress()))
        for phase in path.phases()
    ]


def whats_next(states: Sequence[PhaseState], open_question: dict[PhaseKey, int]) -> NextStep:
    """The first phase on the path that is not ready, and what to do in it."""
    for state in states:
        if state.activity is not Activity.READY:
            key = (state.phase.playbook_id, state.phase.phase_id)
            # An open check resumes even when the rep has not marked the lesson read.
            if key in open_question and state.activity is not Activity.PRACTICE:
                return NextStep(Activity.CHECK, state.phase, open_question[key], len(states))
            return NextStep(state.activity, state.phase, None, len(states))
    return NextStep(Activity.READY, None, None, len(states))


@dataclass(frozen=True)
class RepLine:
    rep: Rep
    states: tuple[PhaseState, ...]

    @property
    def ready(self) -> int:
        return sum(s.ready for s in self.states)


@dataclass(frozen=True)
class PlaybookReadiness:
    path: PlaybookPath
    reps: tuple[RepLine, ...]


@dataclass(frozen=True)
class Readiness:
    team: str | None
    playbooks: tuple[PlaybookReadiness, ...]

    @property
    def reps(self) -> int:
        return len({line.rep.user_id for p in self.playbooks for line in p.reps})


def team_readiness(
    playbooks: Sequence[Playbook], progress: Progress, team: str | None = None
) -> Readiness:
    """Reps (not managers) by playbook and phase. With ``team``: that team's reps and the
    playbooks on its path. Without: every rep, and anyone who has started learning without a
    team, under each playbook on their path or that they have started."""
    registered = progress.reps(team)
    reps = [r for r in registered if not r.is_manager]
    if team is None:
        known = {r.user_id for r in registered}
        reps += [Rep(user_id) for user_id in sorted(progress.learners() - known)]
    summaries = progress.summaries([r.user_id for r in reps])
    tables = []
    for playbook in playbooks:
        if team is not None and not for_team(playbook, team):
            continue
        path = playbook_path(playbook)
        lines = []
        for rep in reps:
            done = summaries.get(rep.user_id, {})
            started = any(pid == playbook.id for pid, _ in done)
            if for_team(playbook, rep.team or None) or started:
                states = tuple(
                    PhaseState(p, done.get((p.playbook_id, p.phase_id), PhaseProgress()))
                    for p in path.phases
                )
                lines.append(RepLine(rep, states))
        tables.append(PlaybookReadiness(path, tuple(lines)))
    return Readiness(team, tuple(tables))
