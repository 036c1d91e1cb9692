"""Feedback on an answer, recorded as a tracker event (the `feedback` slot) for managers."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from actions.base import CoachAction, user_text
from pregame.coach.coach import Turn
from pregame.coach.state import PlayState
from pregame.replies import FeedbackRecordedPayload, Reply, ReplyType, message_type

ABOUT = ("type", "playbook", "phase", "step", "objection", "query")
"""The payload fields a feedback record keeps, to say what it was about."""


def last_answer(tracker: Tracker) -> dict[str, Any]:
    """What the feedback is about: the bot's last answer (not its thanks for earlier feedback).

    The payload's fields are copied as sent, without validation: a record is kept even for a
    message from an older version of the contract.
    """
    bot = (e for e in reversed(tracker.applied_events()) if e.get("event") == "bot")
    for event in bot:
        data = event.get("data") or {}
        custom = data.get("custom")
        if custom and message_type(data) is not ReplyType.FEEDBACK_RECORDED:
            return {k: custom.get(k) for k in ABOUT if custom.get(k)}
    return {}


class _Feedback(CoachAction, ABC):
    helpful: bool

    @abstractmethod
    def name(self) -> str: ...

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        text = (
            "Thanks, noted. Glad it helped!"
            if self.helpful
            else "Thanks for telling me; I've noted it so the playbook owners can fix it. "
            "If you tell me what was missing, I'll note that too."
        )
        return Turn(state, [Reply(text, payload=FeedbackRecordedPayload())])

    def extra_events(self, tracker: Tracker) -> list[EventType]:
        reason = next(tracker.get_latest_entity_values("reason"), None)
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
