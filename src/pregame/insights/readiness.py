"""Onboarding readiness per rep and team, from the learning progress tables.

A rep is ready for a phase when its knowledge check and its practice have both passed
(:attr:`~pregame.store.progress.PhaseProgress.ready`); in progress once they have read its
lesson, started its check or practised it; not started before that. A rep's phases are those of
the playbooks on their path (the playbook's ``audience`` names everyone or the rep's team, the
same rule as the learning path) and of any playbook they have started. Managers (reps marked
``is_manager``) are left out. Readiness is the state now: the filters' time range does not
apply, the playbook and team do.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Engine, func, inspect, select

from pregame.insights.catalog import Catalog, PlaybookInfo
from pregame.insights.records import Filters
from pregame.store.models import CheckAttemptRow, LessonReadRow, PracticeAttemptRow, RepRow
from pregame.store.progress import PhaseKey, PhaseProgress, Progress, Rep
from pregame.store.progress_records import aware

EVERYONE = "everyone"
"""The ``audience`` that puts a playbook on every rep's path."""
PROGRESS_TABLES = tuple(
    t.__tablename__ for t in (RepRow, LessonReadRow, CheckAttemptRow, PracticeAttemptRow)
)


class Stage(StrEnum):
    READY = "ready"
    IN_PROGRESS = "in progress"
    NOT_STARTED = "not started"


@dataclass(frozen=True)
class PhaseRef:
    """One phase of a playbook, numbered within it."""

    playbook_id: str
    playbook_title: str
    phase_id: str
    phase_name: str
    number: int

    @property
    def key(self) -> PhaseKey:
        return (self.playbook_id, self.phase_id)

    @property
    def label(self) -> str:
        return f"{self.playbook_title} / {self.number}. {self.phase_name}"


@dataclass(frozen=True)
class PhaseStatus:
    """A rep's record in one phase: best scores, passes, and when they last did anything."""

    phase: PhaseRef
    progress: PhaseProgress
    last_activity: datetime | None = None

    @property
    def stage(self) -> Stage:
        if self.progress.ready:
            return Stage.READY
        if self.last_activity is not None or self.progress != PhaseProgress():
            return Stage.IN_PROGRESS
        return Stage.NOT_STARTED


@dataclass(frozen=True)
class RepReadiness:
    rep: Rep
    phases: tuple[PhaseStatus, ...]

    @property
    def ready(self) -> int:
        return sum(s.stage is Stage.READY for s in self.phases)

    @property
    def last_activity(self) -> datetime | None:
        return max((s.last_activity for s in self.phases if s.last_activity), default=None)


@dataclass(frozen=True)
class PhaseTally:
    """How many of the reps with this phase on their path are at each stage of it."""

    phase: PhaseRef
    ready: int = 0
    in_progress: int = 0
    not_started: int = 0

    @property
    def reps(self) -> int:
        return self.ready + self.in_progress + self.not_started


@dataclass(frozen=True)
class TeamReadiness:
    team: str | None
    phases: tuple[PhaseTally, ...]
    """Every phase of the playbooks shown, in path order (zeros when nobody has it)."""
    reps: tuple[RepReadiness, ...]
    """By team, then name."""


def on_path(playbook: PlaybookInfo, team: str | None) -> bool:
    """Whether the playbook's ``audience`` includes everyone or ``team`` (any case)."""
    audience = {a.casefold() for a in playbook.audience}
    return EVERYONE in audience or (bool(team) and str(team).casefold() in audience)


def has_progress(engine: Engine) -> bool:
    """Whether the store has the learning tables (a store onboarding never wrote to has not)."""
    present = set(inspect(engine).get_table_names())
    return all(t in present for t in PROGRESS_TABLES)


def phases_of(playbook: PlaybookInfo) -> tuple[PhaseRef, ...]:
    return tuple(
        PhaseRef(playbook.id, playbook.title, phase.id, phase.name, number)
        for number, phase in enumerate(playbook.phases, 1)
    )


def last_activity(
    progress: Progress, user_ids: Collection[str]
) -> dict[str, dict[PhaseKey, datetime]]:
    """When each rep last read a lesson, started or finished a check, or practised, per phase."""
    users = list(user_ids)
    queries = [
        select(table.user_id, table.playbook_id, table.phase_id, func.max(moment))
        .where(table.user_id.in_(users))
        .group_by(table.user_id, table.playbook_id, table.phase_id)
        for table, moment in (
            (LessonReadRow, LessonReadRow.at),
            (
                CheckAttemptRow,
                func.coalesce(CheckAttemptRow.finished_at, CheckAttemptRow.started_at),
            ),
            (PracticeAttemptRow, PracticeAttemptRow.at),
        )
    ]
    found: dict[str, dict[PhaseKey, datetime]] = {}
    with progress.db.session() as session:
        for query in queries:
            for user, playbook, phase, at in session.execute(query):
                if at is None:
                    continue
                when = _utc(at)
                phases = found.setdefault(user, {})
                key = (playbook, phase)
                phases[key] = max(phases.get(key, when), when)
    return found


def _utc(at: datetime | str) -> datetime:
    """A stored moment as an aware UTC datetime (SQLite may hand back text for an aggregate)."""
    moment = at if isinstance(at, datetime) else datetime.fromisoformat(at)
    return aware(moment).astimezone(UTC)


def _reps(progress: Progress, team: str | None) -> list[Rep]:
    """A team's reps, or every rep and everyone who has started learning without a team."""
    registered = progress.reps(team)
    reps = [r for r in registered if not r.is_manager]
    if team is None:
        known = {r.user_id for r in registered}
        reps += [Rep(user_id) for user_id in sorted(progress.learners() - known)]
    return sorted(reps, key=lambda r: (r.team.casefold(), r.name.casefold(), r.user_id))


def readiness(progress: Progress | None, catalog: Catalog, filters: Filters) -> TeamReadiness:
    """Each rep's stage in each phase on their path, and per phase how many are at each stage.
    ``progress`` None: the store has no learning tables yet, so nobody is on a path."""
    books = [
        book
        for book in catalog.playbooks.values()
        if filters.keeps(book.id) and (filters.team is None or on_path(book, filters.team))
    ]
    reps = _reps(progress, filters.team) if progress is not None else []
    ids = [r.user_id for r in reps]
    done = progress.summaries(ids) if progress is not None and ids else {}
    when = last_activity(progress, ids) if progress is not None and ids else {}
    lines = []
    for rep in reps:
        records, moments = done.get(rep.user_id, {}), when.get(rep.user_id, {})
        started = {pid for pid, _ in [*records, *moments]}
        states = [
            PhaseStatus(ref, records.get(ref.key, PhaseProgress()), moments.get(ref.key))
            for book in books
            if on_path(book, rep.team or None) or book.id in started
            for ref in phases_of(book)
        ]
        if states:  # a rep none of whose playbooks are shown is not part of this view
            lines.append(RepReadiness(rep, tuple(states)))
    return TeamReadiness(filters.team, tally(books, lines), tuple(lines))


def tally(books: Iterable[PlaybookInfo], lines: Iterable[RepReadiness]) -> tuple[PhaseTally, ...]:
    counts: dict[PhaseKey, dict[Stage, int]] = {}
    for line in lines:
        for state in line.phases:
            stages = counts.setdefault(state.phase.key, {})
            stages[state.stage] = stages.get(state.stage, 0) + 1
    out = []
    for book in books:
        for ref in phases_of(book):
            stages = counts.get(ref.key, {})
            out.append(
                PhaseTally(
                    ref,
                    stages.get(Stage.READY, 0),
                    stages.get(Stage.IN_PROGRESS, 0),
                    stages.get(Stage.NOT_STARTED, 0),
                )
            )
    return tuple(out)
