"""The headline a manager sees first (the App Home in Slack, the dashboard's overview): a few
numbers for a range, and the top gaps to fill."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from pregame.insights.events import Filters
from pregame.insights.feedback import scoped_votes
from pregame.insights.service import Insights


@dataclass(frozen=True)
class Gap:
    kind: Literal["question", "objection"]
    """An unanswered question, or an objection no playbook covers."""
    label: str
    count: int
    sellers: int


@dataclass(frozen=True)
class Headline:
    filters: Filters
    active_sellers: int = 0
    conversations: int = 0
    plays: int = 0
    unanswered: int = 0
    """Questions with no answer, or only a low-relevance one."""
    thumbs_down: int = 0
    gaps: list[Gap] = field(default_factory=list)


def last_days(today: date, days: int = 7) -> Filters:
    """The ``days`` days up to and including ``today``."""
    return Filters(since=today - timedelta(days=days - 1), until=today)


def headline(insights: Insights, filters: Filters, top: int = 3) -> Headline:
    """The headline numbers and the ``top`` gaps (unanswered-question clusters and uncovered
    objection clusters together, biggest first)."""
    use = insights.adoption(filters)
    questions = insights.unanswered(filters)
    objections = insights.objections(filters).uncovered
    gaps = [Gap("question", c.label, c.count, c.sellers) for c in questions]
    gaps += [
        Gap("objection", u.cluster.label, u.cluster.count, u.cluster.sellers) for u in objections
    ]
    gaps.sort(key=lambda g: (-g.count, -g.sellers, g.label))
    return Headline(
        filters=filters,
        active_sellers=use.sellers,
        conversations=use.conversations,
        plays=use.plays,
        unanswered=sum(c.count for c in questions),
        thumbs_down=sum(1 for v, _ in scoped_votes(insights.store, filters) if not v.helpful),
        gaps=gaps[:top],
    )
