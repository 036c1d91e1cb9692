"""coach/coach.py with stale knowledge: fresh proof and content first, stale kept and flagged.

Runs on a copy of the project's playbooks and knowledge (the ``project`` fixture), with a fixed
"today" injected into the coach; documents are made stale by editing their front matter.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from pregame.coach.coach import Coach
from pregame.coach.state import PlayState
from pregame.indexing import index_default
from pregame.retrieval.freshness import Freshness
from pregame.services import Services

TODAY = dt.date(2026, 12, 2)
ROI = "roi-business-case-guide.md"
PRICING = "pricing-and-packaging.md"
ROI_NOTE = "last reviewed 14 months ago; owner: Sales Enablement"


def make_stale(knowledge: Path, source: str, **front: str) -> None:
    """Rewrite front matter keys of a document (and move its mtime on, so a refresh sees it)."""
    path = knowledge / source
    text = path.read_text(encoding="utf-8")
    for key, value in front.items():
        text, n = re.subn(rf"(?m)^{key}:.*$", f"{key}: {value}", text, count=1)
        if n == 0:
            text = text.replace("---\n", f"---\n{key}: {value}\n", 1)
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def fixed(coach: Coach) -> Coach:
    coach.freshness = Freshness(180, today=lambda: TODAY)
    coach.refresh()
    return coach


def test_fresh_proof_comes_first_and_the_stale_one_follows_flagged(
    coach: Coach, project: Path
) -> None:
    make_stale(project / "knowledge", ROI, last_reviewed="2025-10-01")
    reply = fixed(coach).objection(PlayState(), "", chosen="b2b-buyer-experience/too-expensive")
    proof = reply.replies[0].data["proof"]
    assert [p["source"] for p in proof] == [PRICING, ROI], "the playbook lists ROI first"
    assert proof[0]["stale"] is None
    assert proof[1]["stale"]["note"] == ROI_NOTE
    assert f"`{ROI}` [⚠ {ROI_NOTE}]" in reply.replies[0].text


def test_stale_proof_is_kept_and_flagged_when_it_is_the_only_proof(
    coach: Coach, project: Path
) -> None:
    make_stale(project / "knowledge", ROI, expires="2026-11-30")
    reply = fixed(coach).objection(PlayState(), "", chosen="b2b-buyer-experience/no-budget")
    (proof,) = reply.replies[0].data["proof"]
    assert proof["source"] == ROI
    assert proof["stale"]["status"] == "expired"
    assert proof["stale"]["note"] == "expired 2 days ago; owner: Sales Enablement"


def test_step_and_prep_put_fresh_documents_first(coach: Coach, project: Path) -> None:
    knowledge = project / "knowledge"
    make_stale(knowledge, "discovery-question-bank.md", last_reviewed="2024-06-01")
    fixed(coach)
    state = PlayState("b2b-buyer-experience", "discovery", step=1)  # content: question bank, ROI
    step = coach.go_to(state, [], 2).replies[0].data
    assert [d["source"] for d in step["content"]] == [ROI, "discovery-question-bank.md"]
    assert (
        step["content"][1]["stale"]["note"] == "last reviewed 2 years ago; owner: Sales Enablement"
    )
    # The brief has room for 3 of the phase's 4 documents: the stale one, listed first in the
    # playbook, is the one left out.
    brief = coach.prep(state, "Acme").replies[0].data["content"]
    assert [d["source"] for d in brief] == [
        ROI,
        "security-overview-one-pager.md",
        "follow-up-email-templates.md",
    ]
    assert all(d["stale"] is None for d in brief)


def test_content_keeps_the_asked_for_document_flagged_next_to_fresh_ones(
    coach: Coach, project: Path, services: Services
) -> None:
    make_stale(project / "knowledge", "case-study-manufacturing.md", last_reviewed="2025-10-01")
    index_default(services)  # the index carries front matter too
    fixed(coach)
    state = PlayState("b2b-buyer-experience", "discovery", "cfo", step=0)
    items = coach.content(state, "Halvorsen manufacturing case study").replies[0].data["items"]
    by_source = {i["source"]: i for i in items}
    asked = by_source["case-study-manufacturing.md"]
    assert asked["stale"]["owner"] == "Sales Enablement"
    assert asked["stale"]["note"].startswith("last reviewed 14 months ago")
    assert any(i["stale"] is None for i in items), "a fresh alternative is offered too"
    text = coach.content(state, "Halvorsen manufacturing case study").replies[0].text
    assert "⚠ last reviewed 14 months ago; owner: Sales Enablement" in text


def test_nothing_is_flagged_while_the_sample_knowledge_is_fresh(coach: Coach) -> None:
    fixed(coach)
    reply = coach.objection(PlayState(), "", chosen="b2b-buyer-experience/too-expensive")
    assert all(p["stale"] is None for p in reply.replies[0].data["proof"])
    assert "⚠" not in reply.replies[0].text
