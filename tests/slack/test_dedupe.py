"""Slack delivers at least once: what was seen, for how long; shared by replicas through Redis."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

import pytest
from redis.asyncio import Redis

from pregame.slack.dedupe import LocalDeliveries, RedisDeliveries, Seen, deliveries
from pregame.stack.processes import free_port
from tests.support.servers import RedisServer
from tests.support.slack_edge import mention, message
from tests.support.slack_harness import Harness, posted_in


def test_seen_expires_and_is_bounded() -> None:
    now = [0.0]
    seen = Seen(ttl=10, size=3, clock=lambda: now[0])
    assert seen.first("a", "m1")
    assert not seen.first("b", "m1"), "a second event for the same message"
    assert not seen.first("a")
    now[0] = 11
    assert seen.first("a") and "a" in seen
    seen.first("x")
    seen.first("y")
    assert "a" in seen
    seen.first("z")
    assert "a" not in seen and "z" in seen, "the oldest key goes when full"


def test_in_memory_without_a_redis_url() -> None:
    assert isinstance(deliveries(""), LocalDeliveries)


def test_redis_keys_are_set_once_with_a_ttl(redis_server: RedisServer) -> None:
    async def scenario() -> None:
        shared = deliveries(redis_server.url, ttl=60, prefix="t1:")
        other = deliveries(redis_server.url, ttl=60, prefix="t1:")  # another replica
        assert isinstance(shared, RedisDeliveries)
        assert await shared.first("event:Ev1", "msg:C1:1.1")
        assert not await other.first("event:Ev1"), "a retry at another replica"
        assert not await other.first("event:Ev2", "msg:C1:1.1"), "the same message again"
        assert await other.first("event:Ev3", "msg:C1:1.2")
        probe = Redis.from_url(redis_server.url)
        assert 0 < await probe.ttl("t1:event:Ev1") <= 60
        await probe.aclose()
        await shared.close()
        await other.close()

    asyncio.run(scenario())


def test_an_unreachable_redis_answers_rather_than_drops(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> bool:
        down = deliveries(f"redis://127.0.0.1:{free_port()}/0")
        try:
            return await down.first("event:Ev1")
        finally:
            await down.close()

    with caplog.at_level(logging.WARNING):
        assert asyncio.run(scenario())
    assert any("Redis unavailable" in r.getMessage() for r in caplog.records)


def test_two_app_replicas_sharing_redis_answer_a_retried_event_once(
    make_harness: Callable[..., Harness], redis_server: RedisServer
) -> None:
    first = make_harness(redis_url=redis_server.url)
    second = make_harness(redis_url=redis_server.url)
    event = mention("discovery call with a CFO", "100.1")
    first.event(event, "Ev1")
    posted_in(first, "100.1", 2)
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    assert second.event(event, "Ev1", **retry).status_code == 200
    again = message(event["text"], "100.1", "C1", "channel", thread_ts="100.1")
    second.event(again, "Ev2")  # the same message as a message.channels event
    time.sleep(0.5)
    assert len(first.rasa.received) == 1
    assert len(first.slack.calls_to("chat.postMessage")) == 2
