"""The App Home: the view, and the tab published when opened; a manager's has the insights."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from aiohttp import web

from pregame.insights.catalog import load_catalog
from pregame.insights.events import EventStore, Filters
from pregame.insights.headline import Gap, Headline
from pregame.insights.service import Insights
from pregame.settings import Settings
from pregame.slack.app import SlackApp, build_app
from pregame.slack.blocks.insights import manager_home
from pregame.slack.config import SlackSettings
from pregame.slack.home import HomePlay, HomePlaybook, home_view
from pregame.slack.http import start_http
from pregame.store.progress import Progress
from tests.support.fake_rasa import FakeRasa
from tests.support.fakes import HashingEmbedder
from tests.support.paths import FIXTURES, ROOT
from tests.support.slack_edge import LoopThread, MockSlack, mention
from tests.support.slack_harness import (
    SECRET,
    Harness,
    posted_in,
)


def test_home_view() -> None:
    playbooks = [HomePlaybook("B2B", ["Discovery", "Demo"], ["CFO"])]
    plays = [HomePlay("Discovery with the CFO", "C1", datetime(2025, 3, 4))]
    view = home_view(playbooks, plays)
    body = json.dumps(view)
    assert view["type"] == "home"
    assert "*B2B*\\nPhases: Discovery, Demo\\nBuyers: CFO" in body
    assert "Discovery with the CFO* in <#C1>, Mar 04" in body
    empty = json.dumps(home_view([], []))
    assert "No playbooks are loaded yet" in empty and "None yet" in empty


def test_home_tab_lists_playbooks_and_recent_plays(harness: Harness) -> None:
    harness.event(mention("discovery call", "100.1"), "Ev1")
    posted_in(harness, "100.1", 2)
    harness.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}, "Ev2")
    (published,) = harness.slack.wait_for("views.publish")
    assert published["user_id"] == "U1"
    home = json.dumps(published["view"])
    assert "B2B buyer experience playbook" in home
    assert "Discovery with the CFO" in home and "<#C1>" in home
    assert "Get started" in home


# -- a manager's App Home --------------------------------------------------------------------


def _week() -> Headline:
    return Headline(
        filters=Filters(date(2026, 11, 26), date(2026, 12, 2)),
        active_sellers=13,
        conversations=15,
        plays=10,
        unanswered=3,
        thumbs_down=8,
        gaps=[
            Gap("question", "what's our parental leave policy?", 3, 3),
            Gap("objection", "they say <!channel> we need SAP", 1, 1),
        ],
    )


def test_manager_home_view() -> None:
    seller = home_view([HomePlaybook("B2B", ["Discovery"], [])], [])
    view = manager_home(_week(), "https://pregame.example.com/", seller)
    body = json.dumps(view, ensure_ascii=False)
    assert view["type"] == "home" and view["blocks"][0]["text"]["text"] == "Your sellers this week"
    fields = [f["text"] for b in view["blocks"] if "fields" in b for f in b["fields"]]
    assert fields == [
        "*13*\nactive sellers",
        "*15*\nconversations",
        "*10*\nplays started",
        "*3*\nquestions not answered",
        "*8*\n👎",
    ]
    assert "parental leave policy?”: unanswered question, 3x by 3 sellers" in body
    assert "&lt;!channel&gt;" in body and "<!channel>" not in body, "sellers' words are escaped"
    assert "<https://pregame.example.com/|Open the dashboard>" in body
    assert "Get started" in body, "a manager keeps the seller's home below"
    quiet = json.dumps(manager_home(Headline(Filters()), "", seller))
    assert "No gaps this week" in quiet and "PREGAME_DASHBOARD_URL" in quiet


MANAGER = "U0MANAGER1"
BOSS = "U0BOSS0001"


@pytest.fixture
def manager_harness(
    loop: LoopThread, mock_slack: MockSlack, fake_rasa: FakeRasa, project: Path
) -> Iterator[Harness]:
    """The Slack app over a store holding the recorded conversations (the insights fixture),
    with one configured manager, and a rep marked as the manager of team east (seller-ana)."""
    (project / "bot").mkdir(exist_ok=True)
    shutil.copy(ROOT / "bot" / "domain.yml", project / "bot" / "domain.yml")
    store = project / "store.db"
    shutil.copy(FIXTURES / "insights" / "events.db", store)
    settings = Settings(
        root=project,
        data_dir=project / ".pregame",
        rasa_port=fake_rasa.port,
        database_url=f"sqlite:///{store}",
        managers=[MANAGER],
        dashboard_url="https://pregame.example.com/",
    )
    slack = SlackSettings(
        bot_token="xoxb-test", app_token="xapp-test", signing_secret=SECRET, api_url=mock_slack.url
    )

    def insights() -> Insights:
        catalog = load_catalog(project / "playbooks", project / "knowledge")
        events = EventStore.from_url(settings.database)
        return Insights(events, catalog, HashingEmbedder(), today=lambda: date(2026, 12, 2))

    async def start() -> tuple[SlackApp, web.AppRunner, int]:
        app = build_app(settings, slack, insights=insights)
        await app.start()
        Progress(app.records.db).set_rep(BOSS, team="east", is_manager=True)
        Progress(app.records.db).set_rep("seller-ana", team="east")
        runner, port = await start_http(app.bolt, SECRET, "127.0.0.1", 0)
        return app, runner, port

    app, runner, port = loop.run(start())
    url = f"http://127.0.0.1:{port}/slack/events"
    yield Harness(loop, mock_slack, fake_rasa, app, settings, url, runner)
    loop.run(runner.cleanup())
    loop.run(app.close())


def _open_home(h: Harness, user: str, event_id: str) -> str:
    before = len(h.slack.calls_to("views.publish"))
    h.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"}, event_id)
    published = h.slack.wait_for("views.publish", before + 1)[before]
    assert published["user_id"] == user
    return json.dumps(published["view"])


def test_a_manager_sees_the_week_and_a_seller_does_not(manager_harness: Harness) -> None:
    home = _open_home(manager_harness, MANAGER, "Ev1")
    assert "Your sellers this week" in home and "Nov 26 to Dec 02" in home
    assert "*13*\\nactive sellers" in home and "*10*\\nplays started" in home
    assert "parental leave" in home and "Top gaps to fill" in home
    assert "<https://pregame.example.com/|Open the dashboard>" in home
    assert "B2B buyer experience playbook" in home, "and the seller's home below"
    boss = _open_home(manager_harness, BOSS, "Ev2")
    assert "Team east this week" in boss, "a rep marked as a manager is one, of their team"
    assert "*1*\\nactive sellers" in boss, "seller-ana is the team"
    seller = _open_home(manager_harness, "U0SELLER01", "Ev3")
    assert "this week" not in seller and "Get started" in seller
