"""actions/practice.py: practice and rehearsal, and the form that takes the rep's answers."""

from __future__ import annotations

import asyncio
from typing import Any

import yaml
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.practice import (
    IN_PRACTICE,
    ActionPractice,
    ActionRehearse,
    ValidatePracticeForm,
    brief_objections,
)
from pregame.onboarding import Tutor
from pregame.practice.session import PracticeSession
from tests.support.learning_answers import OFF_TOPIC, designed_answer
from tests.support.paths import ROOT
from tests.support.rasa_tracker import bot_said, run, tracker

B2B = "b2b-buyer-experience"
PREP = {
    "type": "prep",
    "playbook": B2B,
    "phase": "evaluation",
    "objections": [{"id": "security-concerns", "title": "Security"}, {"id": "too-expensive"}],
}


def answer(
    form: ValidatePracticeForm, text: str | None, slots: dict[str, Any]
) -> tuple[list[Any], list[Any]]:
    """The form's validation of one answer, as Rasa runs it after extracting the text."""
    domain = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text())
    t = tracker(text or "practice", slots)
    t.events.append({"event": "slot", "name": "practice_answer", "value": text})
    dispatcher = CollectingDispatcher()
    events = asyncio.run(form.run(dispatcher, t, domain))
    return dispatcher.messages, events


def slot(events: list[Any], name: str) -> Any:
    return next(e["value"] for e in events if e["event"] == "slot" and e["name"] == name)


def test_practice_starts_with_the_buyers_line_and_keeps_the_state(tutor: Tutor) -> None:
    messages, events = run(
        ActionPractice(tutor),
        tracker(
            "practice negotiation with a CFO", entities=[{"entity": "persona", "value": "CFO"}]
        ),
    )
    started = messages[0]["custom"]
    assert started["type"] == "practice_started" and started["persona"] == "cfo"
    assert SlotSet("learning_step", "practice") in events
    state = slot(events, "practice")
    assert PracticeSession.from_dict(state).buyer_line == started["buyer_line"]


def test_the_form_scores_answers_until_the_summary(tutor: Tutor) -> None:
    _, events = run(
        ActionPractice(tutor),
        tracker(
            '/practice{"phase":"b2b-buyer-experience/discovery"}',
            entities=[{"entity": "phase", "value": f"{B2B}/discovery"}],
        ),
    )
    state = slot(events, "practice")
    form = ValidatePracticeForm(tutor)
    playbook = tutor.library.get(B2B)
    while True:
        text = designed_answer(playbook, state)
        messages, events = answer(form, text, {"practice": state})
        assert messages[0]["custom"]["type"] == "practice_turn"
        state = slot(events, "practice")
        if slot(events, "practice_answer") is not None:
            break
        assert messages[0]["custom"]["buyer_line"], "the buyer's next line"
    assert state is None
    summary = messages[-1]["custom"]
    assert summary["type"] == "practice_summary" and summary["passed"] and summary["recorded"]
    assert tutor.learning.progress.practice_attempts("seller-1")[0].passed


def test_a_button_during_a_practice_is_not_an_answer(tutor: Tutor) -> None:
    _, events = run(ActionPractice(tutor), tracker("practice discovery"))
    state = slot(events, "practice")
    messages, events = answer(ValidatePracticeForm(tutor), None, {"practice": state})
    assert messages == [] and events == [SlotSet("practice_answer", None)], "cleared: no answer"
    messages, events = answer(ValidatePracticeForm(tutor), "/my_progress", {"practice": state})
    assert messages[0]["text"] == IN_PRACTICE
    assert events == [SlotSet("practice_answer", None)]
    messages, events = answer(ValidatePracticeForm(tutor), OFF_TOPIC, {"practice": state})
    assert messages[0]["custom"]["score"] < 40


def test_rehearse_plays_the_last_briefs_objections_first(tutor: Tutor) -> None:
    slots = {"playbook": B2B, "phase": "evaluation", "persona": "cfo"}
    t = tracker("rehearse", slots)
    bot_said(t, PREP)
    messages, events = run(ActionRehearse(tutor), t)
    session = PracticeSession.from_dict(slot(events, "practice"))
    assert session.mode == "rehearsal" and session.persona == "cfo"
    assert [line.target for line in session.lines[:2]] == ["security-concerns", "too-expensive"]
    assert messages[0]["custom"]["mode"] == "rehearsal"


def test_without_a_prepped_call_there_is_nothing_to_rehearse(tutor: Tutor) -> None:
    messages, events = run(ActionRehearse(tutor), tracker("rehearse"))
    assert "Prep the call first" in messages[0]["text"]
    assert SlotSet("learning_step", "idle") in events


def test_the_briefs_objections_only_count_for_its_own_call() -> None:
    t = tracker("rehearse")
    bot_said(t, PREP)
    assert brief_objections(t, B2B, "evaluation") == ["security-concerns", "too-expensive"]
    assert brief_objections(t, B2B, "negotiation") == []
    assert brief_objections(tracker("rehearse"), B2B, "evaluation") == []
