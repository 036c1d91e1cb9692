"""The bot's buttons: Rasa payloads and Done."""

from __future__ import annotations

from pregame.slack.blocks.primitives import context, header
from tests.support.slack_edge import click, mention
from tests.support.slack_harness import (
    Harness,
    actions_in,
    posted_in,
    without_intents,
)


def test_next_button_goes_to_rasa_as_a_payload_and_answers_in_the_thread(
    harness: Harness,
) -> None:
    harness.event(mention("discovery call with a CFO", "100.1"), "Ev1")
    _, card = posted_in(harness, "100.1", 2)
    next_button = actions_in(card)["pregame_rasa_1"]

    payload = click(
        "pregame_rasa_1",
        next_button["value"],
        channel="C1",
        message_ts="2002.000100",
        thread_ts="100.1",
        title="Next",
    )
    assert harness.interact(payload).status_code == 200

    reply = posted_in(harness, "100.1", 3)[2]
    assert reply["blocks"][0] == context("<@U1> chose *Next*")
    assert reply["blocks"][1] == header("Discovery · step 2 of 4")
    assert harness.rasa.messages_from("slack:T1:C1:100.1") == [
        "discovery call with a CFO",
        "/next_step",
    ]


def test_done_stops_the_play(harness: Harness) -> None:
    harness.interact(
        click("pregame_done", "done", channel="C1", message_ts="2.2", thread_ts="100.1")
    )
    posted_in(harness, "100.1")
    assert harness.rasa.received[0].message == "/stop_play"


def test_done_falls_back_to_thank_without_a_stop_intent(harness: Harness) -> None:
    without_intents(harness, "stop_play")
    harness.interact(
        click("pregame_done", "done", channel="C1", message_ts="2.2", thread_ts="100.1")
    )
    posted_in(harness, "100.1")
    assert harness.rasa.received[0].message == "/thank"
