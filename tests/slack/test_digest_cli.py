"""`pregame digest`: print each owner's digest, or DM them with --send (mock Slack Web API)."""

from __future__ import annotations

from datetime import date

import typer
from typer.testing import CliRunner

from pregame.cli.insights import InsightsWiring, register
from pregame.insights.catalog import load_catalog
from pregame.insights.events import EventStore
from pregame.insights.service import Insights
from pregame.settings import Settings
from pregame.slack.config import SlackSettings
from tests.support.fakes import HashingEmbedder
from tests.support.paths import FIXTURES, ROOT
from tests.support.slack_edge import MockSlack

OWNERS = {"Sales Enablement": "U0SALES01"}


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def _insights(_: Settings, database: str | None) -> Insights:
    store = EventStore.from_url(database or f"sqlite:///{FIXTURES / 'insights' / 'events.db'}")
    catalog = load_catalog(ROOT / "playbooks", ROOT / "knowledge")
    return Insights(store, catalog, HashingEmbedder(), today=lambda: date(2026, 12, 2))


def _wiring(slack: SlackSettings | None = None) -> InsightsWiring:
    settings = Settings(owners=OWNERS, dashboard_url="https://pregame.example.com/")
    return InsightsWiring(
        settings=lambda: settings,
        insights=_insights,
        slack=lambda: slack or SlackSettings(bot_token=""),
    )


def test_digest_prints_each_owner_without_sending(mock_slack: MockSlack) -> None:
    result = CliRunner().invoke(_app(), ["digest"], obj=_wiring())
    assert result.exit_code == 0, result.output
    assert "── Sales Enablement (U0SALES01)" in result.output
    assert "── Enterprise Sales Enablement (no Slack id" in result.output
    assert "Details: https://pregame.example.com/" in result.output
    assert mock_slack.calls == []


def test_digest_send_dms_the_owners_it_can_reach(mock_slack: MockSlack) -> None:
    slack = SlackSettings(bot_token="xoxb-test", api_url=mock_slack.url)
    result = CliRunner().invoke(_app(), ["digest", "--send"], obj=_wiring(slack))
    assert result.exit_code == 0, result.output
    assert "Sent 1 digest(s)." in result.output
    assert "Not sent, no Slack id: Enterprise Sales Enablement." in result.output
    assert [c["users"] for c in mock_slack.calls_to("conversations.open")] == ["U0SALES01"]
    (post,) = mock_slack.calls_to("chat.postMessage")
    assert post["channel"] == "DU0SALES01"


def test_digest_send_needs_the_bot_token() -> None:
    result = CliRunner().invoke(_app(), ["digest", "--send"], obj=_wiring())
    assert result.exit_code == 2 and "SLACK_BOT_TOKEN" in result.output


def test_a_quiet_range_has_nothing_to_send() -> None:
    wiring = InsightsWiring(
        settings=lambda: Settings(root=ROOT, knowledge_dir=FIXTURES / "insights" / "none"),
        insights=lambda s, d: Insights(
            EventStore.from_url(f"sqlite:///{FIXTURES / 'insights' / 'events.db'}"),
            load_catalog(ROOT / "playbooks", FIXTURES / "insights" / "none"),
            HashingEmbedder(),
            today=lambda: date(2027, 6, 1),
        ),
    )
    result = CliRunner().invoke(_app(), ["digest", "--since", "3"], obj=wiring)
    assert result.exit_code == 0 and "Nothing needs an owner's attention." in result.output
    assert CliRunner().invoke(_app(), ["digest", "--since", "0"], obj=wiring).exit_code == 2
