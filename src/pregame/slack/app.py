"""Wiring: the bolt app, its listeners, and the two ways Slack reaches it.

Socket Mode (default) needs no public URL; the Events API mode serves events, interactivity and
the slash command on one endpoint (``/slack/events``), with signature verification by bolt
(a bad or stale signature gets 401).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.references import knowledge_references
from pregame.rasa_client import AsyncRasaClient
from pregame.retrieval.catalog import KnowledgeCatalog
from pregame.settings import Settings
from pregame.slack.buttons import Buttons
from pregame.slack.commands import SlashCommand
from pregame.slack.config import READY, SlackSettings
from pregame.slack.feedback import FeedbackFlow
from pregame.slack.filters import Filters
from pregame.slack.home import Home
from pregame.slack.intents import DomainIntents
from pregame.slack.listeners import Parts, register
from pregame.slack.objections import ObjectionForm
from pregame.slack.records import Records
from pregame.slack.threads import BotThreads
from pregame.slack.turns import TurnRunner

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


@dataclass
class SlackApp:
    bolt: AsyncApp
    parts: Parts
    rasa: AsyncRasaClient

    async def close(self) -> None:
        await self.rasa.close()


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


def build_parts(settings: Settings, slack: SlackSettings, rasa: AsyncRasaClient) -> Parts:
    """Everything the listeners call. Reads the domain's intents; the playbooks are read when
    the App Home is opened, through the same knowledge checks as ``pregame validate``."""
    records = Records(settings.path(settings.data_dir) / "slack")
    intents = DomainIntents.load(settings.root / "bot" / "domain.yml")
    catalog = KnowledgeCatalog(settings.path(settings.knowledge_dir))
    library = PlaybookLibrary(
        settings.path(settings.playbooks_dir), [knowledge_references(catalog)]
    )

    def refresh_playbooks() -> None:
        catalog.refresh()
        library.refresh()

    threads = BotThreads()
    turns = TurnRunner(rasa, records, threads, working_after=slack.working_after)
    return Parts(
        turns=turns,
        filters=Filters(threads),
        intents=intents,
        buttons=Buttons(turns, intents),
        objections=ObjectionForm(turns),
        feedback=FeedbackFlow(turns, intents, records),
        command=SlashCommand(turns, intents),
        home=Home(library, records, refresh_playbooks),
    )


def build_app(
    settings: Settings, slack: SlackSettings, rasa: AsyncRasaClient | None = None
) -> SlackApp:
    """The bolt app with every listener registered. Nothing connects until a request comes."""
    rasa = rasa or AsyncRasaClient(settings.rasa_url)
    parts = build_parts(settings, slack, rasa)
    bolt = AsyncApp(
        client=web_client(slack),
        signing_secret=slack.signing_secret,
        logger=logging.getLogger("pregame.slack.bolt"),
        ignoring_self_events_enabled=True,  # the app's own messages never start a turn
    )
    register(bolt, parts)
    return SlackApp(bolt, parts, rasa)


# -- Events API over HTTP --------------------------------------------------------------------


def web_app(bolt: AsyncApp) -> web.Application:
    """POST /slack/events (events, interactivity, slash command) and GET /health."""

    async def events(request: web.Request) -> web.Response:
        response = await bolt.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app = web.Application()
    app.add_routes([web.post(EVENTS_PATH, events), web.get("/health", health)])
    return app


async def start_http(bolt: AsyncApp, host: str, port: int) -> tuple[web.AppRunner, int]:
    """Serve the app; returns the runner (``await runner.cleanup()`` stops it) and its port."""
    runner = web.AppRunner(web_app(bolt))
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner, int(runner.addresses[0][1])


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
    settings: Settings, slack: SlackSettings, *, http: bool, host: str, port: int
) -> None:
    """Run until cancelled (Ctrl-C)."""
    app = build_app(settings, slack)
    try:
        if http:
            # As in Socket Mode: a refused bot token stops here with its reason, not at the
            # first event.
            await app.bolt.client.auth_test()
            runner, bound = await start_http(app.bolt, host, port)
            log.info("%s: Events API at http://%s:%d%s", READY, host, bound, EVENTS_PATH)
            try:
                await asyncio.Event().wait()
            finally:
                await runner.cleanup()
        else:
            handler = await start_socket_mode(app.bolt, slack.app_token)
            log.info("%s: connected in Socket Mode; Rasa at %s", READY, settings.rasa_url)
            try:
                await asyncio.Event().wait()
            finally:
                await handler.close_async()  # type: ignore[no-untyped-call]
    finally:
        await app.close()
