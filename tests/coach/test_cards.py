"""coach/cards.py: playbook parts and search results as replies, on the sample playbooks."""

from __future__ import annotations

import datetime as dt

import pytest

from pregame.coach import answer_cards, cards
from pregame.coach.stale import stale_flag
from pregame.coach.state import PlayState
from pregame.playbook.loader import load_playbook
from pregame.playbook.schema import Playbook
from pregame.replies import (
    AnswerPayload,
    ChooseObjectionPayload,
    ContentItem,
    ContentPayload,
    DocRef,
    ObjectionPayload,
    OverviewPayload,
    PhaseDonePayload,
    PlayStartedPayload,
    ReplyType,
    StepPayload,
    parse_payload,
)
from pregame.retrieval.catalog import Document
from pregame.retrieval.freshness import Review, check
from pregame.retrieval.search import Passage
from tests.support.paths import ROOT

NAV = ["/previous_step", "/next_step", "/ask_content"]


@pytest.fixture(scope="module")
def playbook() -> Playbook:
    return load_playbook(ROOT / "playbooks" / "b2b-buyer-experience.yml")


def doc(source: str, title: str) -> Document:
    return Document(source=source, title=title, type="guide", tags=())


def passage(text: str, score: float, heading: str = "") -> Passage:
    return Passage(
        text=text,
        score=score,
        source="pricing-and-packaging.md",
        title="Pricing and packaging",
        heading=heading,
        url="",
        metadata={},
    )


def test_every_card_payload_survives_the_trip_through_rasa(playbook: Playbook) -> None:
    state = PlayState(playbook.id, "discovery", "cfo", "email", 1)
    replies = [
        cards.play_started(playbook, state),
        cards.choose_phase(playbook, "Which stage?"),
        cards.choose_step(playbook.phase("discovery")),
        cards.step_card(playbook, state, [doc("a.md", "A")]),
        cards.phase_done(playbook, playbook.phase("discovery")),
        cards.overview(playbook, state),
        cards.choose_persona(playbook),
        cards.context_changed("Switched.", state),
        cards.nudge(in_play=True, agreed=True),
        cards.play_stopped(),
        cards.no_play(),
        cards.no_playbooks(),
        cards.content_list([ContentItem(title="A", source="a.md")], in_play=False),
        cards.objection_card(playbook, playbook.objections[0], 0.8, [], active=False),
        cards.which_objection([(playbook, playbook.objections[0])]),
        answer_cards.unknown_objection([passage("Discounts need approval.", 0.4)]),
        answer_cards.answer([passage("Discounts need approval.", 0.4)]),
        answer_cards.nothing("weather"),
        answer_cards.knowledge_unreachable(in_play=True),
    ]
    for reply in replies:
        assert reply.type is not ReplyType.TEXT
        assert parse_payload(reply.data) == reply.payload
        assert reply.text.strip()


def test_play_started_names_phase_persona_and_channel(playbook: Playbook) -> None:
    reply = cards.play_started(playbook, PlayState(playbook.id, "discovery", "cfo", "video"))
    assert reply.text.startswith("Got it: *Discovery* with the *CFO / finance leader* (video).")
    assert "(4 steps)" in reply.text and "What the buyer wants here:" in reply.text
    assert reply.payload == PlayStartedPayload(
        playbook=playbook.id, phase="discovery", persona="cfo", channel="video"
    )
    assert reply.buttons == ()


def test_choose_phase_offers_every_phase(playbook: Playbook) -> None:
    reply = cards.choose_phase(playbook, "Which stage is this call in?")
    assert reply.text.startswith("Which stage is this call in? B2B buyer experience playbook")
    assert [b.title for b in reply.buttons][:2] == ["Research and first touch", "Discovery"]
    assert reply.buttons[1].payload == (
        '/start_play{"playbook":"b2b-buyer-experience","phase":"discovery"}'
    )
    assert reply.data["phases"] == [p.id for p in playbook.phases]


def test_step_card_tailors_to_persona_and_channel(playbook: Playbook) -> None:
    state = PlayState(playbook.id, "discovery", "cfo", None, 1)
    reply = cards.step_card(playbook, state, [doc("roi.md", "ROI guide")])
    payload = reply.payload
    assert isinstance(payload, StepPayload)
    assert reply.text.startswith("*Discovery, step 2 of 4: ")
    assert payload.persona_note and f"For the CFO / finance leader: {payload.persona_note}" in (
        reply.text
    )
    assert payload.channel_note is None
    assert "Content: ROI guide (`roi.md`)" in reply.text
    assert payload.content == [DocRef(title="ROI guide", source="roi.md")]
    assert payload.exit_criteria == [] and 'Say "next"' in reply.text
    assert [b.payload for b in reply.buttons] == NAV


def test_the_last_step_states_the_exit_criteria_and_drops_next(playbook: Playbook) -> None:
    state = PlayState(playbook.id, "discovery", None, "email", 3)
    reply = cards.step_card(playbook, state, [])
    payload = reply.payload
    assert isinstance(payload, StepPayload)
    assert payload.exit_criteria == playbook.phase("discovery").exit_criteria
    assert "This is the last step. Exit criteria for Discovery:" in reply.text
    assert payload.channel_note and f"Over email: {payload.channel_note}" in reply.text
    assert payload.persona_note is None and "Content:" not in reply.text
    assert [b.payload for b in reply.buttons] == [NAV[0], NAV[2]]


def test_phase_done_offers_the_next_phase(playbook: Playbook) -> None:
    reply = cards.phase_done(playbook, playbook.phase("discovery"))
    assert "Next phase in the playbook: Evaluation." in reply.text
    assert [b.title for b in reply.buttons] == ["Back", "Start Evaluation"]
    assert reply.payload == PhaseDonePayload(
        phase="discovery",
        exit_criteria=playbook.phase("discovery").exit_criteria,
        next_phase="evaluation",
    )
    last = cards.phase_done(playbook, playbook.phases[-1])
    assert last.data["next_phase"] is None and len(last.buttons) == 1


def test_overview_marks_the_current_step_and_minutes(playbook: Playbook) -> None:
    reply = cards.overview(playbook, PlayState(playbook.id, "discovery", step=2))
    assert isinstance(reply.payload, OverviewPayload)
    assert [s.id for s in reply.payload.steps] == [
        "open-and-agenda",
        "current-state-and-impact",
        "map-decision-process",
        "agree-next-step",
    ]
    (here,) = [line for line in reply.text.splitlines() if "← you are here" in line]
    assert here.startswith("3. *") and "(8 min)" in here


def test_content_list_numbers_items_with_why_and_url() -> None:
    items = [
        ContentItem(title="Case study", source="case.md", url="https://x/case", why="related"),
        ContentItem(title="ROI guide", source="roi.md", why="recommended in the playbook"),
    ]
    reply = cards.content_list(items, in_play=True)
    assert reply.text.splitlines()[1] == "1. *Case study*: `case.md` https://x/case"
    assert "2. *ROI guide*: `roi.md`\n   recommended in the playbook" in reply.text
    assert reply.payload == ContentPayload(items=items)
    assert [b.payload for b in reply.buttons] == NAV
    assert cards.content_list(items, in_play=False).buttons == ()


def test_without_the_knowledge_base_content_and_answers_say_so() -> None:
    items = [ContentItem(title="ROI guide", source="roi.md", why="recommended in the playbook")]
    reply = cards.content_list(items, in_play=True, knowledge_reached=False)
    assert reply.text.splitlines()[0] == (
        "I can't reach the knowledge base right now, so this is only what the playbook recommends:"
    )
    assert reply.payload == ContentPayload(items=items)
    unreachable = answer_cards.knowledge_unreachable(in_play=False, cannot="answer that")
    assert unreachable.text == (
        "I can't reach the knowledge base right now, so I can't answer that. "
        "Please try again in a minute."
    )
    assert unreachable.data == {"type": "error"} and unreachable.buttons == ()
    in_play = answer_cards.knowledge_unreachable(in_play=True)
    assert in_play.text.endswith('Your play is where you left it: say "next" to go on.')
    assert [b.payload for b in in_play.buttons] == NAV


def test_objection_card_rounds_the_score_and_lists_proof(playbook: Playbook) -> None:
    objection = playbook.objection("too-expensive")
    proof = [doc("roi.md", "ROI guide")]
    reply = cards.objection_card(playbook, objection, 0.123456, proof, active=True)
    assert reply.text.startswith(f"*Objection: {objection.title}*\n{objection.response}")
    assert "Proof to share:\n  • *ROI guide*: `roi.md`" in reply.text
    assert isinstance(reply.payload, ObjectionPayload)
    assert reply.payload.score == 0.123 and reply.payload.proof == [
        DocRef(title="ROI guide", source="roi.md")
    ]
    assert [b.payload for b in reply.buttons] == NAV
    assert cards.objection_card(playbook, objection, 1.0, [], active=False).buttons == ()


def test_which_objection_offers_a_way_out(playbook: Playbook) -> None:
    options = [(playbook, o) for o in playbook.objections[:2]]
    reply = cards.which_objection(options)
    assert isinstance(reply.payload, ChooseObjectionPayload)
    assert [o.objection for o in reply.payload.options] == [o.id for _, o in options]
    assert reply.buttons[-1].payload == '/raise_objection{"objection":"none"}'
    assert reply.buttons[0].payload == (
        f'/raise_objection{{"objection":"{playbook.id}/{options[0][1].id}"}}'
    )


def test_nudge_in_a_play_offers_navigation() -> None:
    assert [b.payload for b in cards.nudge(in_play=True, agreed=False).buttons] == NAV
    idle = cards.nudge(in_play=False, agreed=False)
    assert idle.buttons == () and idle.text.startswith("No problem.")
    assert cards.nudge(in_play=False, agreed=True).text.startswith("Got it.")


# -- stale content: flagged in the text and the payload -----------------------------------------

TODAY = dt.date(2026, 12, 2)
OLD = check(Review("Field Marketing", dt.date(2025, 10, 1)), TODAY, 180)
EXPIRED = check(Review("Deal Desk", dt.date(2026, 11, 1), dt.date(2026, 9, 30)), TODAY, 180)
NOTE = "last reviewed 14 months ago; owner: Field Marketing"


def test_step_and_objection_cards_flag_stale_documents(playbook: Playbook) -> None:
    assert OLD is not None
    docs = [doc("roi.md", "ROI guide"), doc("booth.md", "Booth guide")]
    stale = {"booth.md": OLD}
    step = cards.step_card(playbook, PlayState(playbook.id, "discovery", step=1), docs, stale)
    assert f"Content: ROI guide (`roi.md`); Booth guide (`booth.md`) [⚠ {NOTE}]" in step.text
    assert isinstance(step.payload, StepPayload)
    fresh, old = step.payload.content
    assert fresh.stale is None and old.stale is not None and old.stale.note == NOTE
    objection = playbook.objection("too-expensive")
    card = cards.objection_card(playbook, objection, 0.9, docs, active=False, stale=stale)
    assert f"  • *Booth guide*: `booth.md` [⚠ {NOTE}]" in card.text
    assert "  • *ROI guide*: `roi.md`\n" in card.text
    assert isinstance(card.payload, ObjectionPayload)
    assert [r.stale is not None for r in card.payload.proof] == [False, True]
    # through Rasa's JSON and back
    assert parse_payload(card.data) == card.payload


def test_content_lists_and_answers_flag_stale_items() -> None:
    assert OLD is not None
    item = ContentItem(title="Booth guide", source="booth.md", why="related", stale=stale_flag(OLD))
    reply = cards.content_list([item], in_play=False)
    assert f"1. *Booth guide*: `booth.md`\n   related\n   ⚠ {NOTE}" in reply.text
    answer = answer_cards.answer(
        [passage("Discounts need approval.", 0.6)], {"pricing-and-packaging.md": OLD}
    )
    assert answer.text.endswith(f"(`pricing-and-packaging.md`)\n  ⚠ {NOTE}")
    assert isinstance(answer.payload, AnswerPayload)
    (citation,) = answer.payload.citations
    assert citation.stale is not None and citation.stale.owner == "Field Marketing"
    unknown = answer_cards.unknown_objection([passage("Discounts need approval.", 0.4)])
    assert "⚠" not in unknown.text, "nothing flagged without stale documents"
