from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import step_number, user_text
from actions.fallback import ActionAskAffirmation
from actions.feedback import ActionFeedbackHelpful, ActionFeedbackUnhelpful
from actions.forms import ValidatePlayForm
from actions.knowledge import ActionCallPrep
from actions.play import ActionGoTo, ActionNewPlay, ActionStopPlay
from pregame.coach.coach import Coach
from tests.actions.test_actions import run, tracker

PLAYING = {"playbook": "b2b-buyer-experience", "phase": "discovery", "step": 1.0}


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        ("jump to step 3", [], 3),
        ("go to the fourth step", [{"entity": "step_number", "value": "fourth"}], 4),
        ("show step two", [], 2),
        ("take me to the last step", [{"entity": "step_number", "value": "last"}], -1),
        ("skip to the ninth step", [{"entity": "step_number", "value": "ninth"}], 9),
        ("jump to the final step", [], -1),
        ("go to the 3rd step", [], 3),
        ("next step", [], None),
        ("jump to the final one", [{"entity": "step_number", "value": "final"}], -1),
        ("go to negotiation", [], None),
    ],
)
def test_step_numbers(text: str, entities: list[dict[str, Any]], expected: int | None) -> None:
    assert step_number(tracker(text, entities=entities)) == expected


def test_new_play_clears_the_old_phase_so_the_form_asks(coach: Coach) -> None:
    _, events = run(ActionNewPlay(coach), tracker("meeting their CTO next week", PLAYING))
    assert SlotSet("phase", None) in events and SlotSet("persona", "cto") in events


def test_form_extracts_and_validates_the_phase(coach: Coach) -> None:
    form = ValidatePlayForm(coach)
    t = tracker("the demo one", {"playbook": "b2b-buyer-experience"})
    dispatcher = CollectingDispatcher()
    extracted = asyncio.run(form.extract_phase(dispatcher, t, {}))
    assert extracted == {"phase": "evaluation"}
    assert asyncio.run(form.extract_phase(dispatcher, tracker("dunno"), {})) == {}
    valid = asyncio.run(form.validate_phase("evaluation", dispatcher, t, {}))
    assert valid == {"phase": "evaluation", "step": 0.0}
    invalid = asyncio.run(form.validate_phase("nonsense", dispatcher, t, {}))
    assert invalid["phase"] is None


def test_go_to_and_stop(coach: Coach) -> None:
    messages, events = run(ActionGoTo(coach), tracker("go to step 3", PLAYING))
    assert events == [SlotSet("step", 2.0)] and messages[0]["custom"]["index"] == 2
    messages, events = run(ActionStopPlay(coach), tracker("stop", PLAYING))
    assert SlotSet("phase", None) in events and messages[0]["custom"]["type"] == "play_stopped"


def test_call_prep_uses_the_company_slot(coach: Coach) -> None:
    slots = {**PLAYING, "phase": "evaluation", "persona": "cfo", "company": "Acme"}
    messages, _ = run(ActionCallPrep(coach), tracker("evaluation", slots))
    assert messages[0]["custom"]["type"] == "prep"
    assert messages[0]["custom"]["company"] == "Acme"


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


def test_clarifying_question_offers_plain_choices() -> None:
    t = tracker("sned the thingy")
    t.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "ask_content", "confidence": 0.35},
        {"name": "greet", "confidence": 0.1},
        {"name": "ask_question", "confidence": 0.05},
    ]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAskAffirmation().run(dispatcher, t, {}))
    (message,) = dispatcher.messages
    assert [b["payload"] for b in message["buttons"]] == [
        "/ask_content",
        "/ask_question",
        "/out_of_scope",
    ]
    assert "ask_content" not in message["text"]


def test_clicked_clarification_uses_the_unclear_message() -> None:
    t = tracker("/ask_question")
    t.events.extend(
        [
            {
                "event": "user",
                "text": "hw do i get the econ buyer",
                "parse_data": {"intent": {"name": "nlu_fallback"}},
            },
            {"event": "user", "text": "/ask_question", "parse_data": {"intent": {"name": "x"}}},
        ]
    )
    assert user_text(t) == "hw do i get the econ buyer"
    assert user_text(tracker("/ask_question")) == ""


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
