"""One turn: to Rasa and back into the thread, the working indicator, Rasa down."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from typing import Any, cast

import httpx
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from pregame.rasa_client import AsyncRasaClient
from pregame.slack.blocks.primitives import header
from pregame.slack.records import SlackRecords
from pregame.slack.threads import BotThreads, Thread
from pregame.slack.turns import BUSY, TurnRunner
from tests.support.fake_rasa import step
from tests.support.slack_edge import click, mention, message
from tests.support.slack_harness import (
    Harness,
    actions_in,
    posted_in,
    texts,
)


def test_mention_gets_a_step_card_in_its_thread(harness: Harness) -> None:
    started = time.monotonic()
    response = harness.event(mention("discovery call with a CFO tomorrow", "100.1"), "Ev1")
    assert response.status_code == 200
    assert time.monotonic() - started < 3, "acknowledged within Slack's 3 seconds"

    first, card = posted_in(harness, "100.1", 2)
    assert first["channel"] == card["channel"] == "C1"
    assert "Got it" in first["text"]
    assert card["blocks"][0] == header("Discovery · step 1 of 4")
    buttons = actions_in(card)
    assert [b["text"]["text"] for b in buttons.values()][:5] == [
        "Back",
        "Next",
        "Content",
        "Objection",
        "Done",
    ]
    assert buttons["pregame_rasa_1"]["value"] == "/next_step"
    assert {"pregame_feedback_helpful", "pregame_feedback_not_helpful"} <= set(buttons)
    assert "Confirm the time &amp; agree the agenda." in texts(card)

    (received,) = harness.rasa.received
    assert received.sender == "slack:T1:C1:100.1"
    assert received.message == "discovery call with a CFO tomorrow", "the bot mention is dropped"
    assert received.metadata["slack"]["user"] == "U1"


def test_dm_top_level_message_is_answered_in_a_thread(harness: Harness) -> None:
    harness.event(message("discovery call with a CFO", "300.3", "D9", "im"), "Ev1")
    assert posted_in(harness, "300.3", 2)[0]["channel"] == "D9"
    assert harness.rasa.received[0].sender == "slack:T1:D9:300.3"


def test_rasa_down_gives_a_friendly_message_and_a_log_line(
    down_harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="pregame.slack"):
        down_harness.event(mention("discovery call", "100.1"), "Ev1")
        (reply,) = posted_in(down_harness, "100.1")
    assert "can't reach the playbook coach" in reply["text"]
    assert any("Rasa unavailable for slack:T1:C1:100.1" in r.getMessage() for r in caplog.records)


def test_slow_turn_is_acked_at_once_and_shows_a_working_indicator(harness: Harness) -> None:
    started = time.monotonic()
    assert harness.event(mention("slow", "100.1"), "Ev1").status_code == 200
    assert time.monotonic() - started < 1.0, "the ack does not wait for the 2 s Rasa turn"
    added = harness.slack.wait_for("reactions.add")
    posted_in(harness, "100.1")
    removed = harness.slack.wait_for("reactions.remove")
    assert added[0]["timestamp"] == removed[0]["timestamp"] == "100.1"
    assert added[0]["name"] == "hourglass_flowing_sand"


def test_fast_turn_has_no_indicator(harness: Harness) -> None:
    harness.event(mention("discovery call", "100.1"), "Ev1")
    posted_in(harness, "100.1", 2)
    assert harness.slack.calls_to("reactions.add") == []


def test_a_slow_button_turn_reacts_to_the_clicked_message(harness: Harness) -> None:
    harness.rasa.delay = 1.0
    harness.interact(
        click("pregame_rasa_1", "/next_step", channel="C1", message_ts="7.7", thread_ts="100.1")
    )
    (added,) = harness.slack.wait_for("reactions.add")
    assert (added["channel"], added["timestamp"]) == ("C1", "7.7")
    posted_in(harness, "100.1")
    assert harness.slack.wait_for("reactions.remove")[0]["timestamp"] == "7.7"


# -- the runner on its own, with the network injected ---------------------------------------


class Posts:
    """Just enough of the Web API client for a turn: what was posted."""

    def __init__(self) -> None:
        self.posted: list[dict[str, Any]] = []

    async def chat_postMessage(self, **kwargs: Any) -> dict[str, Any]:
        self.posted.append(kwargs)
        return {"ok": True}


def test_one_turn_with_an_injected_rasa_transport(records: SlackRecords) -> None:
    sent: list[dict[str, Any]] = []

    def rasa(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        started = {"type": "play_started", "playbook": "pb", "phase": "discovery"}
        return httpx.Response(
            200,
            json=[
                {"recipient_id": "x", "text": "Got it"},
                {"recipient_id": "x", "custom": started},
                {"recipient_id": "x", "text": "Step 1"},
                {"recipient_id": "x", "custom": step(0)},
            ],
        )

    async def scenario() -> Posts:
        client = AsyncRasaClient("http://rasa.test", transport=httpx.MockTransport(rasa))
        threads = BotThreads()
        runner = TurnRunner(client, records, threads)
        posts = Posts()
        thread = Thread("T1", "C1", "100.1")
        await runner.turn(cast(AsyncWebClient, posts), thread, "discovery call", user="U1")
        assert thread.sender in threads.ours
        await client.close()
        return posts

    posts = asyncio.run(scenario())
    assert sent == [
        {
            "sender": "slack:T1:C1:100.1",
            "message": "discovery call",
            "metadata": {
                "slack": {"team": "T1", "channel": "C1", "thread_ts": "100.1", "user": "U1"}
            },
        }
    ]
    first, card = posts.posted
    assert (first["channel"], first["thread_ts"], first["text"]) == ("C1", "100.1", "Got it")
    assert card["blocks"][0] == header("Discovery · step 1 of 4")
    plays = asyncio.run(records.recent_plays("U1", "T1"))
    assert [p.phase for p in plays] == ["discovery"]


def test_rasa_answering_an_error_is_the_friendly_message(records: SlackRecords) -> None:
    def rasa(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, text="boom")

    async def scenario() -> Posts:
        client = AsyncRasaClient("http://rasa.test", transport=httpx.MockTransport(rasa))
        runner = TurnRunner(client, records, BotThreads())
        posts = Posts()
        await runner.turn(cast(AsyncWebClient, posts), Thread("T1", "D9", "1.1"), "hi", user="U1")
        await client.close()
        return posts

    (reply,) = asyncio.run(scenario()).posted
    assert "can't reach the playbook coach" in reply["text"]


# -- limits ----------------------------------------------------------------------------------


def test_a_message_over_the_limit_is_answered_with_it_and_not_sent(
    make_harness: Callable[..., Harness],
) -> None:
    harness = make_harness(max_message_chars=50)
    harness.event(mention("x" * 51, "100.1"), "Ev1")
    (reply,) = posted_in(harness, "100.1")
    assert "51 characters" in reply["text"] and "at most 50" in reply["text"]
    harness.event(mention("discovery call", "200.1"), "Ev2")
    posted_in(harness, "200.1", 2)
    assert [r.message for r in harness.rasa.received] == ["discovery call"]


def test_a_threads_turns_in_flight_are_bounded_with_a_reply(records: SlackRecords) -> None:
    async def scenario() -> tuple[list[str], Posts]:
        release = asyncio.Event()
        sent: list[str] = []

        async def rasa(request: httpx.Request) -> httpx.Response:
            sent.append(json.loads(request.content)["message"])
            await release.wait()
            return httpx.Response(200, json=[{"recipient_id": "x", "text": "ok"}])

        client = AsyncRasaClient("http://rasa.test", transport=httpx.MockTransport(rasa))
        runner = TurnRunner(client, records, BotThreads(), queue=2)
        posts = Posts()
        slack = cast(AsyncWebClient, posts)
        thread, other = Thread("T1", "D9", "1.1"), Thread("T1", "D9", "2.2")
        held = [asyncio.create_task(runner.turn(slack, thread, f"m{i}", user="U1")) for i in (1, 2)]
        while not sent:  # the first turn is at Rasa, the second waits for it
            await asyncio.sleep(0)
        await runner.turn(slack, thread, "m3", user="U1")  # refused at once
        assert [p["text"] for p in posts.posted] == [BUSY]
        elsewhere = asyncio.create_task(runner.turn(slack, other, "n1", user="U2"))
        while len(sent) < 2:
            await asyncio.sleep(0)
        release.set()
        await asyncio.gather(*held, elsewhere)
        await runner.turn(slack, thread, "m4", user="U1")  # room again
        await client.close()
        return sent, posts

    sent, posts = asyncio.run(scenario())
    assert sent == ["m1", "n1", "m2", "m4"], "another thread is not held up; m3 never sent"
    assert [p["text"] for p in posts.posted].count("ok") == 4
