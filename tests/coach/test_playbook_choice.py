"""Choosing between playbooks in a conversation: "which play?", switching, jumping back.

The sample playbooks are loaded with a second one written by someone who had only
playbooks/README.md (tests/fixtures/playbooks_second). Requests written by others, for both
(tests/fixtures/playbook_requests/sample_requests.jsonl, tests/fixtures/playbooks_second/
requests.jsonl), measure the choice with the real embedding model.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pregame.coach.coach import Coach
from pregame.coach.situations import PhaseMatcher
from pregame.coach.state import PlayState
from pregame.replies import Reply, ReplyType
from pregame.retrieval.embeddings import SentenceTransformerEmbedder
from pregame.settings import Settings
from tests.support.paths import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
SECOND = FIXTURES / "playbooks_second" / "partner-led-expansion.yml"
B2B, COMPLEX, EVENTS, PARTNER = (
    "b2b-buyer-experience",
    "complex-deals",
    "events-and-partners",
    "partner-led-expansion",
)


@pytest.fixture
def with_second(project: Path) -> Path:
    shutil.copy(SECOND, project / "playbooks" / SECOND.name)
    return project


@pytest.fixture
def coach2(with_second: Path, coach: Coach) -> Coach:
    """The coach over the samples and the second playbook (by names: no meaning model)."""
    return coach


def _payload_ids(button_payload: str) -> list[str]:
    """What texts(tracker) gives the coach for a button: the entity values it carries."""
    return list(json.loads(button_payload[button_payload.index("{") :]).values())


def _only(replies: list[Reply]) -> Reply:
    (reply,) = replies
    return reply


def test_words_that_fit_two_plays_ask_which_and_the_pick_keeps_what_was_said(
    coach2: Coach,
) -> None:
    said = ["call with the CFO on friday"]
    state = coach2.understand(PlayState(), said)
    assert state.playbook is None, "the form asks which play"
    asked = _only(coach2.start(PlayState(), said).replies)
    assert asked.data["type"] == ReplyType.CHOOSE_PLAYBOOK
    assert asked.text.startswith("Which play? ")
    by_title = {b.title: b.payload for b in asked.buttons}
    assert set(by_title) == {"B2B buyer experience playbook", "Partner-led expansion"}
    assert by_title["Partner-led expansion"] == (
        '/start_play{"playbook":"partner-led-expansion","persona":"finance-director"}'
    )

    picked = coach2.pick(state, _payload_ids(by_title["Partner-led expansion"]))
    assert (picked.playbook, picked.phase, picked.persona) == (PARTNER, None, "finance-director")
    phases = _only(coach2.start(picked, []).replies)
    assert phases.data == {**phases.data, "type": "choose_phase", "playbook": PARTNER}
    assert "Another play? Say which: B2B buyer experience playbook" in phases.text
    assert phases.buttons[1].payload == (
        '/start_play{"playbook":"partner-led-expansion","phase":"joint-expansion-call"}'
    )
    started = coach2.start(coach2.pick(picked, _payload_ids(phases.buttons[1].payload)), [])
    assert started.state == PlayState(PARTNER, "joint-expansion-call", "finance-director", None)
    assert started.replies[0].data["type"] == "play_started"


def test_a_named_phase_of_one_play_is_picked_with_its_persona(coach2: Coach) -> None:
    state = coach2.understand(PlayState(), ["expansion call with their finance director"])
    assert state == PlayState(PARTNER, "joint-expansion-call", "finance-director", None)


def test_no_the_reseller_play_switches_and_the_persona_follows(coach2: Coach) -> None:
    renewal = coach2.start(PlayState(), ["renewal call with the head of finance"]).state
    assert (renewal.playbook, renewal.phase, renewal.persona) == (B2B, "renewal", "cfo")
    moved = coach2.switch_playbook(renewal, ["no, the reseller play"])
    assert (moved.state.playbook, moved.state.persona) == (PARTNER, "finance-director")
    assert moved.state.phase is None, "no phase of the new play matches Renewal and expansion"
    assert _only(moved.replies).data["type"] == "choose_phase"


def test_the_partner_one_asks_between_the_two_partner_plays(coach2: Coach) -> None:
    playing = coach2.start(PlayState(), ["discovery call with the CFO"]).state
    asked = coach2.switch_playbook(playing, ["the partner one"])
    assert asked.state == playing, "nothing changes until the seller picks"
    reply = _only(asked.replies)
    assert reply.data["type"] == "choose_playbook"
    assert {o["playbook"] for o in reply.data["options"]} == {EVENTS, PARTNER}


def test_the_seller_can_get_back_after_a_phase_of_another_play(coach2: Coach) -> None:
    partner = coach2.start(PlayState(), ["joint expansion call with the reseller AM"]).state
    assert (partner.playbook, partner.phase) == (PARTNER, "joint-expansion-call")
    elsewhere = coach2.go_to(partner, ["go to build vs buy"], None)
    assert (elsewhere.state.playbook, elsewhere.state.phase) == (COMPLEX, "build-vs-buy")
    back = coach2.go_to(elsewhere.state, ["back to the joint expansion call"], None)
    assert (back.state.playbook, back.state.phase) == (PARTNER, "joint-expansion-call")
    assert back.replies[0].data["type"] == "play_started"
    named = coach2.switch_playbook(back.state, ["back to the buyer experience play"])
    assert (named.state.playbook, named.state.phase) == (B2B, "renewal"), (
        "the expansion call's names match B2B's Renewal and expansion"
    )


def test_this_one_is_with_our_reseller_moves_the_play(coach2: Coach) -> None:
    playing = coach2.start(PlayState(), ["renewal call with the CFO"]).state
    moved = coach2.switch(playing, ["this one is with our reseller"])
    assert moved.state.playbook == PARTNER
    cto = coach2.switch(moved.state, ["actually it's the CTO"])
    assert cto.state.playbook == PARTNER, "a persona of another playbook is no reason to move"
    assert _only(cto.replies).data["type"] == "choose_persona"


def test_the_sellers_team_narrows_the_choice(coach2: Coach) -> None:
    said = ["expansion call with their finance director and our partner"]
    enterprise = coach2.understand(PlayState(), said, team="enterprise-sales")
    assert enterprise.playbook == B2B and enterprise.phase == "renewal"
    vague = ["prep me for my call tomorrow"]
    assert coach2.understand(PlayState(), vague, team="channel-sales").playbook == PARTNER
    assert coach2.understand(PlayState(), vague, team="enterprise-sales").playbook == COMPLEX


def test_a_question_that_describes_a_play_is_followed_by_it(coach2: Coach) -> None:
    said = "got an rfp from their sourcing team, how do we decide if we even bid?"
    offer = coach2.suggest_play(PlayState(), said)
    assert offer is not None and offer.data["type"] == "choose_playbook"
    assert [(o["playbook"], o["phase"]) for o in offer.data["options"]] == [
        (COMPLEX, "rfp-response")
    ]
    assert offer.text.startswith("Want the play? Complex deals")
    playing = coach2.start(PlayState(), ["discovery call with the CFO"]).state
    assert coach2.suggest_play(playing, said) is None, "in a play, questions are about it"
    assert coach2.suggest_play(PlayState(), "how do I build a business case?") is None


# -- requests written by others, with the real embedding model --------------------------------


def _requests() -> list[dict[str, Any]]:
    samples = FIXTURES / "playbook_requests" / "sample_requests.jsonl"
    second = FIXTURES / "playbooks_second" / "requests.jsonl"
    rows = [{**json.loads(line), "set": "samples"} for line in samples.read_text().splitlines()]
    rows += [
        {**json.loads(line), "playbook": PARTNER, "set": "second"}
        for line in second.read_text().splitlines()
    ]
    return rows


@pytest.fixture(scope="module")
def real_embedder() -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(Settings().model_path())


def outcome(coach: Coach, request: dict[str, Any]) -> tuple[str, str]:
    """How the coach read a request: (picked | asked | wrong, phase right | asked | wrong | -)."""
    state = coach.understand(PlayState(), [request["text"]])
    if state.playbook is None:
        offered = coach.ask_playbook(state, [request["text"]]).replies[0].data["options"]
        among = request["playbook"] in {o["playbook"] for o in offered}
        return ("asked" if among else "wrong"), "-"
    if state.playbook != request["playbook"]:
        return "wrong", "-"
    if not request.get("phase"):
        return "picked", "-"
    if state.phase is None:
        return "picked", "asked"
    return "picked", "right" if state.phase == request["phase"] else "wrong"


@pytest.mark.model
def test_requests_written_by_others_pick_their_playbook(
    coach2: Coach, real_embedder: SentenceTransformerEmbedder
) -> None:
    coach = Coach(
        library=coach2.library,
        knowledge=coach2.knowledge,
        catalog=coach2.catalog,
        objections=coach2.objections,
        situations=PhaseMatcher(real_embedder),
    )
    requests = _requests()
    results = {id(r): outcome(coach, r) for r in requests}
    for name in ("samples", "second"):
        rows = [r for r in requests if r["set"] == name]
        books = Counter(results[id(r)][0] for r in rows)
        phases = Counter(results[id(r)][1] for r in rows if results[id(r)][1] != "-")
        print(f"\n{name}: {len(rows)} requests; playbook {dict(books)}; phase {dict(phases)}")
        for r in rows:
            if "picked" not in results[id(r)] or results[id(r)][1] in ("wrong", "asked"):
                print(f"  {results[id(r)]}: {r['playbook']}/{r.get('phase')}: {r['text']}")
        assert books["wrong"] <= 0.1 * len(rows), f"{name}: too many wrong playbooks"
        assert books["picked"] >= 0.7 * len(rows), f"{name}: too few picked outright"
        assert phases["wrong"] <= 0.1 * len(rows), f"{name}: too many wrong phases"
