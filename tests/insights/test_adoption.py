from __future__ import annotations

from datetime import date

from pregame.insights.adoption import week_of
from pregame.insights.events import Filters
from pregame.insights.service import Insights


def test_adoption_counts_what_the_recorded_conversations_did(insights: Insights) -> None:
    a = insights.adoption(Filters())
    assert a.sellers == 13
    assert a.plays == 10 and a.briefs == 3 and a.content_requests == 4
    assert a.plays_by_phase[("b2b-buyer-experience", "discovery")] == 5
    assert [w.week for w in a.weeks] == [date(2026, 11, 30)]
    assert a.weeks[0].new_sellers == 13 and a.weeks[0].returning_sellers == 0
    assert a.per_seller["seller-ana"] > a.per_seller["seller-eve"]


def test_a_playbook_filter_keeps_only_its_plays(insights: Insights) -> None:
    a = insights.adoption(Filters(playbook="complex-deals"))
    assert set(a.plays_by_phase) == {("complex-deals", "post-purchase")}
    assert a.plays == 2


def test_a_time_range_without_events_is_empty(insights: Insights) -> None:
    a = insights.adoption(Filters(since=date(2027, 1, 1)))
    assert a.sellers == 0 and a.weeks == [] and a.plays == 0


def test_weeks_start_on_monday() -> None:
    assert week_of(1796199570.0) == date(2026, 11, 30)
