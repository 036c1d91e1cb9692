"""Feedback on an answer, recorded as a tracker event (the `feedback` slot) for managers."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.base import CoachAction, user_text
from pregame.coach.coach import Turn
from pregame.coach.reply import Reply
from pregame.coach.state import PlayState


def last_answer(tracker: Tracker) -> dict[str, Any]:
    """What the feedback is about: the bot's last answer (not its thanks for earlier feedback)."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            custom = (event.get("data") or {}).get("custom")
            if custom and custom.get("type") != "feedback_recorded":
                return {
                    k: custom.get(k)
                    for k in ("type", "playbook", "phase", "step", "objection", "query")
                    if custom.get(k)
                }
    return {}


class _Feedback(CoachAction, ABC):
    helpful: bool

    @abstractmethod
    def name(self) -> str: ...

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        if self.helpful:
            reply = Reply("Thanks, noted. Glad it helped!", data={"type": "feedback_recorded"})
        else:
            reply = Reply(
                "Thanks for telling me; I've noted it so the playbook owners can fix it. "
                "If you tell me what was missing, I'll note that too.",
                data={"type": "feedback_recorded"},
            )
        return Turn(state, [reply])

    def extra_events(self, tracker: Tracker) -> list[EventType]:
        entities = tracker.latest_message.get("entities", [])
        reason = next((e["value"] for e in entities if e.get("entity") == "reason"), None)
        record = {
            "helpful": self.helpful,
            "reason": reason or user_text(tracker) or None,
            "about": last_answer(tracker),
        }
        return [SlotSet("feedback", record)]


class ActionFeedbackHelpful(_Feedback):
    helpful = True

    def name(self) -> str:
        return "action_feedback_helpful"


class ActionFeedbackUnhelpful(_Feedback):
    helpful = False

    def name(self) -> str:
        return "action_feedback_unhelpful"
