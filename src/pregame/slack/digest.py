"""The weekly digest DM to each playbook or content owner, and its schedule in the Slack app.

:func:`send_digests` opens a DM with each owner (``conversations.open``) and posts their digest
(``chat.postMessage``); owners without a Slack id are reported, not guessed. In the Slack app,
:class:`DigestSchedule` runs :class:`WeeklyDigest` once a week (APScheduler's cron trigger, on the
app's event loop; the queries run in a worker thread) and stops with the app. With several app
replicas each owner's DM is claimed once per week through the shared duplicate check.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from pregame.insights.digest import Addressed, address, digests
from pregame.insights.headline import last_days
from pregame.insights.service import Insights
from pregame.settings import Settings
from pregame.slack.blocks.insights import digest_message
from pregame.slack.dedupe import Deliveries
from pregame.slack.manager import SharedInsights
from pregame.slack.schedule import Schedule

log = logging.getLogger(__name__)

JOB_ID = "pregame-weekly-digest"


@dataclass
class Sent:
    """What a round of digests did, by owner name."""

    delivered: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)
    """Owners with something to see but no Slack id (set ``PREGAME_OWNERS``)."""
    skipped: list[str] = field(default_factory=list)
    """Already sent this week (by another replica)."""
    failed: list[tuple[str, str]] = field(default_factory=list)
    """Owner and Slack's error."""


Claim = Callable[[str], Awaitable[bool]]
"""``claim(user_id)``: True if this process should send that user's digest."""


async def send_digests(
    client: AsyncWebClient,
    items: Sequence[Addressed],
    dashboard_url: str = "",
    claim: Claim | None = None,
) -> Sent:
    """DM each addressed digest to its owner."""
    sent = Sent()
    for item in items:
        owner = item.digest.owner
        if item.slack_id is None:
            sent.unreachable.append(owner)
            continue
        if claim is not None and not await claim(item.slack_id):
            sent.skipped.append(owner)
            continue
        message = digest_message(item.digest, dashboard_url)
        try:
            opened = await client.conversations_open(users=item.slack_id)
            channel = str(opened["channel"]["id"])
            await client.chat_postMessage(
                channel=channel, text=message.text, blocks=message.blocks, unfurl_links=False
            )
        except SlackApiError as exc:
            error = str(exc.response.get("error"))
            log.warning("digest for %s (%s) not sent: %s", owner, item.slack_id, error)
            sent.failed.append((owner, error))
            continue
        sent.delivered.append(owner)
    return sent


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class WeeklyDigest:
    """One round: the last ``days`` days' digests, addressed and sent."""

    def __init__(
        self,
        shared: SharedInsights,
        settings: Settings,
        client: AsyncWebClient,
        seen: Deliveries | None = None,
        days: int = 7,
    ) -> None:
        self.shared = shared
        self.settings = settings
        self.client = client
        self.seen = seen
        self.days = days

    async def run(self) -> Sent:
        def work(insights: Insights) -> tuple[date, list[Addressed]]:
            today = insights.today()
            found = digests(insights, last_days(today, self.days))
            return today, address(found, insights.roster(self.settings))

        today, items = await self.shared.run(work, refresh=True)
        claim: Claim | None = None
        if self.seen is not None:
            seen, week = self.seen, monday_of(today).isoformat()

            async def claim(user: str) -> bool:
                return await seen.first(f"digest:{week}:{user}")

        sent = await send_digests(self.client, items, self.settings.dashboard_url, claim)
        log.info(
            "weekly digest: %d sent, %d without a Slack id, %d sent elsewhere, %d failed",
            len(sent.delivered),
            len(sent.unreachable),
            len(sent.skipped),
            len(sent.failed),
        )
        return sent


def weekly_trigger(settings: Settings) -> CronTrigger | None:
    """The configured day and hour, or None when the digest is off."""
    if settings.digest_day == "off":
        return None
    return CronTrigger(
        day_of_week=settings.digest_day,
        hour=settings.digest_hour,
        timezone=ZoneInfo(settings.digest_timezone),
    )


class DigestSchedule(Schedule):
    """Runs ``job`` on ``trigger`` in the running event loop until :meth:`stop`."""

    def __init__(self, job: Callable[[], Awaitable[object]], trigger: BaseTrigger) -> None:
        super().__init__(
            job, trigger, job_id=JOB_ID, what="the weekly digest", misfire_grace_time=3600
        )

    def start(self) -> None:
        super().start()
        log.info("weekly digest scheduled, next at %s", self.next_run())
