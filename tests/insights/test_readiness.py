"""Onboarding readiness per rep and team, read from the learning progress tables (real SQLite and
PostgreSQL, the recorded conversations' store with the schema migrated on top)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from pregame.insights.catalog import Catalog, PlaybookInfo
from pregame.insights.events import EventStore, Filters
from pregame.insights.readiness import (
    PhaseStatus,
    RepReadiness,
    Stage,
    TeamReadiness,
    has_progress,
    on_path,
)
from pregame.insights.service import Insights
from pregame.store.database import Database
from pregame.store.progress import Progress
from tests.insights.conftest import TODAY
from tests.support.fakes import HashingEmbedder

B2B, COMPLEX, EVENTS = "b2b-buyer-experience", "complex-deals", "events-and-partners"
START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def _clock() -> Iterator[datetime]:
    """A minute later at every write, so each record's moment is known."""
    moment = START
    while True:
        yield moment
        moment += timedelta(minutes=1)


def _check(progress: Progress, user: str, playbook: str, phase: str, score: int) -> None:
    attempt = progress.start_check(user, playbook, phase, "v1", 1, 2)
    progress.answer_check(attempt.id, 0, "q1", 0, True)
    progress.answer_check(attempt.id, 1, "q2", 0, score >= 80)
    progress.finish_check(attempt.id, score, score >= 80)


@pytest.fixture
def recorded(writable_url: str) -> dict[str, datetime]:
    """Reps of two teams, a manager and a learner without a team, at different stages; returns
    the moment of each rep's last record."""
    db = Database(writable_url)
    db.migrate()
    ticks = _clock()
    progress = Progress(db, clock=lambda: next(ticks))
    progress.set_rep("U0ANA", team="enterprise-sales", display_name="Ana")
    progress.set_rep("U0BEN", team="enterprise-sales", display_name="Ben")
    progress.set_rep("U0CARA", team="west", display_name="Cara")
    progress.set_rep("U0DAN", team="enterprise-sales", display_name="Dan", is_manager=True)
    progress.mark_lesson_read("U0ANA", B2B, "research")
    _check(progress, "U0ANA", B2B, "research", 90)
    progress.record_practice("U0ANA", B2B, "research", 82, True)
    ana = progress.practice_attempts("U0ANA")[-1].at
    _check(progress, "U0BEN", COMPLEX, "research-trigger", 40)
    ben = progress.check_attempts("U0BEN")[-1].finished_at
    progress.start_check("U0LOU", B2B, "discovery", "v1", 1, 3)  # open, not finished
    lou = progress.check_attempts("U0LOU")[-1].started_at
    progress.mark_lesson_read("U0DAN", B2B, "research")
    db.dispose()
    assert ana and ben and lou
    return {"U0ANA": ana, "U0BEN": ben, "U0LOU": lou}


def _insights(url: str, catalog: Catalog) -> Insights:
    return Insights(EventStore.from_url(url), catalog, HashingEmbedder(), today=lambda: TODAY)


def _line(result: TeamReadiness, user: str) -> RepReadiness:
    return next(line for line in result.reps if line.rep.user_id == user)


def _state(line: RepReadiness, playbook: str, phase: str) -> PhaseStatus:
    return next(s for s in line.phases if s.phase.key == (playbook, phase))


def test_each_rep_and_phase(
    writable_url: str, catalog: Catalog, recorded: dict[str, datetime]
) -> None:
    result = _insights(writable_url, catalog).readiness(Filters())
    assert [line.rep.user_id for line in result.reps] == ["U0LOU", "U0ANA", "U0BEN", "U0CARA"]
    ana = _state(_line(result, "U0ANA"), B2B, "research")
    assert ana.stage is Stage.READY
    assert (ana.progress.check_best, ana.progress.practice_best) == (90, 82)
    assert ana.last_activity == recorded["U0ANA"]
    ben = _state(_line(result, "U0BEN"), COMPLEX, "research-trigger")
    assert ben.stage is Stage.IN_PROGRESS and ben.progress.check_best == 40
    assert not ben.progress.check_passed and ben.last_activity == recorded["U0BEN"]
    lou = _state(_line(result, "U0LOU"), B2B, "discovery")
    assert lou.stage is Stage.IN_PROGRESS, "an open check is a start"
    assert lou.progress.check_best is None and lou.last_activity == recorded["U0LOU"]
    cara = _line(result, "U0CARA")
    assert {s.stage for s in cara.phases} == {Stage.NOT_STARTED}
    assert cara.last_activity is None
    assert {s.phase.playbook_id for s in cara.phases} == {B2B, EVENTS}, "complex-deals is not hers"
    assert _line(result, "U0ANA").ready == 1


def test_per_phase_counts(
    writable_url: str, catalog: Catalog, recorded: dict[str, datetime]
) -> None:
    result = _insights(writable_url, catalog).readiness(Filters())
    counts = {t.phase.key: (t.ready, t.in_progress, t.not_started) for t in result.phases}
    assert counts[(B2B, "research")] == (1, 0, 3)
    assert counts[(B2B, "discovery")] == (0, 1, 3)
    assert counts[(COMPLEX, "research-trigger")] == (0, 1, 1), "ana and ben: enterprise-sales"
    assert counts[(EVENTS, "pre-event")] == (0, 0, 4)
    phases = [t.phase.key for t in result.phases]
    assert phases[:2] == [(B2B, "research"), (B2B, "discovery")], "in path order"
    assert len(phases) == sum(len(b.phases) for b in catalog.playbooks.values())


def test_the_team_and_playbook_filters(
    writable_url: str, catalog: Catalog, recorded: dict[str, datetime]
) -> None:
    insights = _insights(writable_url, catalog)
    east = insights.readiness(Filters(team="enterprise-sales"))
    assert [line.rep.name for line in east.reps] == ["Ana", "Ben"], "no manager, no other team"
    assert {t.phase.playbook_id for t in east.phases} == {B2B, COMPLEX, EVENTS}
    west = insights.readiness(Filters(team="west"))
    assert [line.rep.name for line in west.reps] == ["Cara"]
    assert COMPLEX not in {t.phase.playbook_id for t in west.phases}
    one = insights.readiness(Filters(playbook=COMPLEX))
    assert {t.phase.playbook_id for t in one.phases} == {COMPLEX}
    assert [line.rep.user_id for line in one.reps] == ["U0ANA", "U0BEN"]
    assert insights.readiness(Filters(team="nobody")).reps == ()


def test_a_store_without_the_learning_tables(writable_url: str, catalog: Catalog) -> None:
    insights = _insights(writable_url, catalog)
    assert not has_progress(insights.store.engine)
    result = insights.readiness(Filters())
    assert result.reps == ()
    assert result.phases and all(t.reps == 0 for t in result.phases)


def test_the_audience_decides_the_path() -> None:
    book = PlaybookInfo("p", "P", "owner", audience=("Enterprise-Sales",))
    assert on_path(book, "enterprise-sales") and not on_path(book, "west")
    assert not on_path(book, None)
    assert on_path(PlaybookInfo("q", "Q", "owner", audience=("everyone",)), None)
