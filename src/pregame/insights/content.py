"""Content: which documents Pregame offered, which it never offers, which are stale."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pregame.insights.catalog import Catalog, DocumentInfo
from pregame.insights.events import BotEvent, EventStore, Filters
from pregame.insights.timeline import Timeline, playbook_of
from pregame.retrieval.freshness import DEFAULT_REVIEW_DAYS, Review, Status, check

DOCUMENT_FIELDS = {
    "content": "items",
    "step": "content",
    "prep": "content",
    "objection": "proof",
    "answer": "citations",
    "objection_unknown": "citations",
}
"""Where each reply type lists the documents it offers or quotes."""


def documents_in(event: BotEvent) -> list[str]:
    """The document sources a bot message offered or quoted, once each."""
    listed: Any = event.payload.get(DOCUMENT_FIELDS.get(event.type, ""), []) or []
    return list(dict.fromkeys(str(source) for source in listed if source))


@dataclass(frozen=True)
class Offered:
    source: str
    title: str
    owner: str
    total: int
    by_kind: dict[str, int]
    sellers: int


@dataclass(frozen=True)
class Stale:
    source: str
    title: str
    owner: str
    why: str


@dataclass(frozen=True)
class ContentReport:
    offered: list[Offered] = field(default_factory=list)
    never_offered: list[DocumentInfo] = field(default_factory=list)
    stale: list[Stale] = field(default_factory=list)


def stale_documents(
    documents: Iterable[DocumentInfo], today: date, review_days: int
) -> list[Stale]:
    """Documents past ``expires``, or last reviewed more than ``review_days`` ago (or never):
    the rule of :mod:`pregame.retrieval.freshness`, the one sellers' answers are flagged by."""
    out = []
    for doc in documents:
        review = Review(doc.owner, doc.last_reviewed, doc.expires)
        found = check(review, today, review_days)
        if found is None:
            continue
        if found.status is Status.EXPIRED:
            why = f"expired {doc.expires}"
        elif found.status is Status.REVIEW_OVERDUE:
            why = f"last reviewed {doc.last_reviewed}"
        else:
            why = "never reviewed"
        out.append(Stale(doc.source, doc.title, doc.owner, why))
    return out


def content(
    store: EventStore,
    filters: Filters,
    catalog: Catalog,
    today: date,
    review_days: int = DEFAULT_REVIEW_DAYS,
) -> ContentReport:
    """Documents offered (in content lists, steps, briefs, objection proof) or quoted (answers),
    most first; documents never offered in the range; stale documents with their owners."""
    playbooks = Timeline(store.slots(filters, ["playbook"], from_start=True))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    sellers: dict[str, set[str]] = defaultdict(set)
    seller_of = store.sellers()
    for event in store.bot(filters, DOCUMENT_FIELDS):
        if not filters.keeps(playbook_of(event, playbooks)):
            continue
        for source in documents_in(event):
            counts[source][event.type] += 1
            sellers[source].add(seller_of.get(event.sender, event.sender))
    offered = []
    for source, kinds in counts.items():
        info = catalog.documents.get(source)
        offered.append(
            Offered(
                source=source,
                title=info.title if info else source,
                owner=info.owner if info else "",
                total=sum(kinds.values()),
                by_kind=dict(kinds),
                sellers=len(sellers[source]),
            )
        )
    offered.sort(key=lambda o: (-o.total, o.source))
    never = [d for s, d in sorted(catalog.documents.items()) if s not in counts]
    return ContentReport(
        offered=offered,
        never_offered=never,
        stale=stale_documents(catalog.documents.values(), today, review_days),
    )
