"""The shared shape of every Pregame action: tracker in, coach turn, replies and slots out."""

from __future__ import annotations

import functools
import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from pregame.coach.coach import Coach, Turn
from pregame.coach.reply import Reply
from pregame.coach.state import SLOTS, PlayState

log = logging.getLogger(__name__)

SORRY = (
    "Sorry, something went wrong on my side while answering that. "
    "Please try again in a moment; if it keeps happening, tell the Pregame admin."
)


@functools.cache
def default_coach() -> Coach:
    """The coach the action server uses, built once on first use (not at import)."""
    from pregame.services import build_services
    from pregame.settings import Settings

    return build_services(Settings(), watch_playbooks=True).coach()


class CoachAction(Action, ABC):
    """Subclasses implement :meth:`turn`; a coach can be injected for tests."""

    def __init__(self, coach: Coach | None = None) -> None:
        self._coach = coach

    @property
    def coach(self) -> Coach:
        return self._coach or default_coach()

    @abstractmethod
    def turn(self, state: PlayState, tracker: Tracker) -> Turn: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = PlayState.from_slots({name: tracker.get_slot(name) for name in SLOTS})
        try:
            turn = self.turn(state, tracker)
        except Exception:
            log.exception("action %s failed", self.name())
            dispatcher.utter_message(text=SORRY, json_message={"type": "error"})
            return []
        for reply in turn.replies:
            send(dispatcher, reply)
        new_slots = turn.state.to_slots()
        old_slots = state.to_slots()
        return [SlotSet(k, v) for k, v in new_slots.items() if old_slots.get(k) != v]


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    dispatcher.utter_message(
        text=reply.text,
        buttons=[{"title": b.title, "payload": b.payload} for b in reply.buttons],
        json_message=reply.data or None,
    )


def user_text(tracker: Tracker) -> str:
    """What the seller typed; empty for a button payload such as ``/ask_content``."""
    text = str(tracker.latest_message.get("text") or "")
    return "" if text.startswith("/") else text


def entity_values(tracker: Tracker) -> list[str]:
    return [str(e.get("value")) for e in tracker.latest_message.get("entities", [])]
