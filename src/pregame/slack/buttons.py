"""Clicks on the bot's buttons: where they were clicked, and the Rasa and Done buttons."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from pregame.slack.intents import DomainIntents, intent_of, payload
from pregame.slack.text import escape
from pregame.slack.threads import Thread
from pregame.slack.turns import TurnRunner

log = logging.getLogger(__name__)

STOP_INTENT = "stop_play"  # used only when the conversation design has it (bot/domain.yml)


def clicked_in(body: Mapping[str, Any]) -> tuple[Thread, str]:
    """The thread a clicked message belongs to, and who clicked."""
    message = body.get("message") or {}
    container = body.get("container") or {}
    channel = str(container.get("channel_id") or (body.get("channel") or {}).get("id"))
    ts = str(message.get("thread_ts") or message.get("ts") or container.get("message_ts"))
    user = body.get("user") or {}
    team = str((body.get("team") or {}).get("id") or user.get("team_id") or "")
    return Thread(team, channel, ts), str(user.get("id", ""))


def clicked(body: Mapping[str, Any]) -> str | None:
    """The message a button was clicked in (it gets the working indicator)."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    ts = container.get("message_ts") or message.get("ts")
    return str(ts) if ts else None


def chose(user: str, title: str) -> str:
    return f"<@{escape(user)}> chose *{escape(title)}*"


class Buttons:
    def __init__(self, turns: TurnRunner, intents: DomainIntents) -> None:
        self.turns = turns
        self.intents = intents

    async def rasa_button(
        self, body: Mapping[str, Any], action: Mapping[str, Any], client: AsyncWebClient
    ) -> None:
        """A button from the bot: its value is the Rasa payload to send."""
        value = str(action.get("value", ""))
        thread, user = clicked_in(body)
        if intent_of(value) is None:
            log.warning("ignored a button with a malformed payload: %r", value)
            return
        title = str((action.get("text") or {}).get("text", ""))
        await self.turns.turn(
            client, thread, value, user=user, react_to=clicked(body), quote=chose(user, title)
        )

    async def done(self, body: Mapping[str, Any], client: AsyncWebClient) -> None:
        thread, user = clicked_in(body)
        intent = STOP_INTENT if STOP_INTENT in self.intents else "thank"
        await self.turns.turn(
            client,
            thread,
            payload(intent),
            user=user,
            react_to=clicked(body),
            quote=chose(user, "Done"),
        )
