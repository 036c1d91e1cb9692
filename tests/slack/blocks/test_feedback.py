"""The feedback area under an answer."""

from __future__ import annotations

import json

from pregame.replies import NoAnswerPayload, ReplyType, StepPayload
from pregame.slack.blocks.feedback import (
    ANSWERS,
    after_feedback,
    after_reason,
    feedback_block,
    feedback_value,
)
from pregame.slack.blocks.primitives import section
from tests.support.fake_rasa import step


def test_feedback_click_replaces_the_buttons() -> None:
    blocks = [*section("answer"), *feedback_block('{"type":"answer"}')]
    helpful = after_feedback(blocks, "U1", "helpful")
    assert helpful[0] == blocks[0]
    assert helpful[1]["elements"][0]["text"] == "<@U1> found this helpful. Thanks!"
    assert len(helpful) == 2

    unhelpful = after_feedback(blocks, "U1", "not_helpful")
    reasons = unhelpful[2]["elements"]
    assert [r["action_id"] for r in reasons][:2] == [
        "pregame_reason_wrong_play",
        "pregame_reason_missing_content",
    ]
    assert reasons[0]["value"] == '{"type":"answer"}'
    done = after_reason(unhelpful, "U1", "too_long")
    assert len(done) == 2 and "not helpful: Too long" in done[1]["elements"][0]["text"]


def test_answers_are_reply_types_and_the_value_names_what_was_answered() -> None:
    assert all(isinstance(t, ReplyType) for t in ANSWERS)
    step_payload = StepPayload.model_validate(step(2))
    assert json.loads(feedback_value(ReplyType.STEP, step_payload)) == {
        "type": "step",
        "ref": "s2",
        "phase": "discovery",
    }
    assert json.loads(feedback_value(ReplyType.NO_ANSWER, NoAnswerPayload(query="q" * 300))) == {
        "type": "no_answer",
        "ref": "q" * 200,
    }
    assert feedback_value(ReplyType.ANSWER, None) == '{"type":"answer"}'
