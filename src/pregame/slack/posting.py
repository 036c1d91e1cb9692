"""Posting to Slack so the seller is never left without an answer: a refused message is sent
again as plain text, and a failure of our own is told to the user who clicked."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from pregame.slack.blocks.primitives import Block, SlackMessage
from pregame.slack.text import escape
from pregame.slack.threads import Thread

log = logging.getLogger(__name__)


def why(exc: Exception) -> str:
    """Slack's error code for a refused call, else the exception."""
    if isinstance(exc, SlackApiError):
        return str(exc.response.get("error"))
    return repr(exc)


async def post(client: AsyncWebClient, thread: Thread, replies: Sequence[SlackMessage]) -> None:
    """Post ``replies`` in order; one Slack refuses (bad blocks, rate limit after retries,
    network) is sent again as plain text, so the seller is never left without an answer."""
    for reply in replies:
        if not await _post_one(client, thread, reply):
            return


async def _post_one(client: AsyncWebClient, thread: Thread, reply: SlackMessage) -> bool:
    for attempt in (reply.blocks, None):  # the message, then its text alone
        try:
            await client.chat_postMessage(
                channel=thread.channel,
                thread_ts=thread.ts,
                text=reply.text,
                blocks=attempt,
                unfurl_links=False,
                unfurl_media=False,
            )
            return True
        except Exception as exc:
            level, then = (logging.WARNING, "trying text") if attempt else (logging.ERROR, "")
            log.log(level, "posting to %s failed: %s %s", thread.sender, why(exc), then)
    return False


async def tell(client: AsyncWebClient, thread: Thread, user: str, text: str) -> None:
    """A message only ``user`` sees, in the thread; a failure is only logged."""
    try:
        await client.chat_postEphemeral(
            channel=thread.channel, user=user, thread_ts=thread.ts, text=escape(text)
        )
    except Exception as exc:
        log.error("cannot tell %s in %s: %s", user, thread.sender, why(exc))


async def update(
    client: AsyncWebClient,
    thread: Thread,
    user: str,
    message: Mapping[str, Any],
    new_blocks: list[Block],
) -> bool:
    """Replace a bot message's blocks; False (and a log line) when Slack refuses."""
    try:
        await client.chat_update(
            channel=thread.channel,
            ts=message["ts"],
            text=message.get("text", ""),
            blocks=new_blocks,
        )
        return True
    except Exception as exc:
        log.error(
            "updating %s in %s for %s failed: %s", message["ts"], thread.sender, user, why(exc)
        )
        return False
