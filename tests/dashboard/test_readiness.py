"""The Readiness page: per phase and per rep, the team filter, aggregate-only, the report."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from pregame.dashboard.app import Options, create_app
from pregame.dashboard.pages import View, report
from pregame.insights.catalog import load_catalog
from pregame.insights.events import EventStore, Filters
from pregame.insights.service import Insights
from pregame.store.database import Database
from pregame.store.progress import Progress
from tests.support.fakes import HashingEmbedder
from tests.support.paths import FIXTURES, ROOT

B2B = "b2b-buyer-experience"
MOMENT = datetime(2026, 12, 1, 14, 30, tzinfo=UTC)


@pytest.fixture
def learning(tmp_path: Path) -> Insights:
    """The recorded conversations' store with Ana ready for B2B research, Ben's check failed in
    it, and Cara (another team) with nothing yet."""
    copy = tmp_path / "events.db"
    shutil.copy(FIXTURES / "insights" / "events.db", copy)
    url = f"sqlite:///{copy}"
    db = Database(url)
    db.migrate()
    progress = Progress(db, clock=lambda: MOMENT)
    progress.set_rep("U0ANA", team="east", display_name="Ana Lopez")
    progress.set_rep("U0BEN", team="east", display_name="Ben Okafor")
    progress.set_rep("U0CARA", team="west", display_name="Cara Nunes")
    for user, score in (("U0ANA", 90), ("U0BEN", 40)):
        attempt = progress.start_check(user, B2B, "research", "v1", 1, 1)
        progress.answer_check(attempt.id, 0, "q1", 0, score >= 80)
        progress.finish_check(attempt.id, score, score >= 80)
    progress.record_practice("U0ANA", B2B, "research", 75, True)
    db.dispose()
    catalog = load_catalog(ROOT / "playbooks", ROOT / "knowledge")
    return Insights(
        EventStore.from_url(url), catalog, HashingEmbedder(), today=lambda: date(2026, 12, 2)
    )


def _row(html: str, who: str, phase: str) -> str:
    """The table row of ``who`` in ``phase`` (the first one)."""
    for row in html.split("<tr>"):
        if f"<td>{who}</td>" in row and phase in row:
            return row
    raise AssertionError(f"no row for {who} in {phase}")


def test_the_page_lists_each_rep_and_phase(learning: Insights) -> None:
    html = TestClient(create_app(learning)).get("/readiness").text
    assert 'id="chart-readiness"' in html and "Plotly.newPlot" in html
    research = "B2B buyer experience playbook / 1. Research"
    ana = _row(html, "Ana Lopez", research)
    assert "90% passed" in ana and "75% passed" in ana and "<td>ready</td>" in ana
    assert "2026-12-01 14:30 UTC" in ana
    ben = _row(html, "Ben Okafor", research)
    assert "<td>40%</td>" in ben and "<td>no</td>" in ben
    cara = _row(html, "Cara Nunes", research)
    assert "<td>not started</td>" in cara and "<td>west</td>" in cara
    assert '<a href="/readiness"' in html and 'class="here">Readiness</a>' in html


def test_the_team_filter(learning: Insights) -> None:
    html = TestClient(create_app(learning)).get("/readiness?team=west").text
    assert "Cara Nunes" in html and "Ana Lopez" not in html and "Ben Okafor" not in html
    assert "<option selected>west</option>" in html


def test_aggregate_only_hides_the_names(learning: Insights) -> None:
    app = create_app(learning, Options(aggregate_only=True))
    html = TestClient(app).get("/readiness").text
    assert "Ana Lopez" not in html and "U0ANA" not in html
    assert "3 reps; names are hidden" in html
    assert 'id="chart-readiness"' in html


def test_the_report_has_the_page(learning: Insights) -> None:
    html = report(learning, View(Filters(team="east")))
    assert '<h1 id="readiness">Readiness</h1>' in html
    assert "Ana Lopez" in html and "Cara Nunes" not in html
    hidden = report(learning, View(Filters(), aggregate_only=True))
    assert "Ana Lopez" not in hidden and "names are hidden" in hidden


def test_without_learning_records(insights: Insights) -> None:
    html = TestClient(create_app(insights)).get("/readiness").text
    assert "No reps on a learning path yet" in html and 'id="chart-readiness"' in html
