"""The shared scheduler: a failed run is logged and the next one still runs."""

from __future__ import annotations

import asyncio
import logging

import pytest
from apscheduler.triggers.interval import IntervalTrigger

from pregame.slack.schedule import Schedule


def test_a_failed_run_is_logged_and_the_next_one_runs(caplog: pytest.LogCaptureFixture) -> None:
    runs: list[int] = []

    async def job() -> None:
        runs.append(len(runs))
        if len(runs) == 1:
            raise RuntimeError("boom")

    async def go() -> None:
        schedule = Schedule(job, IntervalTrigger(seconds=0.2), job_id="t", what="the test job")
        schedule.start()
        assert schedule.next_run() is not None
        for _ in range(50):
            if len(runs) >= 2:
                break
            await asyncio.sleep(0.1)
        schedule.stop()
        assert schedule.next_run() is None

    with caplog.at_level(logging.ERROR, logger="pregame.slack.schedule"):
        asyncio.run(go())
    assert len(runs) >= 2
    assert any("the test job failed" in r.getMessage() for r in caplog.records)
