"""Role-play with a simulated buyer: a practice of a phase, or a rehearsal of the call just
prepped; a form takes the rep's answers until the buyer has nothing more to say."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.base import send, texts
from actions.onboarding import (
    PRACTICE,
    PRACTICE_ANSWER,
    StartsActivity,
    UsesTutor,
    rep_id,
)
from pregame.onboarding import Outcome, Tutor
from pregame.replies import Reply, ReplyType

IN_PRACTICE = "You're in a practice: answer the buyer in your own words, or say stop to end it."


def brief_objections(tracker: Tracker, playbook: str | None, phase: str | None) -> list[str]:
    """The likely objections of the latest call-prep brief for this playbook and phase."""
    for event in reversed(tracker.events):
        custom = (event.get("data") or {}).get("custom") if event.get("event") == "bot" else None
        if isinstance(custom, dict) and custom.get("type") == ReplyType.PREP.value:
            if (custom.get("playbook"), custom.get("phase")) != (playbook, phase):
                return []
            return [str(o["id"]) for o in custom.get("objections") or [] if o.get("id")]
    return []


class ActionPractice(StartsActivity):
    """A practice of the phase the rep names, else of their next phase on the path."""

    def name(self) -> str:
        return "action_practice"

    def turn(self, tutor: Tutor, rep: str, tracker: Tracker) -> Outcome:
        refs = [str(v) for v in tracker.get_latest_entity_values("phase") if "/" in str(v)]
        return tutor.practise(rep, texts(tracker), refs[0] if refs else None)


class ActionRehearse(StartsActivity):
    """A rehearsal of the play in hand (after a call-prep brief): its persona, and the
    brief's likely objections first."""

    def name(self) -> str:
        return "action_rehearse"

    def turn(self, tutor: Tutor, rep: str, tracker: Tracker) -> Outcome:
        playbook, phase = tracker.get_slot("playbook"), tracker.get_slot("phase")
        objections = brief_objections(tracker, playbook, phase)
        return tutor.rehearse(rep, playbook, phase, tracker.get_slot("persona"), objections)


class ValidatePracticeForm(UsesTutor, FormValidationAction):
    """Scores each answer and plays the buyer's next line; the last one ends the form with the
    summary (recorded on the rep's path for a practice)."""

    def name(self) -> str:
        return "validate_practice_form"

    async def validate_practice_answer(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> dict[str, Any]:
        if value is None:  # the slot cleared when the practice started: no answer yet
            return {PRACTICE_ANSWER: None}
        text = str(value)
        if text.startswith("/"):  # a button from an earlier card, not an answer
            send(dispatcher, Reply(IN_PRACTICE))
            return {PRACTICE_ANSWER: None}
        rep = rep_id(tracker)
        state = tracker.get_slot(PRACTICE)
        outcome = await self.call(rep, lambda tutor: tutor.reply(rep, state, text))
        if outcome is None:
            return {PRACTICE_ANSWER: None}
        for reply in outcome.replies:
            send(dispatcher, reply)
        return {PRACTICE_ANSWER: value if outcome.done else None, PRACTICE: outcome.practice}
