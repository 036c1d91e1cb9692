from __future__ import annotations

from datetime import UTC, datetime

from pregame.insights.events import EventStore, Filters
from pregame.insights.feedback import votes
from pregame.insights.service import Insights
from pregame.store.database import Database
from pregame.store.records import Feedback, Records


def test_worst_rated_first_with_owner_and_reasons(insights: Insights) -> None:
    rated = insights.feedback(Filters())
    shares = [r.down_share for r in rated]
    assert shares == sorted(shares, reverse=True)
    by_key = {(r.kind, r.key): r for r in rated}
    guide = by_key[("document", "roi-business-case-guide.md")]
    assert guide.down >= 1 and guide.owner == "Sales Enablement"
    assert any("too long" in reason for reason in guide.reasons)
    assert by_key[("playbook", "complex-deals")].owner == "Enterprise Sales Enablement"
    assert {r.kind for r in rated} >= {"playbook", "phase", "step", "objection", "document"}


def test_slack_button_feedback_counts_too(sqlite_url: str) -> None:
    db = Database(sqlite_url)
    db.migrate()
    Records(db).feedback(
        Feedback(
            "U1",
            "T1",
            "C1",
            "1.0",
            "2.0",
            "not_helpful",
            "outdated",
            {"type": "step", "playbook": "complex-deals", "phase": "post-purchase"},
            at=datetime(2026, 12, 2, 9, tzinfo=UTC),
        )
    )
    store = EventStore.from_url(sqlite_url)
    slack = [v for v in votes(store, Filters()) if v.sender == "slack:T1:C1:1.0"]
    assert len(slack) == 1 and slack[0].reason == "outdated" and not slack[0].helpful
