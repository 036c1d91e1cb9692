"""Wiring: the bolt app, its listeners, and the two ways Slack reaches it.

Socket Mode (default) needs no public URL; the Events API mode serves events, interactivity and
the slash command on one endpoint (``/slack/events``, see :mod:`pregame.slack.http`).

The records go to the one SQL store (``settings.database``), migrated when the app starts; the
duplicate-delivery check is shared through Redis when ``settings.redis_url`` is set, so any
replica of the app may get Slack's retry of an event another replica answered. The playbooks
are checked every minute: the owner of a broken one gets a DM (:mod:`pregame.slack.stale_watch`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from pregame.insights.service import Insights
from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.references import knowledge_references
from pregame.rasa_client import AsyncRasaClient
from pregame.retrieval.catalog import KnowledgeCatalog
from pregame.settings import Settings
from pregame.slack.buttons import Buttons
from pregame.slack.commands import SlashCommand
from pregame.slack.config import READY, SlackSettings
from pregame.slack.dedupe import Deliveries, deliveries
from pregame.slack.digest import DigestSchedule, WeeklyDigest, weekly_trigger
from pregame.slack.feedback import FeedbackFlow
from pregame.slack.filters import Filters
from pregame.slack.home import Home
from pregame.slack.http import EVENTS_PATH, start_http
from pregame.slack.intents import DomainIntents
from pregame.slack.learning import LearningDesk
from pregame.slack.listeners import Parts, register
from pregame.slack.manager import ManagerDesk, SharedInsights, default_insights
from pregame.slack.objections import ObjectionForm
from pregame.slack.records import SlackRecords, open_records
from pregame.slack.stale_notices import StaleNotices
from pregame.slack.stale_watch import StaleDesk, StaleSchedule, StaleWatch
from pregame.slack.threads import BotThreads
from pregame.slack.turns import TurnRunner
from pregame.store.progress import Progress

log = logging.getLogger(__name__)


@dataclass
class SlackApp:
    bolt: AsyncApp
    parts: Parts
    rasa: AsyncRasaClient
    records: SlackRecords
    deliveries: Deliveries
    insights: SharedInsights | None = None
    digest: DigestSchedule | None = None
    stale: StaleSchedule | None = None

    async def start(self) -> None:
        """Bring the SQL store's schema up to date (and import old JSON lines files once);
        schedule the weekly digest and the check for broken playbooks."""
        await self.records.start()
        if self.digest is not None:
            self.digest.start()
        if self.stale is not None:
            self.stale.start()

    async def close(self) -> None:
        if self.stale is not None:
            self.stale.stop()
        if self.digest is not None:
            self.digest.stop()
        await self.rasa.close()
        await self.deliveries.close()
        self.records.close()
        if self.insights is not None:
            self.insights.close()


def web_client(slack: SlackSettings) -> AsyncWebClient:
    """The Web API client: at ``SLACK_API_URL``; honours 429 + Retry-After, retries resets."""
    return AsyncWebClient(
        token=slack.bot_token,
        base_url=slack.base_url,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(max_retry_count=2),
            AsyncRateLimitErrorRetryHandler(max_retry_count=5),
        ],
    )


def build_parts(
    settings: Settings,
    slack: SlackSettings,
    rasa: AsyncRasaClient,
    records: SlackRecords,
    seen: Deliveries,
    desk: ManagerDesk | None = None,
) -> Parts:
    """Everything the listeners call. Reads the domain's intents; the playbooks are read when
    the App Home is opened (and by the check for broken ones), through the same knowledge checks
    as ``pregame validate``."""
    intents = DomainIntents.load(settings.root / "bot" / "domain.yml")
    catalog = KnowledgeCatalog(settings.path(settings.knowledge_dir))
    library = PlaybookLibrary(
        settings.path(settings.playbooks_dir), [knowledge_references(catalog)]
    )

    def refresh_playbooks() -> None:
        catalog.refresh()
        library.refresh()

    threads = BotThreads()
    turns = TurnRunner(
        rasa,
        records,
        threads,
        working_after=slack.working_after,
        max_chars=settings.max_message_chars,
        queue=settings.sender_queue,
    )
    return Parts(
        turns=turns,
        filters=Filters(threads, seen),
        intents=intents,
        buttons=Buttons(turns, intents),
        objections=ObjectionForm(turns),
        feedback=FeedbackFlow(turns, intents, records, seen),
        command=SlashCommand(turns, intents),
        home=Home(
            library,
            records,
            refresh_playbooks,
            desk,
            LearningDesk(Progress(records.db), library.playbooks, settings.managers),
            StaleDesk(library, settings, Progress(records.db)),
        ),
    )


def build_app(
    settings: Settings,
    slack: SlackSettings,
    rasa: AsyncRasaClient | None = None,
    insights: Callable[[], Insights] | None = None,
) -> SlackApp:
    """The bolt app with every listener registered. Nothing connects until :meth:`SlackApp.start`
    (the SQL store) or a request comes. ``insights`` builds the managers' insights when first
    needed (default: over the configured store and embedding model)."""
    rasa = rasa or AsyncRasaClient(settings.rasa_url)
    records = open_records(settings)
    seen = deliveries(settings.redis_url)
    shared = SharedInsights(insights or default_insights(settings))
    desk = ManagerDesk(shared, settings)
    parts = build_parts(settings, slack, rasa, records, seen, desk)
    bolt = AsyncApp(
        client=web_client(slack),
        signing_secret=slack.signing_secret,
        logger=logging.getLogger("pregame.slack.bolt"),
        ignoring_self_events_enabled=True,  # the app's own messages never start a turn
    )
    register(bolt, parts)
    trigger = weekly_trigger(settings)
    digest = None
    if trigger is not None:
        weekly = WeeklyDigest(shared, settings, bolt.client, seen)
        digest = DigestSchedule(weekly.run, trigger)
    stale = None
    if parts.home.stale is not None:
        watch = StaleWatch(
            parts.home.stale, parts.home.refresh, StaleNotices(records.db), bolt.client
        )
        stale = StaleSchedule(watch.check)
    return SlackApp(bolt, parts, rasa, records, seen, shared, digest, stale)


# -- Socket Mode -----------------------------------------------------------------------------


async def start_socket_mode(bolt: AsyncApp, app_token: str) -> AsyncSocketModeHandler:
    """Connect to Slack over a WebSocket; ``await handler.close_async()`` disconnects."""
    handler = AsyncSocketModeHandler(bolt, app_token)
    # Check both tokens once, up front: the Socket Mode client retries every failure forever,
    # so a refused token would otherwise loop in the log instead of stopping with its reason.
    try:
        await bolt.client.auth_test()
        handler.client.wss_uri = await handler.client.issue_new_wss_url()
        await handler.connect_async()  # type: ignore[no-untyped-call]
    except BaseException:
        await handler.close_async()  # type: ignore[no-untyped-call]
        raise
    return handler


async def serve(
    settings: Settings,
    slack: SlackSettings,
    *,
    http: bool,
    host: str,
    port: int,
    stop: asyncio.Event | None = None,
) -> None:
    """Run until ``stop`` is set (or the task is cancelled), then close everything."""
    stop = stop or asyncio.Event()
    app = build_app(settings, slack)
    try:
        await app.start()
        if http:
            # As in Socket Mode: a refused bot token stops here with its reason, not at the
            # first event.
            await app.bolt.client.auth_test()
            runner, bound = await start_http(app.bolt, slack.signing_secret, host, port)
            log.info("%s: Events API at http://%s:%d%s", READY, host, bound, EVENTS_PATH)
            try:
                await stop.wait()
            finally:
                await runner.cleanup()
        else:
            handler = await start_socket_mode(app.bolt, slack.app_token)
            log.info("%s: connected in Socket Mode; Rasa at %s", READY, settings.rasa_url)
            try:
                await stop.wait()
            finally:
                await handler.close_async()  # type: ignore[no-untyped-call]
    finally:
        await app.close()
