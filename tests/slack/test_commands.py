"""`/pregame`: the pure parser, and the command answered over the Events API."""

from __future__ import annotations

import json

from pregame.slack.commands import NO_LEARNING, ShowHelp, StartInDm, parse_command
from tests.support.slack_harness import (
    Harness,
)


def test_slash_help_is_ephemeral(harness: Harness) -> None:
    response = harness.command("help")
    assert response.status_code == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert "/pregame play" in json.dumps(body["blocks"])
    assert harness.rasa.received == []


def test_slash_unknown_subcommand_says_so(harness: Harness) -> None:
    body = harness.command("frobnicate").json()
    assert body["response_type"] == "ephemeral" and "frobnicate" in body["text"]


def test_slash_play_acks_privately_and_plays_in_a_dm_thread(harness: Harness) -> None:
    body = harness.command("play discovery call with a CFO", user="U7").json()
    assert body["response_type"] == "ephemeral" and "DM" in body["text"]
    assert harness.slack.wait_for("conversations.open")[0]["users"] == "U7"
    root = harness.slack.wait_for("chat.postMessage")[0]
    assert root["channel"] == "DU7" and "thread_ts" not in root
    replies = harness.slack.wait_for("chat.postMessage", 3)[1:]
    assert {r["thread_ts"] for r in replies} == {"2001.000100"}
    assert harness.rasa.received[0].message == "discovery call with a CFO"


def test_slash_learn_sends_the_learn_payload_in_a_dm_thread(harness: Harness) -> None:
    body = harness.command("learn negotiation", user="U7").json()
    assert body["response_type"] == "ephemeral" and "your lesson" in body["text"]
    root = harness.slack.wait_for("chat.postMessage")[0]
    assert root["channel"] == "DU7" and root["text"] == "/pregame learn negotiation"
    harness.slack.wait_for("chat.postMessage", 2)
    received = harness.rasa.received[0]
    assert received.message == '/learn{"phase":"negotiation"}'
    assert received.metadata["slack"]["user"] == "U7"


def test_slash_prep_sends_a_prep_request(harness: Harness) -> None:
    harness.command("prep evaluation call with Acme's CFO")
    harness.slack.wait_for("chat.postMessage", 2)
    assert harness.rasa.received[0].message == "prep me for evaluation call with Acme's CFO"


def test_slash_play_says_privately_when_the_dm_cannot_be_opened(harness: Harness) -> None:
    harness.slack.fail_next("conversations.open", 200, {}, {"ok": False, "error": "user_disabled"})
    harness.command("play discovery call with a CFO", user="U7")
    (told,) = harness.slack.wait_for("response")
    assert told["response_type"] == "ephemeral"
    assert "couldn't open a DM" in told["text"] and "user_disabled" in told["text"]
    assert harness.rasa.received == []


def test_a_slow_slash_command_turn_reacts_to_its_dm_message(harness: Harness) -> None:
    harness.rasa.delay = 1.0
    harness.command("play discovery call with a CFO", user="U7")
    root = harness.slack.wait_for("chat.postMessage")[0]
    (added,) = harness.slack.wait_for("reactions.add")
    assert added["channel"] == "DU7" and added["timestamp"] == "2001.000100"
    assert "thread_ts" not in root


# -- the pure parser -------------------------------------------------------------------------


def test_help_and_empty_show_the_help() -> None:
    assert parse_command("") == ShowHelp() == parse_command("  HELP ")
    assert ShowHelp().text == "How to use Pregame"


def test_play_and_prep_start_in_a_dm_with_the_users_words() -> None:
    play = parse_command("Play  discovery call with a <CFO>")
    assert play == StartInDm(
        "/pregame",
        "play",
        "discovery call with a <CFO>",
        "discovery call with a <CFO>",
        "your play",
    )
    assert play.root == "/pregame play discovery call with a &lt;CFO&gt;"
    prep = parse_command("prep evaluation call", command="/pregame-dev")
    assert isinstance(prep, StartInDm)
    assert (prep.message, prep.what) == ("prep me for evaluation call", "your call prep")
    assert prep.root.startswith("/pregame-dev prep")


LEARNING_INTENTS = frozenset({"learn", "practice", "my_progress"})


def test_learn_practice_and_progress_start_in_a_dm_with_a_payload() -> None:
    learn = parse_command("learn", intents=LEARNING_INTENTS)
    assert isinstance(learn, StartInDm) and learn.payload
    assert (learn.message, learn.what, learn.root) == ("/learn", "your lesson", "/pregame learn")
    named = parse_command("learn the <@U1|negotiation> phase", intents=LEARNING_INTENTS)
    assert isinstance(named, StartInDm)
    assert named.message == '/learn{"phase":"the @negotiation phase"}'
    practice = parse_command('practice /pricing "call" w/ a CFO', intents=LEARNING_INTENTS)
    assert isinstance(practice, StartInDm)
    assert practice.message == '/practice{"phase":"pricing \\"call\\" w/ a CFO"}'
    progress = parse_command("progress please", intents=LEARNING_INTENTS)
    assert isinstance(progress, StartInDm) and progress.message == "/my_progress"
    assert progress.what == "your progress"


def test_the_learning_commands_need_the_bots_learning_intents() -> None:
    assert parse_command("practice", intents={"learn"}) == ShowHelp(NO_LEARNING)
    assert parse_command("progress") == ShowHelp(NO_LEARNING)


def test_what_cannot_start_says_why() -> None:
    assert parse_command("learn objections") == ShowHelp(NO_LEARNING)
    unknown = parse_command("frobnicate now")
    assert isinstance(unknown, ShowHelp) and unknown.text == "I don't know `/pregame frobnicate`."
    empty = parse_command("prep")
    assert isinstance(empty, ShowHelp)
    assert empty.text == "Tell me about the call, e.g. `/pregame prep discovery call with a CFO`."
