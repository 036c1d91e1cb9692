"""Rasa action-server doubles: a tracker for one seller message, and running an action."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


def tracker(
    text: str, slots: dict[str, Any] | None = None, entities: list[dict[str, Any]] | None = None
) -> Tracker:
    """The tracker an action sees after the seller typed ``text``."""
    return Tracker(
        sender_id="seller-1",
        slots=slots or {},
        latest_message={
            "text": text,
            "intent": {"name": "x", "confidence": 1.0},
            "entities": entities or [],
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run(action: Action, t: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    """Run an action as the action server does: the messages it sent and the events it made."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return dispatcher.messages, events


PLAYING = {"playbook": "b2b-buyer-experience", "phase": "discovery", "step": 1.0}
"""The slots of a seller at step 2 of the sample playbook's discovery phase."""


def bot_said(t: Tracker, custom: dict[str, Any] | None = None, text: str = "") -> None:
    """Add a bot message (with its custom payload, if any) to the tracker's history."""
    data: dict[str, Any] = {"custom": custom} if custom is not None else {}
    t.events.append({"event": "bot", "text": text, "data": data})
