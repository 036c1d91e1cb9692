"""The weekly digest DM: sent through the (mock) Slack Web API, once per owner per week, on a
schedule in the app's event loop that never blocks it and stops with the app."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.date import DateTrigger
from slack_sdk.web.async_client import AsyncWebClient

from pregame.insights.catalog import load_catalog
from pregame.insights.digest import Addressed, Digest, address, digests
from pregame.insights.events import EventStore
from pregame.insights.feedback import Rated
from pregame.insights.headline import last_days
from pregame.insights.service import Insights
from pregame.settings import Settings
from pregame.slack.blocks.insights import digest_message
from pregame.slack.dedupe import LocalDeliveries
from pregame.slack.digest import DigestSchedule, WeeklyDigest, send_digests, weekly_trigger
from pregame.slack.manager import SharedInsights
from tests.support.fakes import HashingEmbedder
from tests.support.paths import FIXTURES, ROOT
from tests.support.slack_edge import LoopThread, MockSlack
from tests.support.slack_harness import Harness

TODAY = date(2026, 12, 2)
OWNERS = {"Sales Enablement": "U0SALES01", "Enterprise Sales Enablement": "U0ENTER01"}


def _insights() -> Insights:
    store = EventStore.from_url(f"sqlite:///{FIXTURES / 'insights' / 'events.db'}")
    catalog = load_catalog(ROOT / "playbooks", ROOT / "knowledge")
    return Insights(store, catalog, HashingEmbedder(), today=lambda: TODAY)


def _client(slack: MockSlack) -> AsyncWebClient:
    return AsyncWebClient(token="xoxb-test", base_url=slack.url)


def test_each_owner_gets_a_dm(loop: LoopThread, mock_slack: MockSlack) -> None:
    insights = _insights()
    found = address(digests(insights, last_days(TODAY)), insights.roster(Settings(owners=OWNERS)))
    found.append(Addressed(Digest("Deal Desk", stale=[]), None))
    sent = loop.run(send_digests(_client(mock_slack), found, "https://pregame.example.com/"))
    assert sorted(sent.delivered) == ["Enterprise Sales Enablement", "Sales Enablement"]
    assert sent.unreachable == ["Deal Desk"] and sent.failed == []
    opened = mock_slack.calls_to("conversations.open")
    assert sorted(o["users"] for o in opened) == ["U0ENTER01", "U0SALES01"]
    posts = {p["channel"]: p for p in mock_slack.calls_to("chat.postMessage")}
    assert set(posts) == {"DU0ENTER01", "DU0SALES01"}
    body = json.dumps(posts["DU0SALES01"]["blocks"], ensure_ascii=False)
    assert "👎 on what you own" in body and "pricing-and-packaging.md" in body
    assert "<https://pregame.example.com/|Details in the dashboard>" in body


def test_a_refused_dm_is_reported_and_the_others_still_go(
    loop: LoopThread, mock_slack: MockSlack
) -> None:
    mock_slack.fail_next("conversations.open", 200, {}, {"ok": False, "error": "user_not_found"})
    found = [Addressed(Digest("A", stale=[]), "U0AAAAAAA"), Addressed(Digest("B"), "U0BBBBBBB")]
    sent = loop.run(send_digests(_client(mock_slack), found))
    assert sent.failed == [("A", "user_not_found")] and sent.delivered == ["B"]


def test_the_dm_escapes_what_sellers_typed() -> None:
    rated = Rated("document", "pricing.md", "Deal Desk", 0, 1, ["<!channel> look at this"])
    message = digest_message(Digest("Deal Desk", disliked=[rated]), "")
    body = json.dumps(message.blocks)
    assert "&lt;!channel&gt;" in body and "<!channel>" not in body
    assert "PREGAME_DASHBOARD_URL" in body


def test_one_dm_per_owner_per_week(loop: LoopThread, mock_slack: MockSlack) -> None:
    settings = Settings(owners=OWNERS, dashboard_url="https://pregame.example.com/")
    shared = SharedInsights(_insights)
    weekly = WeeklyDigest(shared, settings, _client(mock_slack), LocalDeliveries())
    first = loop.run(weekly.run())
    assert sorted(first.delivered) == ["Enterprise Sales Enablement", "Sales Enablement"]
    again = loop.run(weekly.run())  # another replica, or a restart, the same week
    assert again.delivered == [] and sorted(again.skipped) == sorted(first.delivered)
    assert len(mock_slack.calls_to("chat.postMessage")) == 2
    shared.close()


def test_the_weekly_trigger_follows_the_settings() -> None:
    paris = ZoneInfo("Europe/Paris")
    settings = Settings(digest_day="mon", digest_hour=9, digest_timezone="Europe/Paris")
    trigger = weekly_trigger(settings)
    assert trigger is not None
    wednesday = datetime(2026, 12, 2, 10, 0, tzinfo=paris)
    assert trigger.get_next_fire_time(None, wednesday) == datetime(2026, 12, 7, 9, 0, tzinfo=paris)
    assert weekly_trigger(Settings(digest_day="off")) is None


def _soon(seconds: float = 0.2) -> DateTrigger:
    return DateTrigger(run_date=datetime.now().astimezone() + timedelta(seconds=seconds))


def _wait(check: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_the_job_runs_off_the_event_loop(loop: LoopThread) -> None:
    """While a round waits in its worker thread, the loop still runs other work: here, the very
    work that lets the round finish (a blocked loop would leave the wait to time out)."""
    started, released = threading.Event(), threading.Event()
    finished: list[bool] = []

    async def job() -> None:
        started.set()
        finished.append(await asyncio.to_thread(released.wait, 10))

    async def start() -> DigestSchedule:
        schedule = DigestSchedule(job, _soon())
        schedule.start()
        return schedule

    async def release() -> None:
        released.set()

    schedule = loop.run(start())
    assert started.wait(10)
    loop.run(release())
    _wait(lambda: bool(finished))
    assert finished == [True]
    schedule.stop()


def test_stopping_cancels_a_round_in_progress(loop: LoopThread) -> None:
    started: list[bool] = []
    cancelled: list[bool] = []

    async def job() -> None:
        started.append(True)
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    async def start() -> DigestSchedule:
        schedule = DigestSchedule(job, _soon(0.05))
        schedule.start()
        return schedule

    schedule = loop.run(start())
    _wait(lambda: bool(started))

    async def stop() -> None:
        schedule.stop()
        await asyncio.sleep(0.05)

    loop.run(stop())
    assert cancelled == [True] and schedule.next_run() is None


def test_a_failed_round_is_logged_and_the_schedule_goes_on(
    loop: LoopThread, caplog: pytest.LogCaptureFixture
) -> None:
    async def job() -> None:
        raise RuntimeError("the store is down")

    async def start() -> DigestSchedule:
        schedule = DigestSchedule(job, _soon(0.05))
        schedule.start()
        return schedule

    schedule = loop.run(start())
    _wait(lambda: "the weekly digest failed" in caplog.text)
    schedule.stop()


def test_the_slack_app_schedules_the_digest(make_harness: Callable[..., Harness]) -> None:
    on = make_harness(digest_hour=7)
    assert on.app.digest is not None
    when = on.app.digest.next_run()
    assert when is not None and (when.weekday(), when.hour, when.minute) == (0, 7, 0)
    off = make_harness(digest_day="off")
    assert off.app.digest is None


def test_stale_content_is_sent_before_any_conversation(
    loop: LoopThread, mock_slack: MockSlack, tmp_path: Path
) -> None:
    settings = Settings(owners={"Deal Desk": "U0DEAL001", "Sales Enablement": "U0SALES01"})

    def build() -> Insights:
        store = EventStore.from_url(f"sqlite:///{tmp_path / 'empty.db'}")
        catalog = load_catalog(ROOT / "playbooks", FIXTURES / "insights" / "knowledge")
        return Insights(store, catalog, HashingEmbedder(), today=lambda: TODAY)

    sent = loop.run(WeeklyDigest(SharedInsights(build), settings, _client(mock_slack)).run())
    assert sent.delivered == ["Deal Desk"], "Sales Enablement's guide is fresh: no DM"
    assert sent.unreachable == ["Competitive Intel"]
    (post,) = mock_slack.calls_to("chat.postMessage")
    assert post["channel"] == "DU0DEAL001" and "expired 2026-06-30" in json.dumps(post["blocks"])
