from __future__ import annotations

import json
from typing import Any

from pregame.insights.catalog import Catalog
from pregame.insights.digest import Digest, address, digests
from pregame.insights.events import EventStore, Filters
from pregame.insights.headline import last_days
from pregame.insights.people import Roster
from pregame.insights.service import Insights
from tests.insights.conftest import TODAY, add_events, fixture_events
from tests.support.fakes import HashingEmbedder


def test_each_owner_gets_what_they_own(insights: Insights) -> None:
    by_owner = {d.owner: d for d in digests(insights, Filters())}
    enablement = by_owner["Sales Enablement"]
    assert enablement.disliked and all(r.owner == "Sales Enablement" for r in enablement.disliked)
    assert all(r.down for r in enablement.disliked)
    text = enablement.text("http://127.0.0.1:8050/")
    assert "👎" in text and "http://127.0.0.1:8050/" in text
    assert not any(d.empty for d in by_owner.values())


def test_owners_with_nothing_to_see_get_no_digest(insights: Insights) -> None:
    owners = {d.owner for d in digests(insights, last_days(TODAY))}
    assert owners == {"Sales Enablement", "Enterprise Sales Enablement"}
    assert "Field Marketing and Partner Team" not in owners  # no 👎, nothing stale
    assert digests(insights, Filters(since=TODAY.replace(year=2027))) == []


def test_stale_content_goes_to_its_owner(insights: Insights) -> None:
    insights.today = lambda: TODAY.replace(year=2028)  # two years on, the documents are stale
    by_owner = {d.owner: d for d in digests(insights, last_days(TODAY))}
    assert by_owner["Field Marketing"].stale
    assert all(s.owner == "Field Marketing" for s in by_owner["Field Marketing"].stale)
    assert "Stale content:" in by_owner["Field Marketing"].text()


def _slot(rows: list[dict[str, Any]], name: str, value: str) -> dict[str, Any]:
    return next(
        r
        for r in rows
        if r["type_name"] == "slot"
        and r["action_name"] == name
        and json.loads(r["data"]).get("value") == value
    )


def _objection_in_a_play(catalog: Catalog, url: str) -> Insights:
    """A recorded unknown objection, raised while a complex-deals play was open: the recorded
    slot events of a complex-deals play, moved into that seller's conversation just before."""
    rows = fixture_events()
    unknown = next(
        r
        for r in rows
        if r["type_name"] == "bot"
        and (json.loads(r["data"])["data"]["custom"] or {}).get("type") == "objection_unknown"
    )
    play = [_slot(rows, "playbook", "complex-deals"), _slot(rows, "phase", "post-purchase")]
    moved = [
        {**r, "sender_id": unknown["sender_id"], "timestamp": unknown["timestamp"] - 30}
        for r in play
    ]
    add_events(url, moved)
    return Insights(EventStore.from_url(url), catalog, HashingEmbedder(), today=lambda: TODAY)


def test_uncovered_objections_go_to_the_playbook_owner(sqlite_url: str, catalog: Catalog) -> None:
    insights = _objection_in_a_play(catalog, sqlite_url)
    by_owner = {d.owner: d for d in digests(insights, Filters())}
    gaps = by_owner["Enterprise Sales Enablement"].uncovered
    assert gaps and all("complex-deals" in g.cluster.playbooks for g in gaps)
    text = by_owner["Enterprise Sales Enablement"].text()
    assert "Objections your playbooks don't cover:" in text and ", in " in text


def test_digests_are_addressed_and_one_person_gets_one() -> None:
    found = [Digest("Sales Enablement", period="p"), Digest("Deal Desk"), Digest("<@U0ANA0001>")]
    roster = Roster.build([], {"sales enablement": "U0ANA0001"})
    addressed = address(found, roster)
    assert [(a.digest.owner, a.slack_id) for a in addressed] == [
        ("Sales Enablement, <@U0ANA0001>", "U0ANA0001"),
        ("Deal Desk", None),
    ]
