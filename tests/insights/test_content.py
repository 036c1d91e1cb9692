from __future__ import annotations

from datetime import date

from pregame.insights.catalog import read_documents
from pregame.insights.content import stale_documents
from pregame.insights.events import Filters
from pregame.insights.service import Insights
from tests.support.paths import FIXTURES


def test_offered_and_never_offered(insights: Insights) -> None:
    report = insights.content(Filters())
    offered = {o.source: o for o in report.offered}
    assert "discovery-question-bank.md" in offered
    assert offered["discovery-question-bank.md"].owner == "Sales Enablement"
    assert report.offered == sorted(report.offered, key=lambda o: (-o.total, o.source))
    never = {d.source for d in report.never_offered}
    assert never and not never & set(offered)


def test_stale_documents_with_owners() -> None:
    docs = read_documents(FIXTURES / "insights" / "knowledge")
    stale = {s.source: s for s in stale_documents(docs.values(), date(2026, 12, 2), 180)}
    assert set(stale) == {"old-battlecard.md", "expired-pricing.md"}
    assert stale["expired-pricing.md"].owner == "Deal Desk"
    assert stale["expired-pricing.md"].why == "expired 2026-06-30"
    assert stale["old-battlecard.md"].why == "last reviewed 2024-01-15"
