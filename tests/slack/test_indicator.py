"""The working indicator never holds up a reply nor raises."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, cast

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from pregame.slack.indicator import Indicator
from tests.support.slack_edge import mention
from tests.support.slack_harness import (
    Harness,
    posted_in,
)


def test_a_rate_limited_reaction_does_not_hold_up_the_reply(harness: Harness) -> None:
    harness.slack.fail_next(
        "reactions.add", 429, {"Retry-After": "3"}, {"ok": False, "error": "ratelimited"}
    )
    started = time.monotonic()
    harness.event(mention("slow", "100.1"), "Ev1")  # a 2 s turn; the reaction waits 0.5 + 3 s
    posted_in(harness, "100.1")
    assert time.monotonic() - started < 3.2, "the reply did not wait for the reaction"
    removed = harness.slack.wait_for("reactions.remove")
    assert removed[0]["timestamp"] == "100.1", "the reaction still comes off afterwards"


def test_a_network_error_in_the_indicator_is_logged_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Offline:
        async def reactions_add(self, **_: Any) -> None:
            raise aiohttp.ClientConnectionError("network is down")

        async def reactions_remove(self, **_: Any) -> None:
            raise aiohttp.ClientConnectionError("network is down")

    async def scenario() -> None:
        indicator = Indicator(cast(AsyncWebClient, Offline()), "C1", "1.1", 0)
        await asyncio.sleep(0.05)
        stopped = indicator.stop()  # type: ignore[func-returns-value]
        if asyncio.iscoroutine(stopped):  # the API before the fix
            await stopped
        await asyncio.sleep(0.05)

    with caplog.at_level(logging.WARNING, logger="pregame.slack"):
        asyncio.run(scenario())
    assert any("network is down" in r.getMessage() for r in caplog.records)
