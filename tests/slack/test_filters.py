"""Which events start a turn: people, not bots or edits; the bot's own threads; once per message."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from pregame.slack.filters import Filters, from_a_person
from pregame.slack.threads import BotThreads
from tests.support.slack_edge import BOT_USER, mention, message
from tests.support.slack_harness import (
    Harness,
    posted_in,
    texts,
)


def test_a_retry_or_a_second_event_for_one_message_is_not_answered_twice(
    harness: Harness,
) -> None:
    event = mention("discovery call with a CFO", "100.1")
    harness.event(event, "Ev1")
    harness.event(event, "Ev1", **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"})
    # the same message also arrives as a message.channels event in a thread the bot is in
    again = message(event["text"], "100.1", "C1", "channel", thread_ts="100.1")
    harness.event(again, "Ev2")
    posted_in(harness, "100.1", 2)
    time.sleep(0.5)
    assert len(harness.rasa.received) == 1
    assert len(harness.slack.calls_to("chat.postMessage")) == 2


def test_follow_up_in_its_own_channel_thread_needs_no_mention(harness: Harness) -> None:
    harness.slack.thread_messages["400.4"] = [{"user": "U1"}, {"user": BOT_USER}]
    harness.slack.thread_messages["500.5"] = [{"user": "U1"}, {"user": "U2"}]
    harness.event(message("what should I send?", "400.9", "C1", "channel", thread_ts="400.4"), "E1")
    harness.event(message("what should I send?", "500.9", "C1", "channel", thread_ts="500.5"), "E2")
    harness.event(message("top-level chatter", "600.1", "C1", "channel"), "E3")
    (content,) = posted_in(harness, "400.4")
    assert "ROI guide" in texts(content)
    time.sleep(0.5)
    assert [r.sender for r in harness.rasa.received] == ["slack:T1:C1:400.4"]


def test_bot_and_edited_messages_are_ignored(harness: Harness) -> None:
    bot_msg = message("hello", "1.1", "D9", "im") | {"bot_id": "BOTHER"}
    edited = message("hello", "1.2", "D9", "im") | {"subtype": "message_changed"}
    harness.event(bot_msg, "E1")
    harness.event(edited, "E2")
    time.sleep(0.5)
    assert harness.rasa.received == []


def test_mentions_from_bots_and_edits_are_ignored(harness: Harness) -> None:
    harness.event(mention("discovery call", "1.1") | {"bot_id": "BOTHER"}, "E1")
    harness.event(mention("discovery call", "1.2") | {"subtype": "bot_message"}, "E2")
    harness.event(mention("discovery call", "1.3") | {"edited": {"user": "U1", "ts": "1.4"}}, "E3")
    harness.event(mention("discovery call", "1.5") | {"subtype": "message_changed"}, "E4")
    time.sleep(0.5)
    assert harness.rasa.received == []
    assert harness.slack.calls_to("chat.postMessage") == []


# -- the matchers on their own ---------------------------------------------------------------


def test_only_people_start_a_turn() -> None:
    person = message("hi", "1.1", "D9", "im")
    assert asyncio.run(from_a_person(person))
    assert asyncio.run(from_a_person(person | {"subtype": "thread_broadcast"}))
    for other in ({"bot_id": "B1"}, {"subtype": "bot_message"}, {"edited": {"ts": "1.2"}}):
        assert not asyncio.run(from_a_person(person | other)), other


def test_first_delivery_is_per_event_and_per_message() -> None:
    filters = Filters(BotThreads())
    event = message("hi", "1.1", "D9", "im")
    assert asyncio.run(filters.first_delivery({"event_id": "Ev1"}, event))
    assert not asyncio.run(filters.first_delivery({"event_id": "Ev1"}, event)), "a retry"
    assert not asyncio.run(filters.first_delivery({"event_id": "Ev2"}, event)), "a second event"
    other = message("hi", "1.2", "D9", "im")
    assert asyncio.run(filters.first_delivery({"event_id": "Ev3"}, other))


def test_an_unaddressed_message_is_not_an_unhandled_request(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        harness.event(message("top-level chatter", "600.1", "C1", "channel"), "E1")
        harness.event(message("hello", "1.1", "D9", "im") | {"bot_id": "BOTHER"}, "E2")
        time.sleep(0.3)
    assert not any("Unhandled request" in r.getMessage() for r in caplog.records)
    assert harness.rasa.received == []
