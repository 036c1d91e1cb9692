"""actions/play.py: starting a play and moving through it."""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from actions.play import (
    ActionAcknowledge,
    ActionGoTo,
    ActionNewPlay,
    ActionNextStep,
    ActionPreviousStep,
    ActionStartPlay,
    ActionStopPlay,
)
from pregame.coach.coach import Coach
from tests.support.rasa_tracker import PLAYING, bot_said, run, tracker


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


def test_new_play_clears_the_old_phase_so_the_form_asks(coach: Coach) -> None:
    _, events = run(ActionNewPlay(coach), tracker("meeting their CTO next week", PLAYING))
    assert SlotSet("phase", None) in events and SlotSet("persona", "cto") in events


def test_go_to_and_stop(coach: Coach) -> None:
    messages, events = run(ActionGoTo(coach), tracker("go to step 3", PLAYING))
    assert events == [SlotSet("step", 2.0)] and messages[0]["custom"]["index"] == 2
    messages, events = run(ActionStopPlay(coach), tracker("stop", PLAYING))
    assert SlotSet("phase", None) in events and messages[0]["custom"]["type"] == "play_stopped"


def test_ok_is_read_against_the_last_card(coach: Coach) -> None:
    after_step = tracker("ok", PLAYING)
    bot_said(after_step, {"type": "step", "index": 1})
    messages, events = run(ActionAcknowledge(coach), after_step)
    assert events == [SlotSet("step", 2.0)] and messages[0]["custom"]["index"] == 2

    after_content = tracker("ok", PLAYING)
    bot_said(after_content, {"type": "content", "items": []})
    messages, events = run(ActionAcknowledge(coach), after_content)
    assert events == [] and messages[0]["custom"] == {"type": "nudge"}

    no = tracker("no", PLAYING)
    no.latest_message["intent"] = {"name": "deny", "confidence": 1.0}
    bot_said(no, {"type": "step", "index": 1})
    messages, events = run(ActionAcknowledge(coach), no)
    assert events == [] and messages[0]["custom"]["type"] == "nudge"
