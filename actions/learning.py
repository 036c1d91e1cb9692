"""The learning path: lessons, the knowledge check (a form asking until every question is
answered), progress, and leaving a check or practice."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.base import send, texts
from actions.onboarding import (
    PRACTICE,
    PRACTICE_ANSWER,
    QUIZ_ANSWER,
    STEP,
    StartsActivity,
    TutorAction,
    UsesTutor,
    entity,
    rep_id,
    where,
)
from pregame.onboarding import Outcome, Tutor
from pregame.onboarding.cards import phase_ref

ANSWER_INTENT = "answer_quiz"


def button_answer(tracker: Tracker) -> tuple[int | None, str | None]:
    """An answer clicked on a question card: the option (0-based) and the question's id."""
    if tracker.latest_message.get("intent", {}).get("name") != ANSWER_INTENT:
        return None, None
    choice = entity(tracker, "choice")
    number = int(choice) - 1 if choice and choice.strip().isdigit() else None
    return number, entity(tracker, "question")


class ActionLearn(StartsActivity):
    """The lesson, check or practice asked for, or what is next on the rep's path. An answer
    clicked while no check is running carries on with the check (its question is asked again)."""

    def name(self) -> str:
        return "action_learn"

    def turn(self, tutor: Tutor, rep: str, tracker: Tracker) -> Outcome:
        refs = [v for v in tracker.get_latest_entity_values("phase") if "/" in str(v)]
        ref = str(refs[0]) if refs else None
        activity = entity(tracker, "activity")
        current = where(tracker)
        if tracker.latest_message.get("intent", {}).get("name") == ANSWER_INTENT:
            activity = "check"
            ref = phase_ref(current.playbook, current.phase) if current else None
        return tutor.learn(rep, texts(tracker), activity, ref)


class ActionAskQuizAnswer(TutorAction):
    """How the check form asks: the question to answer now, its options as buttons."""

    def name(self) -> str:
        return "action_ask_quiz_answer"

    def turn(self, tutor: Tutor, rep: str, tracker: Tracker) -> Outcome:
        return tutor.question(rep, where(tracker))


class ValidateQuizForm(UsesTutor, FormValidationAction):
    """Grades each answer (a clicked button or a typed number or option); the form asks again
    until the last question is answered."""

    def name(self) -> str:
        return "validate_quiz_form"

    async def validate_quiz_answer(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> dict[str, Any]:
        if value is None:  # the slot cleared when the check started: no answer yet
            return {QUIZ_ANSWER: None}
        rep = rep_id(tracker)
        choice, question = button_answer(tracker)
        text = str(value)
        outcome = await self.call(
            rep, lambda tutor: tutor.answer(rep, where(tracker), text, choice, question)
        )
        if outcome is None:
            return {QUIZ_ANSWER: None}
        for reply in outcome.replies:
            send(dispatcher, reply)
        return {QUIZ_ANSWER: value if outcome.done else None}


class ActionMyProgress(TutorAction):
    def name(self) -> str:
        return "action_my_progress"

    def turn(self, tutor: Tutor, rep: str, tracker: Tracker) -> Outcome:
        return tutor.progress(rep)


class ActionStopLearning(TutorAction):
    """After "stop" left the check (kept open) or the practice (not scored)."""

    def name(self) -> str:
        return "action_stop_learning"

    def turn(self, tutor: Tutor, rep: str, tracker: Tracker) -> Outcome:
        in_practice = tracker.get_slot(STEP) == "practice"
        return tutor.stop(rep, where(tracker), "practice" if in_practice else "check")

    def events(self, outcome: Outcome, tracker: Tracker) -> list[EventType]:
        return self.failed()

    def failed(self) -> list[EventType]:
        return [
            SlotSet(STEP, "idle"),
            SlotSet(PRACTICE, None),
            SlotSet(QUIZ_ANSWER, None),
            SlotSet(PRACTICE_ANSWER, None),
        ]
