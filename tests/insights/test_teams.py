"""Sellers and teams: a Slack seller is the user in the messages' metadata (a conversation is a
thread); the team filter keeps the conversations of a team's reps (``pregame_reps``)."""

from __future__ import annotations

from datetime import UTC, datetime

from pregame.insights.catalog import Catalog
from pregame.insights.events import EventStore, Filters
from pregame.insights.feedback import votes
from pregame.insights.service import Insights
from pregame.store.database import Database
from pregame.store.progress import Progress
from pregame.store.records import Feedback, Records
from tests.insights.conftest import TODAY, add_events, as_slack_thread, fixture_events
from tests.support.fakes import HashingEmbedder


def _insights(url: str, catalog: Catalog) -> Insights:
    return Insights(EventStore.from_url(url), catalog, HashingEmbedder(), today=lambda: TODAY)


def test_without_a_reps_table_there_are_no_teams(writable_url: str, catalog: Catalog) -> None:
    insights = _insights(writable_url, catalog)
    assert insights.teams() == []
    assert insights.adoption(Filters(team="east")).sellers == 0


def test_the_team_filter_keeps_its_reps_conversations(writable_url: str, catalog: Catalog) -> None:
    db = Database(writable_url)
    db.migrate()
    progress = Progress(db)
    for seller in ("seller-ana", "seller-ben"):
        progress.set_rep(seller, team="east")
    progress.set_rep("seller-cara", team="west")
    insights = _insights(writable_url, catalog)
    assert insights.teams() == ["east", "west"]
    everyone = insights.adoption(Filters())
    east = insights.adoption(Filters(team="east"))
    assert set(east.per_seller) == {"seller-ana", "seller-ben"}
    assert east.plays < everyone.plays
    assert set(insights.adoption(Filters(team="west")).per_seller) == {"seller-cara"}
    east_runs = sum(f.runs for f in insights.funnel(Filters(team="east")))
    assert 0 < east_runs < sum(f.runs for f in insights.funnel(Filters()))
    assert insights.adoption(Filters(team="nobody")).sellers == 0


def test_a_slack_seller_is_one_person_across_threads(writable_url: str, catalog: Catalog) -> None:
    rows = fixture_events()
    add_events(
        writable_url,
        as_slack_thread(rows, "seller-ana", "slack:T1:C1:100.1", "U0DANA001")
        + as_slack_thread(rows, "seller-ben", "slack:T1:C2:200.1", "U0DANA001"),
    )
    db = Database(writable_url)
    db.migrate()
    Progress(db).set_rep("U0DANA001", team="north")
    insights = _insights(writable_url, catalog)
    north = insights.adoption(Filters(team="north"))
    assert north.per_seller.keys() == {"U0DANA001"}
    assert north.per_seller["U0DANA001"] == (
        insights.adoption(Filters()).per_seller["seller-ana"]
        + insights.adoption(Filters()).per_seller["seller-ben"]
    )
    assert insights.store.sellers()["slack:T1:C2:200.1"] == "U0DANA001"
    assert {f.runs for f in insights.funnel(Filters(team="north"))} >= {1}


def test_a_slack_click_told_to_the_bot_too_counts_once(sqlite_url: str) -> None:
    """The Slack app records a 👎 and tells the bot (which sets the feedback slot): one vote."""
    rows = fixture_events()
    thread = as_slack_thread(rows, "seller-eve", "slack:T1:C9:300.1", "U0EVE0001")
    add_events(sqlite_url, thread)
    store = EventStore.from_url(sqlite_url)
    told = [v for v in votes(store, Filters()) if v.sender == "slack:T1:C9:300.1"]
    assert told, "seller-eve's conversation has feedback"
    first = told[0]
    db = Database(sqlite_url)
    db.migrate()
    clicked = datetime.fromtimestamp(first.at - 1, UTC)
    Records(db).feedback(
        Feedback(
            "U0EVE0001",
            "T1",
            "C9",
            "300.1",
            "300.9",
            "helpful" if first.helpful else "not_helpful",
            first.reason,
            {"type": "answer"},
            at=clicked,
        )
    )
    again = EventStore.from_url(sqlite_url)
    assert len([v for v in votes(again, Filters()) if v.sender == "slack:T1:C9:300.1"]) == len(told)
