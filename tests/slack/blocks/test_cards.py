"""One card per reply type, from its typed payload."""

from __future__ import annotations

import json
import logging

import pytest

from pregame.replies import (
    AnswerPayload,
    ChooseObjectionPayload,
    ChoosePersonaPayload,
    ChoosePhasePayload,
    ChoosePlaybookPayload,
    ChooseStepPayload,
    Citation,
    ClarifyPayload,
    ContentItem,
    ContentPayload,
    ContextChangedPayload,
    DocRef,
    ErrorPayload,
    FallbackPayload,
    FeedbackRecordedPayload,
    HelpPayload,
    NoAnswerPayload,
    NoPlaybooksPayload,
    NoPlayPayload,
    NudgePayload,
    ObjectionOption,
    ObjectionPayload,
    ObjectionRef,
    ObjectionUnknownPayload,
    OutOfScopePayload,
    OverviewPayload,
    Payload,
    PhaseDonePayload,
    PlayOption,
    PlayStartedPayload,
    PlayStoppedPayload,
    PrepPayload,
    Reply,
    ReplyType,
    StepPayload,
    StepSummary,
    TextPayload,
)
from pregame.slack.blocks.cards import CARDS, render_reply, render_turn
from pregame.slack.blocks.feedback import after_feedback
from pregame.slack.blocks.ids import FEEDBACK_BLOCK
from pregame.slack.blocks.primitives import MAX_BLOCKS, context, header, section
from tests.support.fake_rasa import NAV, step
from tests.support.learning_samples import LEARNING_SAMPLES
from tests.support.slack_blocks import elements, msg


def test_step_card_lays_out_the_step_and_its_buttons() -> None:
    data = step(1) | {"tips": ["Listen more"], "buyer_says": ["We're just looking"]}
    rendered = render_reply(msg("Step 2 text", data, NAV))
    blocks = rendered.blocks
    assert blocks[0] == header("Discovery · step 2 of 4")
    body = json.dumps(blocks)
    for expected in (
        "*Step title 2*\\nConfirm the time &amp; agree the agenda.",
        "*For the CFO / finance leader*\\nTalk about the close.",
        "*Questions to ask*\\n\\u2022 What made you take this meeting now?",
        "*Tips*",
        "*The buyer's perspective*\\nThe buyer feels listened to.\\n\\u2022 We're just looking",
        "*Content*\\n*Discovery question bank*  `discovery.md`",
    ):
        assert expected in body
    titles = [e["text"]["text"] for e in elements(blocks)]
    assert titles == ["Back", "Next", "Content", "Objection", "Done"]
    values = [e["value"] for e in elements(blocks)][:3]
    assert values == ["/previous_step", "/next_step", "/ask_content"]
    assert elements(blocks)[1]["style"] == "primary"
    assert rendered.text == "Step 2 text"


def test_last_step_lists_exit_criteria() -> None:
    data = step(3) | {"exit_criteria": ["Pain quantified", "Next meeting booked"]}
    body = json.dumps(render_reply(msg("x", data, NAV[::2])).blocks)
    assert (
        "*Last step. Move on when*\\n\\u2022 Pain quantified\\n\\u2022 Next meeting booked" in body
    )


def test_content_card_links_titles_and_escapes_them() -> None:
    items = [
        {"title": "Case <study>", "source": "case.md", "url": "https://x.test/c", "why": "related"},
        {"title": "Bad", "source": "bad.md", "url": "javascript:alert(1)", "why": ""},
    ]
    body = json.dumps(render_reply(msg("x", {"type": "content", "items": items})).blocks)
    assert "<https://x.test/c|Case &lt;study&gt;>" in body
    assert "_related_" in body
    assert "javascript" not in body and "*Bad*" in body


def test_objection_and_answer_cards_show_their_sources() -> None:
    objection = {
        "type": "objection",
        "playbook": "b2b-buyer-experience",
        "objection": "price",
        "score": 0.9,
        "title": "Too expensive",
        "response": "Acknowledge it.",
        "proof": [{"title": "ROI guide", "source": "roi.md"}],
    }
    body = json.dumps(render_reply(msg("x", objection)).blocks)
    assert "*Objection: Too expensive*\\nAcknowledge it." in body and "*ROI guide*" in body

    text = "From the knowledge base:\n• A passage.\n  Source: Guide (`guide.md`)"
    citations = [
        {"title": "Guide", "heading": "Costs", "source": "guide.md", "url": "", "score": 0.8}
    ]
    answer = render_reply(msg(text, {"type": "answer", "citations": citations})).blocks
    assert answer[0]["text"]["text"] == "From the knowledge base:"
    assert answer[-1] == context("Sources: Guide &gt; Costs `guide.md`")


def test_prep_brief_is_short_labelled_sections_for_a_phone() -> None:
    data = {
        "type": "prep",
        "playbook": "b2b-buyer-experience",
        "phase": "evaluation",
        "phase_name": "Evaluation",
        "persona": "cfo",
        "persona_name": "CFO / finance leader",
        "company": "Acme",
        "buyer_goal": "Decide.",
        "seller_objective": "Prove value.",
        "questions": ["Q1", "Q2"],
        "content": [{"title": "ROI guide", "source": "roi.md"}],
        "have_ready": ["Numbers"],
        "objections": [{"id": "price", "title": "Too expensive"}],
        "next_step": "Book the next call",
    }
    buttons = [{"title": "Walk me through it", "payload": '/start_play{"phase":"evaluation"}'}]
    blocks = render_reply(msg("brief", data, buttons)).blocks
    assert blocks[0] == header("Call prep: Evaluation · Acme's CFO / finance leader")
    labels = [b["text"]["text"].split("\n")[0] for b in blocks if b["type"] == "section"]
    assert labels == [
        "*Their goal*",
        "*Your objective*",
        "*Ask*",
        "*Bring*",
        "*Have ready*",
        "*Likely objections*",
        "*Secure before you hang up*",
    ]
    assert all("fields" not in b for b in blocks), "no side-by-side columns on a phone"
    assert elements(blocks)[0]["value"] == '/start_play{"phase":"evaluation"}'


def test_unknown_or_malformed_payloads_fall_back_to_text_and_buttons() -> None:
    unknown = render_reply(msg("Something new", {"type": "quiz"}, [NAV[1]]))
    assert unknown.blocks[0]["text"]["text"] == "Something new"
    assert elements(unknown.blocks)[0]["value"] == "/next_step"
    broken = render_reply(msg("Step text", {"type": "step", "index": "not a number"}))
    assert broken.blocks[0]["text"]["text"] == "Step text"
    plain = render_reply(msg("Hi! <b>", None))
    assert plain.blocks == section("Hi! <b>") and plain.text == "Hi! &lt;b&gt;"


def test_no_text_can_become_a_mention_or_a_link() -> None:
    rendered = render_reply(msg("<!channel> hi <@U1> <https://evil.test|docs>"))
    section = rendered.blocks[0]["text"]
    assert section["verbatim"] is True
    assert "<" not in section["text"] and "<" not in rendered.text


def test_feedback_goes_on_the_last_answer_of_a_turn_only() -> None:
    turn = [
        msg("Got it", {"type": "play_started", "playbook": "b2b", "phase": "discovery"}),
        msg("Step", step(0), NAV),
    ]
    rendered = render_turn(turn, quote="<@U1> chose *Next*")
    assert rendered[0].blocks[0] == context("<@U1> chose *Next*")
    assert not any(b.get("block_id") == FEEDBACK_BLOCK for b in rendered[0].blocks)
    feedback = rendered[1].blocks[-1]
    assert feedback["block_id"] == FEEDBACK_BLOCK
    about = json.loads(feedback["elements"][0]["value"])
    assert about == {"type": "step", "ref": "s0", "phase": "discovery"}
    greeting = render_turn([msg("Hi!")])
    assert not any(b.get("block_id") == FEEDBACK_BLOCK for b in greeting[0].blocks)


def test_a_long_card_keeps_its_buttons_and_feedback_and_cuts_the_body() -> None:
    data = step(0) | {"questions": [f"{i} " + "q" * 2900 for i in range(60)]}
    (rendered,) = render_turn([msg("Step", data, NAV)], quote="<@U1> chose *Next*")
    blocks = rendered.blocks
    assert len(blocks) == MAX_BLOCKS
    titles = [e["text"]["text"] for e in elements(blocks)]
    assert titles[:5] == ["Back", "Next", "Content", "Objection", "Done"]
    assert blocks[-1]["block_id"] == FEEDBACK_BLOCK
    assert blocks[0] == context("<@U1> chose *Next*")
    assert context("…") in blocks, "the cut is marked"

    unhelpful = after_feedback(blocks, "U1", "not_helpful")
    assert len(unhelpful) <= MAX_BLOCKS
    assert unhelpful[-1]["block_id"] == FEEDBACK_BLOCK
    assert "Objection" in [e["text"]["text"] for e in elements(unhelpful)]


SAMPLES: dict[ReplyType, Payload] = {
    ReplyType.TEXT: TextPayload(),
    ReplyType.HELP: HelpPayload(),
    ReplyType.OUT_OF_SCOPE: OutOfScopePayload(),
    ReplyType.FALLBACK: FallbackPayload(),
    ReplyType.ERROR: ErrorPayload(),
    ReplyType.CLARIFY: ClarifyPayload(options=["Discovery", "Demo"]),
    ReplyType.PLAY_STARTED: PlayStartedPayload(playbook="pb", phase="discovery", persona="cfo"),
    ReplyType.CHOOSE_PLAYBOOK: ChoosePlaybookPayload(
        options=[PlayOption(playbook="pb", title="Partner-led expansion", phase="discovery")]
    ),
    ReplyType.CHOOSE_PHASE: ChoosePhasePayload(playbook="pb", phases=["discovery"]),
    ReplyType.CHOOSE_STEP: ChooseStepPayload(count=4),
    ReplyType.CHOOSE_PERSONA: ChoosePersonaPayload(),
    ReplyType.STEP: StepPayload.model_validate(step(0)),
    ReplyType.PHASE_DONE: PhaseDonePayload(phase="discovery", exit_criteria=["Pain quantified"]),
    ReplyType.OVERVIEW: OverviewPayload(
        playbook="pb",
        phase="discovery",
        index=0,
        steps=[StepSummary(id="s0", title="Open", do="Agree the agenda")],
        exit_criteria=["Pain quantified"],
    ),
    ReplyType.CONTEXT_CHANGED: ContextChangedPayload(persona="cfo"),
    ReplyType.PLAY_STOPPED: PlayStoppedPayload(),
    ReplyType.NO_PLAY: NoPlayPayload(),
    ReplyType.NO_PLAYBOOKS: NoPlaybooksPayload(),
    ReplyType.NUDGE: NudgePayload(),
    ReplyType.CONTENT: ContentPayload(items=[ContentItem(title="ROI guide", source="roi.md")]),
    ReplyType.OBJECTION: ObjectionPayload(
        playbook="pb",
        objection="price",
        title="Too expensive",
        response="Acknowledge it.",
        score=0.9,
        proof=[DocRef(title="ROI guide", source="roi.md")],
    ),
    ReplyType.CHOOSE_OBJECTION: ChooseObjectionPayload(
        options=[ObjectionOption(playbook="pb", objection="price", title="Too expensive")]
    ),
    ReplyType.OBJECTION_UNKNOWN: ObjectionUnknownPayload(
        citations=[Citation(title="Guide", source="guide.md", score=0.7)]
    ),
    ReplyType.ANSWER: AnswerPayload(
        citations=[Citation(title="Guide", heading="Costs", source="guide.md", score=0.7)]
    ),
    ReplyType.NO_ANSWER: NoAnswerPayload(query="pricing for banks"),
    ReplyType.PREP: PrepPayload(
        playbook="pb",
        phase="evaluation",
        phase_name="Evaluation",
        buyer_goal="Decide.",
        seller_objective="Prove value.",
        objections=[ObjectionRef(id="price", title="Too expensive")],
        next_step="Book the next call",
    ),
    ReplyType.FEEDBACK_RECORDED: FeedbackRecordedPayload(),
    **LEARNING_SAMPLES,
}


def test_every_reply_type_has_a_slack_card() -> None:
    missing = [t.value for t in ReplyType if t not in CARDS]
    assert missing == [], f"reply types without a Slack card: {missing}"


def test_every_card_renders_a_valid_payload_of_its_type(caplog: pytest.LogCaptureFixture) -> None:
    assert set(SAMPLES) == set(ReplyType), "one sample payload per reply type"
    for kind, sample in SAMPLES.items():
        assert sample.type == kind
        message = {
            "text": "Reply text\n• A passage.",
            "custom": Reply("x", payload=sample).data,
            "buttons": NAV,
        }
        with caplog.at_level(logging.WARNING, logger="pregame.slack"):
            rendered = render_reply(message)
        assert caplog.records == [], f"{kind} did not validate"
        assert rendered.blocks, kind
        assert all(
            b["type"] in ("header", "section", "context", "actions") for b in rendered.blocks
        )
        assert elements(rendered.blocks)[1]["value"] == "/next_step", kind


def test_a_payload_that_breaks_the_contract_is_one_warning_and_its_text(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = msg("Step text", {"type": "step", "phase": "discovery"}, NAV)
    with caplog.at_level(logging.WARNING, logger="pregame.slack"):
        (rendered,) = render_turn([broken])
    (warning,) = caplog.records
    assert warning.levelno == logging.WARNING
    assert "'step'" in warning.getMessage() and "\n" not in warning.getMessage()
    assert rendered.blocks[0]["text"]["text"] == "Step text"
    assert elements(rendered.blocks)[1]["value"] == "/next_step"
    feedback = rendered.blocks[-1]
    assert feedback["block_id"] == FEEDBACK_BLOCK, "still an answer: feedback buttons stay"
    assert json.loads(feedback["elements"][0]["value"]) == {"type": "step"}


# -- stale content ----------------------------------------------------------------------------

STALE = {
    "status": "review_overdue",
    "note": "last reviewed 14 months ago; owner: Field <Marketing>",
    "owner": "Field <Marketing>",
    "last_reviewed": "2025-10-01",
}
FLAG = ":warning: _last reviewed 14 months ago; owner: Field &lt;Marketing&gt;_"


def test_stale_documents_are_flagged_with_their_owner_under_their_name() -> None:
    fresh = {"title": "ROI guide", "source": "roi.md"}
    old = {"title": "Booth guide", "source": "booth.md", "stale": STALE}
    content = {"type": "content", "items": [fresh | {"why": "related"}, old | {"why": "related"}]}
    body = render_reply(msg("x", content)).blocks[1]["text"]["text"]
    assert body == (
        "*ROI guide*  `roi.md`\n_related_\n*Booth guide*  `booth.md`\n_related_\n" + FLAG
    )
    objection = {
        "type": "objection",
        "playbook": "b2b-buyer-experience",
        "objection": "price",
        "score": 0.9,
        "title": "Too expensive",
        "response": "Acknowledge it.",
        "proof": [fresh, old],
    }
    proof = render_reply(msg("x", objection)).blocks[1]["text"]["text"]
    assert proof == "*Proof to share*\n*ROI guide*  `roi.md`\n*Booth guide*  `booth.md`\n" + FLAG
    step_body = json.dumps(render_reply(msg("x", step(0) | {"content": [old]})).blocks)
    assert json.dumps(FLAG)[1:-1] in step_body
    fresh_only = json.dumps(render_reply(msg("x", step(0) | {"content": [fresh]})).blocks)
    assert ":warning:" not in fresh_only


def test_a_stale_passage_in_an_answer_shows_its_flag() -> None:
    text = (
        "From the knowledge base:\n• A passage.\n  Source: Guide (`guide.md`)\n"
        "  ⚠ last reviewed 14 months ago; owner: Field Marketing"
    )
    citation = {"title": "Guide", "source": "guide.md", "score": 0.8, "stale": STALE}
    blocks = render_reply(msg(text, {"type": "answer", "citations": [citation]})).blocks
    assert "⚠ last reviewed 14 months ago; owner: Field Marketing" in blocks[1]["text"]["text"]
