from __future__ import annotations

from datetime import date

from pregame.insights.events import Filters
from pregame.insights.feedback import votes
from pregame.insights.headline import headline, last_days
from pregame.insights.service import Insights
from tests.insights.conftest import TODAY


def test_the_week_in_numbers_and_the_top_gaps(insights: Insights) -> None:
    week = last_days(TODAY)
    assert (week.since, week.until) == (date(2026, 11, 26), TODAY)
    head = headline(insights, week)
    use = insights.adoption(week)
    assert (head.active_sellers, head.conversations, head.plays) == (13, use.conversations, 10)
    assert head.unanswered == sum(c.count for c in insights.unanswered(week)) == 3
    assert head.thumbs_down == sum(1 for v in votes(insights.store, week) if not v.helpful) > 0
    assert len(head.gaps) == 3
    assert head.gaps[0].kind == "question" and "parental leave" in head.gaps[0].label
    assert {g.kind for g in head.gaps} == {"question", "objection"}
    assert [g.count for g in head.gaps] == sorted((g.count for g in head.gaps), reverse=True)


def test_a_quiet_week_has_nothing(insights: Insights) -> None:
    head = headline(insights, last_days(date(2027, 3, 1)))
    assert (head.active_sellers, head.plays, head.unanswered, head.thumbs_down) == (0, 0, 0, 0)
    assert head.gaps == []


def test_the_playbook_filter_narrows_the_thumbs_down(insights: Insights) -> None:
    everything = headline(insights, Filters()).thumbs_down
    one = headline(insights, Filters(playbook="complex-deals")).thumbs_down
    assert 0 < one < everything
