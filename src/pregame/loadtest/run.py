"""Drive N simulated sellers x T turns, closed loop or at a fixed rate (:func:`drive`), and
the REST channel as a target (:func:`run_load`; the Slack app is :mod:`.slack_run`)."""

from __future__ import annotations

import asyncio
import json
import re
import statistics
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pregame.loadtest.script import Seller
from pregame.rasa_client import AsyncRasaClient, BotUnavailable
from pregame.replies import BotMessage

Mode = Literal["closed", "rate"]


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile of sorted ``values`` (nearest rank; NaN when empty)."""
    if not values:
        return float("nan")
    index = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[index]


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


@dataclass
class Turn:
    seller: int
    number: int
    seconds: float
    ok: bool
    error: str = ""
    crosstalk: bool = False


@dataclass
class LoadResult:
    sellers: int
    turns: int
    mode: Mode
    rate: float | None
    wall: float
    results: list[Turn] = field(default_factory=list)
    target: str = "rest"

    @property
    def latencies(self) -> list[float]:
        return sorted(t.seconds for t in self.results if t.ok)

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p)

    @property
    def errors(self) -> int:
        return sum(not t.ok for t in self.results)

    @property
    def crosstalk(self) -> int:
        return sum(t.crosstalk for t in self.results)

    @property
    def lost(self) -> int:
        """Turns never answered at all (neither a reply nor an error)."""
        return self.sellers * self.turns - len(self.results)

    @property
    def failed(self) -> bool:
        """Any error, lost turn or cross-talk."""
        return bool(self.errors or self.lost or self.crosstalk)

    @property
    def throughput(self) -> float:
        return sum(t.ok for t in self.results) / self.wall if self.wall else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "target": self.target,
            "sellers": self.sellers,
            "turns_per_seller": self.turns,
            "mode": self.mode,
            "rate": self.rate,
            "wall_s": round(self.wall, 2),
            "p50_ms": ms(self.percentile(50)),
            "p95_ms": ms(self.percentile(95)),
            "max_ms": ms(max(self.latencies, default=float("nan"))),
            "median_ms": round(statistics.median(self.latencies) * 1000, 1)
            if self.latencies
            else None,
            "errors": self.errors,
            "lost": self.lost,
            "crosstalk": self.crosstalk,
            "turns_per_s": round(self.throughput, 2),
        }

    def summary(self) -> str:
        d = self.as_dict()
        how = f"{self.rate:g} turns/s arriving" if self.mode == "rate" else "closed loop"
        return (
            f"{self.sellers} sellers x {self.turns} turns ({how}): p50 {d['p50_ms']} ms, "
            f"p95 {d['p95_ms']} ms, max {d['max_ms']} ms; {d['turns_per_s']} turns/s; "
            f"{self.errors} errors, {self.lost} lost, {self.crosstalk} cross-talk"
        )


def _text(messages: Sequence[BotMessage]) -> str:
    return "\n".join(
        [str(m.get("text") or "") for m in messages]
        + [json.dumps(m.get("custom") or {}) for m in messages]
    )


def crosstalk(seller: Seller, others: Sequence[Seller], messages: Sequence[BotMessage]) -> bool:
    """A reply that names another seller's company was meant for someone else."""
    return names_another(seller, others, _text(messages))


def names_another(seller: Seller, others: Sequence[Seller], text: str) -> bool:
    """Whether ``text`` names the company of a seller other than ``seller``."""
    return any(
        _names(o.company, text)
        for o in others
        # "Tailspin" is in "Tailspin 2": the seller's own name says nothing about the other's
        if o.company != seller.company and not _names(o.company, seller.company)
    )


def _names(company: str, text: str) -> bool:
    return re.search(rf"\b{re.escape(company)}\b", text) is not None


async def _one_turn(
    client: AsyncRasaClient, seller: Seller, everyone: Sequence[Seller], number: int, started: float
) -> Turn:
    try:
        messages = await client.send(seller.sender, seller.turn(number))
    except BotUnavailable as exc:
        return Turn(seller.index, number, time.perf_counter() - started, False, str(exc)[:200])
    seconds = time.perf_counter() - started
    if not messages:
        return Turn(seller.index, number, seconds, False, "empty reply")
    return Turn(
        seller.index, number, seconds, True, crosstalk=crosstalk(seller, everyone, messages)
    )


TurnFunction = Callable[[Seller, Sequence[Seller], int, float], Awaitable[Turn]]
"""One turn: (seller, every seller, turn number, when it counts from in perf_counter time)."""


async def drive(
    one_turn: TurnFunction,
    result: LoadResult,
    *,
    progress: Callable[[int], None] | None = None,
) -> LoadResult:
    """Closed loop (each seller sends its next turn when the reply arrives) or, with
    ``result.rate``, turns arriving at a fixed rate: seller i's turn k is due at
    (k*sellers + i) / rate seconds, and its latency counts from then (so a slow server is not
    hidden by waiting)."""
    sellers, turns, rate = result.sellers, result.turns, result.rate
    run = uuid.uuid4().hex[:6]
    everyone = [Seller(i, run) for i in range(sellers)]
    begin = time.perf_counter()

    async def seller_loop(seller: Seller) -> None:
        for number in range(turns):
            due = begin + (number * sellers + seller.index) / rate if rate else time.perf_counter()
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            turn = await one_turn(seller, everyone, number, min(due, time.perf_counter()))
            result.results.append(turn)
            if progress is not None:
                progress(1)

    await asyncio.gather(*(seller_loop(s) for s in everyone))
    result.wall = time.perf_counter() - begin
    return result


async def run_load(
    client: AsyncRasaClient,
    sellers: int,
    turns: int,
    *,
    rate: float | None = None,
    progress: Callable[[int], None] | None = None,
) -> LoadResult:
    """The REST channel: see :func:`drive` for closed loop and fixed rate."""

    async def one_turn(
        seller: Seller, everyone: Sequence[Seller], number: int, started: float
    ) -> Turn:
        return await _one_turn(client, seller, everyone, number, started)

    result = LoadResult(sellers, turns, "rate" if rate else "closed", rate, 0.0)
    return await drive(one_turn, result, progress=progress)
