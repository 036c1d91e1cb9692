"""One turn of a thread's conversation: send the seller's message to Rasa, post the replies.

Turns of one thread run one at a time and in order (a lock per thread); threads run in
parallel. A turn that takes longer than ``working_after`` seconds puts a reaction on the
seller's message until the reply is posted. Failures become a friendly message in the thread
and a log line, never silence.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from pregame.rasa_client import AsyncRasaClient, BotUnavailable
from pregame.slack.blocks.cards import render_turn
from pregame.slack.blocks.primitives import SlackMessage, notice
from pregame.slack.indicator import Indicator
from pregame.slack.plays import record_plays
from pregame.slack.posting import post
from pregame.slack.records import Records
from pregame.slack.threads import BotThreads, Thread

log = logging.getLogger(__name__)

UNAVAILABLE = (
    "Sorry, I can't reach the playbook coach right now (it may be restarting). "
    "Please try again in a minute; if it keeps happening, tell your Pregame admin."
)
SORRY = (
    "Sorry, something went wrong on my side while answering that. Please try again; "
    "if it keeps happening, tell your Pregame admin."
)
NO_REPLY = "I have nothing to say to that. Try describing your call, or say help."


def metadata(thread: Thread, user: str) -> dict[str, Any]:
    """What the REST channel passes on to the actions about where a message comes from."""
    return {
        "slack": {
            "team": thread.team,
            "channel": thread.channel,
            "thread_ts": thread.ts,
            "user": user,
        }
    }


class TurnRunner:
    def __init__(
        self,
        rasa: AsyncRasaClient,
        records: Records,
        threads: BotThreads,
        *,
        working_after: float = 1.5,
    ) -> None:
        self.rasa = rasa
        self.records = records
        self.threads = threads
        self.working_after = working_after
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def turn(
        self,
        client: AsyncWebClient,
        thread: Thread,
        message: str,
        *,
        user: str,
        react_to: str | None = None,
        quote: str | None = None,
    ) -> None:
        """Send ``message`` to Rasa as this thread's conversation and post the replies in it."""
        self.threads.mark(thread)
        lock = self._locks.setdefault(thread.sender, asyncio.Lock())
        async with lock:
            indicator = (
                Indicator(client, thread.channel, react_to, self.working_after)
                if react_to
                else None
            )
            replies: list[SlackMessage]
            try:
                messages = await self.rasa.send(thread.sender, message, metadata(thread, user))
                replies = render_turn(messages, quote) or [notice(NO_REPLY)]
                record_plays(self.records, messages, thread, user)
            except BotUnavailable as exc:
                log.error("Rasa unavailable for %s: %s", thread.sender, exc)
                replies = [notice(UNAVAILABLE)]
            except Exception:
                log.exception("turn failed for %s", thread.sender)
                replies = [notice(SORRY)]
            finally:
                if indicator is not None:
                    indicator.stop()
            await post(client, thread, replies)

    async def tell_rasa(self, thread: Thread, user: str, message: str) -> None:
        """A turn whose replies are not posted (feedback: the updated message says thanks)."""
        try:
            await self.rasa.send(thread.sender, message, metadata(thread, user))
        except BotUnavailable as exc:
            log.warning("feedback kept locally only, Rasa unavailable: %s", exc)
