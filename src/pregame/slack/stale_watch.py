"""Broken playbooks in Slack: a DM to the owner once per broken version, another when fixed,
and the "Served from an older version" section of the owner's and the managers' App Home.

The Slack app reads the playbooks itself (the App Home's library, through the same checks as
`pregame validate` and the action server), so it needs nothing from the action server's
process or machine: a file broken on disk is one the action server rejects on its next
message, keeping the last version that worked. :class:`StaleSchedule` runs
:meth:`StaleWatch.check` every minute on the app's event loop (the file reads and the store
run in a worker thread); with several app replicas the SQL store lets only one send each DM
(:mod:`pregame.slack.stale_notices`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from pregame.insights.people import Roster
from pregame.playbook.library import PlaybookLibrary
from pregame.settings import Settings
from pregame.slack.blocks.insights import fixed_message, stale_message, with_stale
from pregame.slack.blocks.primitives import SlackMessage
from pregame.slack.schedule import Schedule
from pregame.slack.stale_alerts import StaleAlert, live_titles, stale_alerts
from pregame.slack.stale_notices import StaleNotices
from pregame.store.progress import Progress

log = logging.getLogger(__name__)

JOB_ID = "pregame-stale-playbooks"
CHECK_EVERY = 60.0
"""Seconds between two checks of the playbooks."""


class StaleDesk:
    """The broken playbooks as the library last read them, with their owners; who sees which:
    a manager (``PREGAME_MANAGERS`` or a rep marked as one) every file, an owner their own."""

    def __init__(self, library: PlaybookLibrary, settings: Settings, progress: Progress) -> None:
        self.library = library
        self.root = settings.root
        self.managers = frozenset(settings.managers)
        self.roster = Roster.build(settings.managers, settings.owners)
        self.progress = progress

    def alerts(self) -> list[StaleAlert]:
        """Every broken file (blocking: may read a broken file for its owner)."""
        return stale_alerts(self.library, self.root, self.roster)

    def live(self) -> dict[str, str]:
        """Files served as they are on disk, with their titles."""
        return live_titles(self.library, self.root)

    def for_user(self, user: str) -> list[StaleAlert]:
        """The broken files ``user`` is shown (blocking: reads the store)."""
        alerts = self.alerts()
        if not alerts or user in self.managers:
            return alerts
        rep = self.progress.rep(user)
        if rep is not None and rep.is_manager:
            return alerts
        return [a for a in alerts if a.slack_id == user]

    async def add_to(self, view: dict[str, Any], user: str) -> dict[str, Any]:
        """``view`` with ``user``'s broken playbooks on top; unchanged (logged) if the store
        fails."""
        try:
            mine = await asyncio.to_thread(self.for_user, user)
        except Exception:
            log.exception("no broken playbooks for the App Home of %s", user)
            return view
        return with_stale(view, mine)


@dataclass
class Notified:
    """What one check did, by file."""

    broken: list[str] = field(default_factory=list)
    """Owners told their latest save is broken."""
    fixed: list[str] = field(default_factory=list)
    """Owners told it is fixed."""
    unaddressed: list[str] = field(default_factory=list)
    """Broken files whose owner has no Slack id (set ``PREGAME_OWNERS``)."""
    failed: list[tuple[str, str]] = field(default_factory=list)
    """File and Slack's error."""


class StaleWatch:
    """One check: read the playbooks again (``refresh``), DM the owner of each newly broken
    version, and the owner of each file fixed since."""

    def __init__(
        self,
        desk: StaleDesk,
        refresh: Callable[[], None],
        notices: StaleNotices,
        client: AsyncWebClient,
    ) -> None:
        self.desk = desk
        self.refresh = refresh
        self.notices = notices
        self.client = client

    def _read(self) -> tuple[list[StaleAlert], dict[str, str]]:
        self.refresh()
        return self.desk.alerts(), self.desk.live()

    async def check(self) -> Notified:
        alerts, live = await asyncio.to_thread(self._read)
        done = Notified()
        for alert in alerts:
            if not await asyncio.to_thread(self.notices.claim_broken, alert):
                continue  # told already (here, by another replica, or before a restart)
            if alert.slack_id is None:
                log.warning(
                    "playbook %s is broken; its owner %r has no Slack id (set PREGAME_OWNERS): %s",
                    alert.file,
                    alert.owner,
                    alert.error,
                )
                done.unaddressed.append(alert.file)
            elif await self._send(alert.slack_id, stale_message(alert), alert.file, done):
                done.broken.append(alert.file)
        broken = {a.file for a in alerts}
        for settled in await asyncio.to_thread(self.notices.settle, live, broken):
            if not settled.fixed or settled.slack_id is None:
                continue
            message = fixed_message(settled.file, live.get(settled.file))
            if await self._send(settled.slack_id, message, settled.file, done):
                done.fixed.append(settled.file)
        if done.broken or done.fixed or done.failed:
            log.info(
                "broken playbooks: %d owners told, %d told of a fix, %d failed",
                len(done.broken),
                len(done.fixed),
                len(done.failed),
            )
        return done

    async def _send(self, user: str, message: SlackMessage, file: str, done: Notified) -> bool:
        try:
            opened = await self.client.conversations_open(users=user)
            await self.client.chat_postMessage(
                channel=str(opened["channel"]["id"]),
                text=message.text,
                blocks=message.blocks,
                unfurl_links=False,
            )
        except SlackApiError as exc:
            error = str(exc.response.get("error"))
            log.warning("DM about playbook %s to %s not sent: %s", file, user, error)
            done.failed.append((file, error))
            return False
        return True


class StaleSchedule(Schedule):
    """Runs ``job`` now and every ``seconds`` in the running event loop until :meth:`stop`."""

    def __init__(self, job: Callable[[], Awaitable[object]], seconds: float = CHECK_EVERY) -> None:
        super().__init__(
            job,
            IntervalTrigger(seconds=seconds),
            job_id=JOB_ID,
            what="the check for broken playbooks",
        )
        self.seconds = seconds

    def start(self) -> None:
        self.options["next_run_time"] = datetime.now().astimezone()  # the first check: now
        super().start()
