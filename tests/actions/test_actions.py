from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import SORRY, CoachAction
from actions.knowledge import ActionAnswerQuestion, ActionHandleObjection, ActionSendContent
from actions.play import ActionNextStep, ActionPreviousStep, ActionStartPlay
from pregame.coach.coach import Coach, Turn
from pregame.coach.state import PlayState


def tracker(
    text: str, slots: dict[str, Any] | None = None, entities: list[dict[str, Any]] | None = None
) -> Tracker:
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


def run(action: CoachAction, t: Tracker) -> tuple[list[dict[str, Any]], list[Any]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return dispatcher.messages, events


def test_start_play_sets_slots_and_sends_step(coach: Coach) -> None:
    messages, events = run(
        ActionStartPlay(coach),
        tracker(
            "I have a discovery call with a CFO tomorrow",
            entities=[
                {"entity": "phase", "value": "discovery"},
                {"entity": "persona", "value": "CFO"},
            ],
        ),
    )
    assert SlotSet("phase", "discovery") in events
    assert SlotSet("persona", "cfo") in events
    assert SlotSet("playbook", "b2b-buyer-experience") in events
    assert messages[1]["custom"]["type"] == "step"
    assert [b["payload"] for b in messages[1]["buttons"]] == [
        "/previous_step",
        "/next_step",
        "/ask_content",
    ]


def test_entity_value_alone_resolves_phase(coach: Coach) -> None:
    _, events = run(
        ActionStartPlay(coach),
        tracker(
            '/start_play{"phase":"negotiation"}',
            entities=[{"entity": "phase", "value": "negotiation"}],
        ),
    )
    assert SlotSet("phase", "negotiation") in events


def test_next_and_previous_read_the_step_slot(coach: Coach) -> None:
    slots = {"playbook": "b2b-buyer-experience", "phase": "discovery", "step": 1.0}
    messages, events = run(ActionNextStep(coach), tracker("next", slots))
    assert events == [SlotSet("step", 2.0)]
    assert messages[0]["custom"]["index"] == 2
    _, events = run(ActionPreviousStep(coach), tracker("back", slots))
    assert events == [SlotSet("step", 0.0)]


def test_content_objection_and_question_actions(coach: Coach) -> None:
    slots = {"playbook": "b2b-buyer-experience", "phase": "discovery", "step": 0.0}
    messages, events = run(ActionSendContent(coach), tracker("what should I send them?", slots))
    assert events == [] and messages[0]["custom"]["type"] == "content"
    messages, _ = run(ActionHandleObjection(coach), tracker("they say we're too expensive"))
    assert messages[0]["custom"]["objection"] == "too-expensive"
    messages, _ = run(ActionAnswerQuestion(coach), tracker("parental leave allowance"))
    assert messages[0]["custom"]["type"] == "no_answer"


def test_button_payload_is_not_used_as_a_search_query(coach: Coach) -> None:
    slots = {"playbook": "b2b-buyer-experience", "phase": "discovery", "step": 0.0}
    messages, _ = run(ActionSendContent(coach), tracker("/ask_content", slots))
    assert all(i["why"] == "recommended in the playbook" for i in messages[0]["custom"]["items"])


class Exploding(ActionNextStep):
    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        raise RuntimeError("store is down")


def test_failure_becomes_a_friendly_message(coach: Coach) -> None:
    messages, events = run(Exploding(coach), tracker("next"))
    assert messages == [{**messages[0], "text": SORRY}] and events == []
