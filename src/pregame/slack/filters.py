"""Which Slack events start a turn, as bolt listener matchers.

Bolt itself drops the app's own messages (``ignoring_self_events_enabled``). These matchers
drop the rest that is not for us: other bots' messages, edits and other subtypes, channel
messages outside the bot's threads, and a second delivery of one message.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from pregame.slack.dedupe import Deliveries, LocalDeliveries
from pregame.slack.text import mentions
from pregame.slack.threads import BotThreads, Thread

log = logging.getLogger(__name__)

HANDLED_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})


def team_of(body: Mapping[str, Any], context: Any) -> str:
    return str(body.get("team_id") or getattr(context, "team_id", None) or "")


def is_from_a_person(event: Mapping[str, Any]) -> bool:
    """Not a bot's message (``bot_id``, ``bot_message``) and not an edit."""
    return (
        event.get("subtype") in HANDLED_SUBTYPES
        and not event.get("bot_id")
        and not event.get("edited")
    )


async def from_a_person(event: Mapping[str, Any]) -> bool:
    """Matcher: another bot mentioning @Pregame must not start a reply loop; nor an edit."""
    return is_from_a_person(event)


class Filters:
    """Matchers that need state: the bot's threads and the deliveries already answered."""

    def __init__(self, threads: BotThreads, seen: Deliveries | None = None) -> None:
        self.threads = threads
        self.seen = seen or LocalDeliveries()

    async def for_us(
        self,
        body: Mapping[str, Any],
        event: Mapping[str, Any],
        client: AsyncWebClient,
        context: Any,
    ) -> bool:
        """Matcher for ``message`` events: DMs, and follow-ups in the bot's channel threads."""
        kind = event.get("channel_type")
        if kind == "im":
            return True
        if kind not in ("channel", "group"):
            return False
        thread_ts = event.get("thread_ts")
        if mentions(str(event.get("text", "")), context.bot_user_id) or not thread_ts:
            return False  # a mention is handled as app_mention; a top-level message is not ours
        thread = Thread(team_of(body, context), str(event["channel"]), str(thread_ts))
        return await self.threads.is_ours(client, thread, context.bot_user_id)

    async def first_delivery(self, body: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
        """Matcher: Slack's retries and the same message as two events are answered once."""
        channel, ts = str(event["channel"]), str(event["ts"])
        if await self.seen.first(f"event:{body.get('event_id', '')}", f"msg:{channel}:{ts}"):
            return True
        log.info("skipped a repeated delivery of %s:%s", channel, ts)
        return False
