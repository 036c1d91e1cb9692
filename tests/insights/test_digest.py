from __future__ import annotations

from pregame.insights.digest import digests
from pregame.insights.events import Filters
from pregame.insights.service import Insights


def test_each_owner_gets_what_they_own(insights: Insights) -> None:
    by_owner = {d.owner: d for d in digests(insights, Filters())}
    enablement = by_owner["Sales Enablement"]
    assert enablement.disliked and all(r.owner == "Sales Enablement" for r in enablement.disliked)
    assert all(r.down for r in enablement.disliked)
    text = enablement.text("http://127.0.0.1:8050/")
    assert "👎" in text and "http://127.0.0.1:8050/" in text
    assert not any(d.empty for d in by_owner.values())
