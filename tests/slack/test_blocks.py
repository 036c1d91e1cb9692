"""The pure Block Kit builders."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pregame.slack import blocks as kit
from tests.support.fake_rasa import NAV, step


def msg(text: str, custom: dict[str, Any] | None = None, buttons: Any = None) -> dict[str, Any]:
    out: dict[str, Any] = {"text": text}
    if custom is not None:
        out["custom"] = custom
    if buttons:
        out["buttons"] = buttons
    return out


def elements(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_step_card_lays_out_the_step_and_its_buttons() -> None:
    data = step(1) | {"tips": ["Listen more"], "buyer_says": ["We're just looking"]}
    rendered = kit.render_reply(msg("Step 2 text", data, NAV))
    blocks = rendered.blocks
    assert blocks[0] == kit.header("Discovery · step 2 of 4")
    body = json.dumps(blocks)
    for expected in (
        "*Step title 2*\\nConfirm the time &amp; agree the agenda.",
        "*For the cfo*\\nTalk about the close.",
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
    body = json.dumps(kit.render_reply(msg("x", data, NAV[::2])).blocks)
    assert (
        "*Last step. Move on when*\\n\\u2022 Pain quantified\\n\\u2022 Next meeting booked" in body
    )


def test_content_card_links_titles_and_escapes_them() -> None:
    items = [
        {"title": "Case <study>", "source": "case.md", "url": "https://x.test/c", "why": "related"},
        {"title": "Bad", "source": "bad.md", "url": "javascript:alert(1)", "why": ""},
    ]
    body = json.dumps(kit.render_reply(msg("x", {"type": "content", "items": items})).blocks)
    assert "<https://x.test/c|Case &lt;study&gt;>" in body
    assert "_related_" in body
    assert "javascript" not in body and "*Bad*" in body


def test_objection_and_answer_cards_show_their_sources() -> None:
    objection = {
        "type": "objection",
        "title": "Too expensive",
        "response": "Acknowledge it.",
        "proof": [{"title": "ROI guide", "source": "roi.md"}],
    }
    body = json.dumps(kit.render_reply(msg("x", objection)).blocks)
    assert "*Objection: Too expensive*\\nAcknowledge it." in body and "*ROI guide*" in body

    text = "From the knowledge base:\n• A passage.\n  Source: Guide (`guide.md`)"
    citations = [{"title": "Guide", "heading": "Costs", "source": "guide.md", "url": ""}]
    answer = kit.render_reply(msg(text, {"type": "answer", "citations": citations})).blocks
    assert answer[0]["text"]["text"] == "From the knowledge base:"
    assert answer[-1] == kit.context("Sources: Guide &gt; Costs `guide.md`")


def test_prep_brief_is_short_labelled_sections_for_a_phone() -> None:
    data = {
        "type": "prep",
        "phase": "evaluation",
        "phase_name": "Evaluation",
        "persona": "cfo",
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
    blocks = kit.render_reply(msg("brief", data, buttons)).blocks
    assert blocks[0] == kit.header("Call prep: Evaluation · Acme cfo")
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
    unknown = kit.render_reply(msg("Something new", {"type": "quiz"}, [NAV[1]]))
    assert unknown.blocks[0]["text"]["text"] == "Something new"
    assert elements(unknown.blocks)[0]["value"] == "/next_step"
    broken = kit.render_reply(msg("Step text", {"type": "step", "index": "not a number"}))
    assert broken.blocks[0]["text"]["text"] == "Step text"
    plain = kit.render_reply(msg("Hi! <b>", None))
    assert plain.blocks == kit.section("Hi! <b>") and plain.text == "Hi! &lt;b&gt;"


def test_no_text_can_become_a_mention_or_a_link() -> None:
    rendered = kit.render_reply(msg("<!channel> hi <@U1> <https://evil.test|docs>"))
    section = rendered.blocks[0]["text"]
    assert section["verbatim"] is True
    assert "<" not in section["text"] and "<" not in rendered.text


def test_long_text_is_split_under_slack_limits() -> None:
    text = "\n".join("x" * 999 for _ in range(7)) + "\n" + "y" * 7000
    sections = kit.section(text)
    assert all(len(s["text"]["text"]) <= kit.SECTION_LIMIT for s in sections)
    assert "".join(s["text"]["text"].replace("\n", "") for s in sections) == text.replace("\n", "")
    header = kit.header("h" * 400)["text"]["text"]
    assert len(header) == kit.HEADER_LIMIT


def test_feedback_goes_on_the_last_answer_of_a_turn_only() -> None:
    turn = [
        msg("Got it", {"type": "play_started"}),
        msg("Step", step(0), NAV),
    ]
    rendered = kit.render_turn(turn, quote="<@U1> chose *Next*")
    assert rendered[0].blocks[0] == kit.context("<@U1> chose *Next*")
    assert not any(b.get("block_id") == kit.FEEDBACK_BLOCK for b in rendered[0].blocks)
    feedback = rendered[1].blocks[-1]
    assert feedback["block_id"] == kit.FEEDBACK_BLOCK
    about = json.loads(feedback["elements"][0]["value"])
    assert about == {"type": "step", "ref": "s0", "phase": "discovery"}
    greeting = kit.render_turn([msg("Hi!")])
    assert not any(b.get("block_id") == kit.FEEDBACK_BLOCK for b in greeting[0].blocks)


def test_feedback_click_replaces_the_buttons() -> None:
    blocks = [*kit.section("answer"), *kit.feedback_block('{"type":"answer"}')]
    helpful = kit.after_feedback(blocks, "U1", "helpful")
    assert helpful[0] == blocks[0]
    assert helpful[1]["elements"][0]["text"] == "<@U1> found this helpful. Thanks!"
    assert len(helpful) == 2

    unhelpful = kit.after_feedback(blocks, "U1", "not_helpful")
    reasons = unhelpful[2]["elements"]
    assert [r["action_id"] for r in reasons][:2] == [
        "pregame_reason_wrong_play",
        "pregame_reason_missing_content",
    ]
    assert reasons[0]["value"] == '{"type":"answer"}'
    done = kit.after_reason(unhelpful, "U1", "too_long")
    assert len(done) == 2 and "not helpful: Too long" in done[1]["elements"][0]["text"]


def test_home_view() -> None:
    playbooks = [kit.HomePlaybook("B2B", ["Discovery", "Demo"], ["CFO"])]
    plays = [kit.HomePlay("Discovery with the CFO", "C1", datetime(2025, 3, 4))]
    view = kit.home_view(playbooks, plays)
    body = json.dumps(view)
    assert view["type"] == "home"
    assert "*B2B*\\nPhases: Discovery, Demo\\nBuyers: CFO" in body
    assert "Discovery with the CFO* in <#C1>, Mar 04" in body
    empty = json.dumps(kit.home_view([], []))
    assert "No playbooks are loaded yet" in empty and "None yet" in empty


def test_objection_modal() -> None:
    view = kit.objection_modal('{"team":"T1"}')
    assert view["callback_id"] == kit.OBJECTION_VIEW and view["private_metadata"] == '{"team":"T1"}'
    block_id, action_id = kit.OBJECTION_INPUT
    assert view["blocks"][0]["block_id"] == block_id
    assert view["blocks"][0]["element"]["action_id"] == action_id


def test_a_long_card_keeps_its_buttons_and_feedback_and_cuts_the_body() -> None:
    data = step(0) | {"questions": [f"{i} " + "q" * 2900 for i in range(60)]}
    (rendered,) = kit.render_turn([msg("Step", data, NAV)], quote="<@U1> chose *Next*")
    blocks = rendered.blocks
    assert len(blocks) == kit.MAX_BLOCKS
    titles = [e["text"]["text"] for e in elements(blocks)]
    assert titles[:5] == ["Back", "Next", "Content", "Objection", "Done"]
    assert blocks[-1]["block_id"] == kit.FEEDBACK_BLOCK
    assert blocks[0] == kit.context("<@U1> chose *Next*")
    assert kit.context("…") in blocks, "the cut is marked"

    unhelpful = kit.after_feedback(blocks, "U1", "not_helpful")
    assert len(unhelpful) <= kit.MAX_BLOCKS
    assert unhelpful[-1]["block_id"] == kit.FEEDBACK_BLOCK
    assert "Objection" in [e["text"]["text"] for e in elements(unhelpful)]


def test_cut_sections_never_split_a_link_or_an_entity() -> None:
    line = "*<https://x.test/doc|A &amp; B guide>*  `doc.md`"
    docs = "\n".join([line] * 100)
    text = kit.raw_section(docs)["text"]["text"]
    assert len(text) <= kit.SECTION_LIMIT and text.endswith("…")
    assert all(part == line for part in text.removesuffix("…").split("\n"))

    one_line = "<https://x.test/a|" + "a" * 2990 + "> tail"
    context = kit.context(one_line)["elements"][0]["text"]
    assert context == "…", "the link is not cut in half"

    entities = "x" * 2998 + "&amp;" * 10
    sections = kit.section("x" * 2998 + "&" * 10)
    assert "".join(s["text"]["text"] for s in sections) == entities
    assert all(s["text"]["text"].endswith(("x", ";")) for s in sections)
