"""actions/feedback.py: feedback recorded with what it was about."""

from __future__ import annotations

from actions.feedback import ActionFeedbackHelpful, ActionFeedbackUnhelpful, last_answer
from pregame.coach.coach import Coach
from tests.support.rasa_tracker import PLAYING, bot_said, run, tracker


def test_feedback_is_recorded_with_what_it_was_about(coach: Coach) -> None:
    t = tracker("not helpful, wrong industry", PLAYING)
    t.events.append({"event": "bot", "data": {"custom": {"type": "content", "phase": "x"}}})
    _, events = run(ActionFeedbackUnhelpful(coach), t)
    (record,) = [e for e in events if e["name"] == "feedback"]
    assert record["value"] == {
        "helpful": False,
        "reason": "not helpful, wrong industry",
        "about": {"type": "content", "phase": "x"},
    }
    messages, events = run(ActionFeedbackHelpful(coach), tracker("/feedback_helpful"))
    assert events[0]["value"]["helpful"] is True and events[0]["value"]["reason"] is None
    assert messages[0]["custom"]["type"] == "feedback_recorded"


def test_a_reason_after_feedback_is_about_the_same_answer(coach: Coach) -> None:
    t = tracker(
        '/feedback_unhelpful{"reason":"missing_content"}',
        PLAYING,
        entities=[{"entity": "reason", "value": "missing_content"}],
    )
    t.events.extend(
        [
            {"event": "bot", "data": {"custom": {"type": "content", "phase": "discovery"}}},
            {"event": "bot", "data": {"custom": {"type": "feedback_recorded"}}},
        ]
    )
    _, events = run(ActionFeedbackUnhelpful(coach), t)
    (record,) = [e for e in events if e["name"] == "feedback"]
    assert record["value"]["reason"] == "missing_content"
    assert record["value"]["about"] == {"type": "content", "phase": "discovery"}


def test_last_answer_keeps_the_fields_that_say_what_it_was() -> None:
    t = tracker("not helpful")
    assert last_answer(t) == {}
    bot_said(
        t,
        {
            "type": "step",
            "playbook": "b2b-buyer-experience",
            "phase": "discovery",
            "step": "agenda",
            "index": 0,
            "persona": None,
        },
    )
    bot_said(t, text="Thanks!")  # a plain message is not an answer
    assert last_answer(t) == {
        "type": "step",
        "playbook": "b2b-buyer-experience",
        "phase": "discovery",
        "step": "agenda",
    }
