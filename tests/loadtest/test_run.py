"""The load driver on an in-process transport: counts, percentiles, errors and cross-talk."""

from __future__ import annotations

import asyncio
import json

import httpx

from pregame.loadtest.run import run_load
from pregame.rasa_client import AsyncRasaClient


def echo(request: httpx.Request) -> httpx.Response:
    body = json.loads(request.content)
    return httpx.Response(200, json=[{"recipient_id": body["sender"], "text": body["message"]}])


def test_closed_loop_counts_every_turn_without_crosstalk() -> None:
    client = AsyncRasaClient("http://bot", transport=httpx.MockTransport(echo))
    result = asyncio.run(run_load(client, sellers=4, turns=5))
    assert len(result.results) == 20
    assert (result.errors, result.lost, result.crosstalk) == (0, 0, 0)
    assert result.percentile(50) <= result.percentile(95)
    assert "4 sellers x 5 turns (closed loop)" in result.summary()


def test_a_reply_meant_for_another_seller_is_cross_talk() -> None:
    said: list[str] = []

    def mixed_up(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        said.append(body["message"])
        return httpx.Response(200, json=[{"text": said[0]}])  # always the first message

    client = AsyncRasaClient("http://bot", transport=httpx.MockTransport(mixed_up))
    result = asyncio.run(run_load(client, sellers=3, turns=1))
    assert result.crosstalk == 2


def test_errors_and_empty_replies_count_as_errors() -> None:
    calls = 0

    def flaky(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls % 2:
            return httpx.Response(500, text="boom")
        return httpx.Response(200, json=[])

    client = AsyncRasaClient("http://bot", transport=httpx.MockTransport(flaky))
    result = asyncio.run(run_load(client, sellers=2, turns=2))
    assert result.errors == 4
    assert result.as_dict()["errors"] == 4


def test_fixed_rate_spreads_the_turns_over_time() -> None:
    client = AsyncRasaClient("http://bot", transport=httpx.MockTransport(echo))
    result = asyncio.run(run_load(client, sellers=2, turns=3, rate=20.0))
    assert result.mode == "rate"
    assert result.wall >= 5 / 20.0  # the last of 6 turns is due at 0.25 s
    assert len(result.results) == 6


def test_a_company_named_inside_anothers_name_is_not_cross_talk() -> None:
    from pregame.loadtest.run import crosstalk
    from pregame.loadtest.script import COMPANIES, Seller

    everyone = [Seller(i, "r") for i in range(len(COMPANIES) + 1)]
    first, again = everyone[0], everyone[len(COMPANIES)]  # "Tailspin" and "Tailspin 2"
    assert crosstalk(again, everyone, [{"text": f"Call prep: {again.company}'s CFO"}]) is False
    assert crosstalk(first, everyone, [{"text": f"Call prep: {again.company}'s CFO"}]) is True
