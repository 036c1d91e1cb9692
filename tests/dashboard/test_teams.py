"""The team filter on the dashboard's pages and in the report."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import typer
from starlette.testclient import TestClient
from typer.testing import CliRunner

from pregame.cli.insights import InsightsWiring, register
from pregame.dashboard.app import create_app
from pregame.insights.catalog import load_catalog
from pregame.insights.events import EventStore
from pregame.insights.service import Insights
from pregame.settings import Settings
from pregame.store.database import Database
from pregame.store.progress import Progress
from tests.support.fakes import HashingEmbedder
from tests.support.paths import FIXTURES, ROOT


@pytest.fixture
def teams_url(tmp_path: Path) -> str:
    """The recorded conversations, with seller-ana and seller-ben in team east."""
    copy = tmp_path / "events.db"
    shutil.copy(FIXTURES / "insights" / "events.db", copy)
    url = f"sqlite:///{copy}"
    db = Database(url)
    db.migrate()
    for seller in ("seller-ana", "seller-ben"):
        Progress(db).set_rep(seller, team="east")
    Progress(db).set_rep("seller-cara", team="west")
    return url


def _insights(_: Settings, database: str | None) -> Insights:
    assert database is not None
    catalog = load_catalog(ROOT / "playbooks", ROOT / "knowledge")
    return Insights(
        EventStore.from_url(database), catalog, HashingEmbedder(), today=lambda: date(2026, 12, 2)
    )


def test_pages_filter_by_team(teams_url: str) -> None:
    client = TestClient(create_app(_insights(Settings(), teams_url)))
    everyone = client.get("/adoption").text
    assert '<select name="team">' in everyone and "<option >east</option>" in everyone
    east = client.get("/adoption?team=east").text
    assert "<option selected>east</option>" in east
    assert "seller-ana" in east and "seller-cara" not in east and "seller-cara" in everyone
    assert 'href="/funnel?team=east"' in east, "the filter follows the navigation"


def test_without_teams_there_is_no_team_choice(insights: Insights) -> None:
    assert 'name="team"' not in TestClient(create_app(insights)).get("/").text


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_the_report_for_one_team(teams_url: str, tmp_path: Path) -> None:
    wiring = InsightsWiring(settings=Settings, insights=_insights)
    out = tmp_path / "east.html"
    args = ["report", "--out", str(out), "--team", "east", "--database", teams_url]
    result = CliRunner().invoke(_app(), args, obj=wiring)
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "seller-ana" in html and "seller-cara" not in html


def test_an_unknown_team_or_playbook_is_an_error(teams_url: str, tmp_path: Path) -> None:
    wiring = InsightsWiring(settings=Settings, insights=_insights)
    base = ["report", "--out", str(tmp_path / "r.html"), "--database", teams_url]
    result = CliRunner().invoke(_app(), [*base, "--team", "esat"], obj=wiring)
    assert result.exit_code == 2 and "No team 'esat'. Known: east, west." in result.output
    result = CliRunner().invoke(_app(), [*base, "--playbook", "nope"], obj=wiring)
    assert result.exit_code == 2 and "No playbook 'nope'" in result.output
    assert not (tmp_path / "r.html").exists()
