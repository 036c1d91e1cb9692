"""actions/learning.py and actions/onboarding.py: lessons, the check form, progress, stop."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.learning import (
    ActionAskQuizAnswer,
    ActionLearn,
    ActionMyProgress,
    ActionStopLearning,
    ValidateQuizForm,
    button_answer,
)
from actions.onboarding import rep_id
from pregame.onboarding import Tutor, Where
from tests.support.learning_answers import right_choice
from tests.support.paths import ROOT
from tests.support.rasa_tracker import run

SLACK_USER = "U0SLACKREP"
RESEARCH = {"playbook": "b2b-buyer-experience", "phase": "research"}


def said(
    text: str,
    intent: str = "learn",
    slots: dict[str, Any] | None = None,
    entities: dict[str, str] | None = None,
    metadata: dict[str, Any] | None = None,
) -> Tracker:
    """The tracker after the rep's message, as Rasa sends it to the action server."""
    return Tracker(
        sender_id="terminal-rep",
        slots=slots or {},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 1.0},
            "entities": [{"entity": k, "value": v} for k, v in (entities or {}).items()],
            "metadata": metadata or {},
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def in_slack(text: str, intent: str = "learn", **kwargs: Any) -> Tracker:
    return said(text, intent, metadata={"slack": {"user": SLACK_USER, "team": "T1"}}, **kwargs)


def test_the_rep_is_the_slack_user_in_slack_and_the_sender_elsewhere() -> None:
    assert rep_id(in_slack("learn")) == SLACK_USER
    assert rep_id(said("learn")) == "terminal-rep"
    older = said("learn")
    older.latest_message.pop("metadata")
    older.events.append({"event": "user", "metadata": {"slack": {"user": "U2"}}})
    assert rep_id(older) == "U2", "metadata of the latest user event"


def test_learn_sends_the_lesson_and_says_what_it_started(tutor: Tutor) -> None:
    messages, events = run(ActionLearn(tutor), in_slack("start my learning path"))
    assert messages[0]["custom"]["type"] == "lesson"
    assert messages[0]["buttons"][0]["title"] == "Start the check"
    assert events == [
        SlotSet("learning_step", "lesson"),
        SlotSet("quiz_answer", None),
        SlotSet("practice_answer", None),
        SlotSet("learning", RESEARCH),
    ]
    progress = tutor.learning.progress.summaries([SLACK_USER])[SLACK_USER]
    assert progress[("b2b-buyer-experience", "research")].lesson_read_at is not None


def test_the_check_button_starts_the_check_and_the_form_asks_its_question(tutor: Tutor) -> None:
    button = in_slack(
        '/learn{"activity":"check","phase":"b2b-buyer-experience/research"}',
        entities={"activity": "check", "phase": "b2b-buyer-experience/research"},
    )
    messages, events = run(ActionLearn(tutor), button)
    assert SlotSet("learning_step", "check") in events
    assert messages[0]["text"].startswith("Knowledge check of Research and first touch")
    asked, _ = run(ActionAskQuizAnswer(tutor), in_slack("", slots={"learning": RESEARCH}))
    assert asked[0]["custom"]["type"] == "quiz_question" and asked[0]["custom"]["number"] == 1


def test_a_clicked_answer_outside_the_check_carries_on_with_it(tutor: Tutor) -> None:
    run(ActionLearn(tutor), said("quiz me"))
    where = Where("b2b-buyer-experience", "research")
    tutor.answer("terminal-rep", where, "", right_choice(tutor.learning, "terminal-rep", where))
    click = said(
        '/answer_quiz{"choice":"1","question":"abc"}',
        "answer_quiz",
        slots={"learning": RESEARCH},
        entities={"choice": "1", "question": "abc"},
    )
    messages, events = run(ActionLearn(tutor), click)
    assert SlotSet("learning_step", "check") in events
    assert messages[0]["text"].endswith("at question 2."), messages[0]["text"]


def test_button_answers_are_read_from_the_entities() -> None:
    click = said("/answer_quiz", "answer_quiz", entities={"choice": "3", "question": "q9"})
    assert button_answer(click) == (2, "q9")
    assert button_answer(said("3", "go_to")) == (None, None)


def validate(
    form: ValidateQuizForm, tracker: Tracker, answer: str | None = ""
) -> tuple[list[Any], list[Any]]:
    """Run the form's validation as Rasa does after it extracted the answer (by default the
    message's text)."""
    domain = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text())
    value = tracker.latest_message["text"] if answer == "" else answer
    tracker.events.append({"event": "slot", "name": "quiz_answer", "value": value})
    dispatcher = CollectingDispatcher()
    events = asyncio.run(form.run(dispatcher, tracker, domain))
    return dispatcher.messages, events


def test_the_form_grades_each_answer_until_the_last(tutor: Tutor) -> None:
    run(ActionLearn(tutor), said("quiz me"))
    where = Where("b2b-buyer-experience", "research")
    form = ValidateQuizForm(tutor)
    for number in range(1, 6):
        choice = right_choice(tutor.learning, "terminal-rep", where) + 1
        typed = said(str(choice), "ask_question", slots={"learning": RESEARCH})
        messages, events = validate(form, typed)
        result = messages[0]["custom"]
        assert result["type"] == "quiz_result" and result["correct"]
        if number < 5:
            assert events == [SlotSet("quiz_answer", None)], "asked again"
    assert events == [SlotSet("quiz_answer", str(choice))], "the form is complete"
    assert (result["score"], result["passed"]) == (100, True)


def test_an_answer_that_is_no_option_is_asked_again(tutor: Tutor) -> None:
    run(ActionLearn(tutor), said("quiz me"))
    messages, events = validate(
        ValidateQuizForm(tutor), said("help", "help", slots={"learning": RESEARCH})
    )
    assert messages[0]["text"] == "Answer with a number from 1 to 4 (or say stop)."
    assert events == [SlotSet("quiz_answer", None)]


def test_progress_and_stop(tutor: Tutor) -> None:
    run(ActionLearn(tutor), said("quiz me"))
    messages, events = run(ActionMyProgress(tutor), said("how am I doing?", "my_progress"))
    assert messages[0]["custom"]["type"] == "progress" and events == []
    stopping = said("stop", "stop_play", slots={"learning": RESEARCH, "learning_step": "check"})
    messages, events = run(ActionStopLearning(tutor), stopping)
    assert messages[0]["text"].startswith("Check paused at question 1 of 5.")
    assert SlotSet("learning_step", "idle") in events and SlotSet("practice", None) in events


def test_a_failed_turn_apologises_and_starts_nothing(
    tutor: Tutor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> Any:
        raise RuntimeError("the store is gone")

    monkeypatch.setattr(tutor, "learn", broken)
    messages, events = run(ActionLearn(tutor), said("learn"))
    assert messages[0]["custom"]["type"] == "error"
    assert events == [SlotSet("learning_step", "idle")]


def test_the_cleared_slot_at_the_forms_start_is_no_answer(tutor: Tutor) -> None:
    run(ActionLearn(tutor), said("quiz me"))
    starting = said("quiz me", slots={"learning": RESEARCH})
    messages, events = validate(ValidateQuizForm(tutor), starting, None)
    assert messages == [] and events == [SlotSet("quiz_answer", None)]
