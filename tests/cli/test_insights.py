from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from typer.testing import CliRunner

from pregame.cli.insights import InsightsWiring, register
from pregame.insights.catalog import load_catalog
from pregame.insights.events import EventStore
from pregame.insights.service import Insights
from pregame.settings import Settings
from tests.support.fakes import HashingEmbedder
from tests.support.paths import FIXTURES, ROOT


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def _insights(_: Settings, database: str | None) -> Insights:
    store = EventStore.from_url(database or f"sqlite:///{FIXTURES / 'insights' / 'events.db'}")
    catalog = load_catalog(ROOT / "playbooks", ROOT / "knowledge")
    return Insights(store, catalog, HashingEmbedder(), today=lambda: date(2026, 12, 2))


WIRING = InsightsWiring(settings=Settings, insights=_insights)


def test_report_writes_one_file(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        _app(), ["report", "--out", str(out), "--aggregate-only"], obj=WIRING
    )
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "Plotly.newPlot" in html and "seller-ana" not in html
    assert "Wrote" in result.output


def test_report_rejects_bad_dates(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        _app(), ["report", "--out", str(tmp_path / "r.html"), "--since", "May"], obj=WIRING
    )
    assert result.exit_code == 2


def test_dashboard_will_not_listen_on_the_network_without_a_token() -> None:
    result = CliRunner().invoke(_app(), ["dashboard", "--host", "0.0.0.0"], obj=WIRING)
    assert result.exit_code == 2
    assert "token" in result.output
