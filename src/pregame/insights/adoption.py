"""Adoption: who uses Pregame, how often, and for what."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from pregame.insights.events import EventStore, Filters
from pregame.insights.timeline import Timeline, playbook_of


def week_of(moment: float) -> date:
    """The Monday (UTC) of the week a moment falls in."""
    day = datetime.fromtimestamp(moment, UTC).date()
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Week:
    week: date
    active_sellers: int
    new_sellers: int
    returning_sellers: int
    conversations: int


@dataclass(frozen=True)
class Adoption:
    weeks: list[Week] = field(default_factory=list)
    sellers: int = 0
    conversations: int = 0
    plays: int = 0
    briefs: int = 0
    content_requests: int = 0
    questions: int = 0
    objections: int = 0
    plays_by_phase: dict[tuple[str, str], int] = field(default_factory=dict)
    """Plays started, by (playbook, phase)."""
    per_seller: dict[str, int] = field(default_factory=dict)
    """Messages per seller (hidden in aggregate-only mode)."""


COUNTED = (
    "play_started",
    "prep",
    "content",
    "answer",
    "no_answer",
    "objection",
    "objection_unknown",
    "choose_objection",
)


def adoption(store: EventStore, filters: Filters) -> Adoption:
    """Active, new and returning sellers and conversations per week; plays, briefs and content
    requests. A conversation is a seller's messages on one day."""
    playbooks = Timeline(store.slots(filters, ["playbook"], from_start=True))
    users = store.user(filters)
    bots = [b for b in store.bot(filters, COUNTED) if filters.keeps(playbook_of(b, playbooks))]
    if filters.playbook is not None:
        users = [u for u in users if playbooks.at(u.sender, u.at) == filters.playbook]
    first = store.first_seen()
    active: dict[date, set[str]] = defaultdict(set)
    days: dict[date, set[tuple[str, date]]] = defaultdict(set)
    per_seller: Counter[str] = Counter()
    for event in users:
        week = week_of(event.at)
        active[week].add(event.seller)
        days[week].add((event.seller, datetime.fromtimestamp(event.at, UTC).date()))
        per_seller[event.seller] += 1
    weeks = []
    for week in sorted(active):
        new = {s for s in active[week] if s in first and week_of(first[s]) == week}
        weeks.append(
            Week(week, len(active[week]), len(new), len(active[week]) - len(new), len(days[week]))
        )
    kinds = Counter(b.type for b in bots)
    by_phase: Counter[tuple[str, str]] = Counter(
        (str(b.payload.get("playbook")), str(b.payload.get("phase")))
        for b in bots
        if b.type == "play_started"
    )
    return Adoption(
        weeks=weeks,
        sellers=len(per_seller),
        conversations=sum(w.conversations for w in weeks),
        plays=kinds["play_started"],
        briefs=kinds["prep"],
        content_requests=kinds["content"],
        questions=kinds["answer"] + kinds["no_answer"],
        objections=kinds["objection"] + kinds["objection_unknown"] + kinds["choose_objection"],
        plays_by_phase=dict(by_phase.most_common()),
        per_seller=dict(per_seller.most_common()),
    )
