"""The bolt listeners: each is registered with its matchers, acks, and calls one function.

Every listener acks first (Slack wants an answer within 3 seconds; bolt acks events itself);
the slow part (the Rasa turn) runs after.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt.app.async_app import AsyncApp
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from pregame.slack.blocks.ids import (
    DONE_ACTION,
    FEEDBACK_ACTION,
    OBJECTION_ACTION,
    OBJECTION_VIEW,
    RASA_ACTION,
    REASON_ACTION,
)
from pregame.slack.buttons import Buttons
from pregame.slack.commands import SlashCommand
from pregame.slack.feedback import FeedbackFlow
from pregame.slack.filters import Filters, from_a_person, team_of
from pregame.slack.home import Home
from pregame.slack.intents import DomainIntents
from pregame.slack.objections import ObjectionForm
from pregame.slack.text import from_slack
from pregame.slack.threads import Thread
from pregame.slack.turns import TurnRunner

log = logging.getLogger(__name__)

Ack = Callable[..., Awaitable[Any]]
Next = Callable[[], Awaitable[Any]]
Matcher = Callable[..., Awaitable[bool]]


@dataclass
class Parts:
    """What the listeners call; built once per app (see :func:`pregame.slack.app.build_app`)."""

    turns: TurnRunner
    filters: Filters
    intents: DomainIntents
    buttons: Buttons
    objections: ObjectionForm
    feedback: FeedbackFlow
    command: SlashCommand
    home: Home


def register(bolt: AsyncApp, parts: Parts) -> None:
    filters = parts.filters

    @bolt.middleware
    async def refresh_intents(next: Next) -> None:
        parts.intents.refresh()  # the one read of the domain file per request (a stat)
        await next()

    async def user_message(
        body: Mapping[str, Any], event: Mapping[str, Any], client: AsyncWebClient, context: Any
    ) -> None:
        channel, ts = str(event["channel"]), str(event["ts"])
        thread = Thread.of_message(team_of(body, context), channel, ts, event.get("thread_ts"))
        text = from_slack(str(event.get("text", "")), context.bot_user_id) or "hello"
        await parts.turns.turn(client, thread, text, user=str(event.get("user", "")), react_to=ts)

    async def ignore() -> None:
        """Events no matcher above took: not for us (and not "unhandled" in the log)."""

    async def home_opened(
        body: Mapping[str, Any], event: Mapping[str, Any], client: AsyncWebClient, context: Any
    ) -> None:
        await parts.home.opened(event, client, team_of(body, context))

    async def rasa_button(
        ack: Ack, body: Mapping[str, Any], action: Mapping[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        await parts.buttons.rasa_button(body, action, client)

    async def done(ack: Ack, body: Mapping[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await parts.buttons.done(body, client)

    async def objection(ack: Ack, body: Mapping[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await parts.objections.open(body, client)

    async def objection_submitted(
        ack: Ack, body: Mapping[str, Any], view: Mapping[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        await parts.objections.submitted(body, view, client)

    async def feedback(
        ack: Ack, body: Mapping[str, Any], action: Mapping[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        await parts.feedback.clicked(body, action, client)

    async def reason(
        ack: Ack, body: Mapping[str, Any], action: Mapping[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        await parts.feedback.reason(body, action, client)

    async def command(
        ack: Ack, command: Mapping[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        await parts.command.handle(ack, command, client, respond)  # its ack carries the answer

    mention_matchers: list[Matcher] = [from_a_person, filters.first_delivery]
    message_matchers: list[Matcher] = [from_a_person, filters.for_us, filters.first_delivery]
    bolt.event("app_mention", matchers=mention_matchers)(user_message)
    bolt.event("message", matchers=message_matchers)(user_message)
    bolt.event("app_mention")(ignore)
    bolt.event("message")(ignore)
    bolt.event("app_home_opened")(home_opened)
    bolt.action(re.compile(f"^{RASA_ACTION}\\d+$"))(rasa_button)
    bolt.action(OBJECTION_ACTION)(objection)
    bolt.action(DONE_ACTION)(done)
    bolt.action(re.compile(f"^{FEEDBACK_ACTION}"))(feedback)
    bolt.action(re.compile(f"^{REASON_ACTION}"))(reason)
    bolt.view(OBJECTION_VIEW)(objection_submitted)
    bolt.command(re.compile(r"^/pregame"))(command)

    @bolt.error
    async def on_error(error: Exception) -> None:
        log.error("Slack listener failed: %r", error, exc_info=error)
