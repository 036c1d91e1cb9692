"""The clarifying question of the two-stage fallback: plain words and buttons, no intent names."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.base import send
from pregame.replies import Button, ClarifyPayload, Reply

WHAT_IT_MEANS = {
    "start_play": "walk through a play for a call",
    "prepare_call": "get a call-prep brief",
    "ask_content": "find content to send",
    "raise_objection": "handle something the buyer said",
    "ask_question": "answer a sales question",
    "next_step": "go to the next step",
    "previous_step": "go back a step",
    "repeat_step": "see this step again",
    "go_to": "jump to a step or phase",
    "show_play": "see the whole play",
    "restart_play": "restart the play",
    "stop_play": "stop the play",
    "change_context": "switch persona or channel",
    "help": "see what I can do",
}


class ActionAskAffirmation(Action):
    """Rasa's `action_default_ask_affirmation`, phrased for sellers."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        ranking = tracker.latest_message.get("intent_ranking", [])
        options = [r["name"] for r in ranking if r.get("name") in WHAT_IT_MEANS][:2]
        buttons = [Button(WHAT_IT_MEANS[o].capitalize(), f"/{o}") for o in options]
        buttons.append(Button("Something else", "/out_of_scope"))
        reply = Reply(
            "I'm not sure I got that. Did you want me to:",
            tuple(buttons),
            ClarifyPayload(options=options),
        )
        send(dispatcher, reply)
        return []
