"""actions/fallback.py: the clarifying question of the two-stage fallback."""

from __future__ import annotations

import asyncio

from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionAskAffirmation
from tests.support.rasa_tracker import tracker


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
    assert message["custom"] == {"type": "clarify", "options": ["ask_content", "ask_question"]}
    assert message["buttons"][0] == {"title": "Find content to send", "payload": "/ask_content"}
