"""coach/prep.py: the call-prep brief, on the sample playbooks."""

from __future__ import annotations

import datetime as dt

import pytest

from pregame.coach.prep import likely_objections, next_step_to_secure, pick_questions, prep_brief
from pregame.coach.state import PlayState
from pregame.playbook.loader import load_playbook
from pregame.playbook.schema import Playbook
from pregame.replies import DocRef, ObjectionRef, PrepPayload, parse_payload
from pregame.retrieval.catalog import Document
from pregame.retrieval.freshness import Review, check
from tests.support.paths import ROOT

TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return load_playbook(ROOT / "playbooks" / "b2b-buyer-experience.yml")


def test_questions_come_one_per_step_first(playbook: Playbook) -> None:
    phase = playbook.phase("evaluation")
    picked = pick_questions(phase)
    assert picked == [step.questions[0] for step in phase.steps[:3]]
    assert pick_questions(phase, limit=5)[4] == phase.steps[0].questions[1]


def test_the_next_step_to_secure_names_a_meeting_or_date(playbook: Playbook) -> None:
    discovery = playbook.phase("discovery")
    assert next_step_to_secure(discovery).startswith("A next meeting")
    evaluation = playbook.phase("evaluation")
    assert next_step_to_secure(evaluation) == evaluation.exit_criteria[-1], "none names one"


def test_likely_objections_are_the_phases_own(playbook: Playbook) -> None:
    found = likely_objections(playbook, playbook.phase("evaluation"))
    assert [o.id for o in found] == ["too-expensive", "happy-with-current-vendor", "build-in-house"]
    assert all("evaluation" in o.phases for o in found)


def test_brief_for_a_persona_at_a_company(playbook: Playbook) -> None:
    state = PlayState(playbook.id, "evaluation", "cfo")
    docs = [Document(source="roi.md", title="ROI guide", type="guide", tags=())]
    reply = prep_brief(playbook, state, "Acme", docs)
    lines = reply.text.splitlines()
    assert lines[0] == "*Call prep: Evaluation with Acme's CFO / finance leader*"
    assert "*The CFO / finance leader cares about:*" in reply.text
    assert "*Bring:*\n  • ROI guide (`roi.md`)" in reply.text
    assert lines[-1].startswith("*Secure before you hang up:* ")
    payload = reply.payload
    assert isinstance(payload, PrepPayload)
    assert payload.company == "Acme" and payload.persona == "cfo"
    assert payload.content == [DocRef(title="ROI guide", source="roi.md")]
    assert payload.have_ready == playbook.phase("evaluation").call_prep[:3]
    assert payload.objections[0] == ObjectionRef(
        id="too-expensive", title=playbook.objection("too-expensive").title
    )
    assert len(payload.questions) == 3
    assert parse_payload(reply.data) == payload
    assert [(b.title, b.payload) for b in reply.buttons] == [
        ("Walk me through it", '/start_play{"phase":"evaluation"}'),
        ("Content", "/ask_content"),
        ("Rehearse it", "/rehearse"),
    ]


@pytest.mark.parametrize(
    ("company", "persona", "header"),
    [
        ("Initech", None, "*Call prep: Discovery with Initech*"),
        (None, "cfo", "*Call prep: Discovery with the CFO / finance leader*"),
    ],
)
def test_brief_names_who_the_call_is_with(
    playbook: Playbook, company: str | None, persona: str | None, header: str
) -> None:
    state = PlayState(playbook.id, "discovery", persona)
    reply = prep_brief(playbook, state, company, [])
    assert reply.text.splitlines()[0] == header
    assert reply.data["persona_name"] == ("CFO / finance leader" if persona else None)


def test_brief_without_persona_company_or_content(playbook: Playbook) -> None:
    reply = prep_brief(playbook, PlayState(playbook.id, "discovery"), None, [])
    assert reply.text.splitlines()[0] == "*Call prep: Discovery*"
    assert "*Bring:*" not in reply.text and "cares about" not in reply.text
    assert reply.data["persona"] is None and reply.data["company"] is None
    assert reply.data["content"] == []


def test_a_stale_document_to_bring_is_flagged(playbook: Playbook) -> None:
    old = check(Review("Deal Desk", dt.date(2026, 11, 1), dt.date(2026, 9, 30)), TODAY, 180)
    assert old is not None
    docs = [
        Document(source="roi.md", title="ROI guide", type="guide", tags=()),
        Document(source="price.md", title="Price list", type="pricing", tags=()),
    ]
    reply = prep_brief(
        playbook, PlayState(playbook.id, "evaluation"), None, docs, {"price.md": old}
    )
    assert (
        "*Bring:*\n  • ROI guide (`roi.md`)\n"
        "  • Price list (`price.md`) [⚠ expired 2 months ago; owner: Deal Desk]"
    ) in reply.text
    payload = reply.payload
    assert isinstance(payload, PrepPayload)
    assert [d.stale.status if d.stale else None for d in payload.content] == [None, "expired"]
