"""One turn of a thread's conversation: send the seller's message to Rasa, post the replies.

Turns of one thread run one at a time and in order (a lock per thread); threads run in
parallel. A message longer than ``max_chars`` is answered with the limit and never sent to Rasa;
a thread with ``queue`` turns already in flight (running or waiting) gets "still working on your
earlier messages" instead of one more. A turn that takes longer than ``working_after`` seconds
puts a reaction on the seller's message until the reply is posted. Failures become a friendly
message in the thread and a log line, never silence.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from pregame.rasa_client import AsyncRasaClient, BotUnavailable
from pregame.replies import BotMessage
from pregame.slack.blocks.cards import render_turn
from pregame.slack.blocks.primitives import SlackMessage, notice
from pregame.slack.indicator import Indicator
from pregame.slack.plays import record_plays
from pregame.slack.posting import post
from pregame.slack.records import SlackRecords
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
TOO_LONG = (
    "That message is {length:,} characters long; I can read at most {limit:,} at a time. "
    "Please shorten it, or send the part that matters for your call."
)
BUSY = (
    "I'm still working on your earlier messages in this thread. Please wait for my answers, "
    "then send that again."
)


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
        records: SlackRecords,
        threads: BotThreads,
        *,
        working_after: float = 1.5,
        max_chars: int = 4000,
        queue: int = 4,
    ) -> None:
        self.rasa = rasa
        self.records = records
        self.threads = threads
        self.working_after = working_after
        self.max_chars = max_chars
        self.queue = queue
        self._in_flight: dict[str, int] = {}
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
        if len(message) > self.max_chars:
            log.info("message of %d characters not sent for %s", len(message), thread.sender)
            await post(
                client, thread, [notice(TOO_LONG.format(length=len(message), limit=self.max_chars))]
            )
            return
        sender = thread.sender
        if self._in_flight.get(sender, 0) >= self.queue:
            log.warning("%s has %d turns in flight: one more refused", sender, self.queue)
            await post(client, thread, [notice(BUSY)])
            return
        self._in_flight[sender] = self._in_flight.get(sender, 0) + 1
        try:
            await self._turn(client, thread, message, user, react_to, quote)
        finally:
            left = self._in_flight[sender] - 1
            if left:
                self._in_flight[sender] = left
            else:
                del self._in_flight[sender]

    async def _turn(
        self,
        client: AsyncWebClient,
        thread: Thread,
        message: str,
        user: str,
        react_to: str | None,
        quote: str | None,
    ) -> None:
        lock = self._locks.setdefault(thread.sender, asyncio.Lock())
        async with lock:
            indicator = (
                Indicator(client, thread.channel, react_to, self.working_after)
                if react_to
                else None
            )
            replies: list[SlackMessage]
            messages: list[BotMessage] = []
            try:
                messages = await self.rasa.send(thread.sender, message, metadata(thread, user))
                replies = render_turn(messages, quote) or [notice(NO_REPLY)]
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
            try:
                await record_plays(self.records, messages, thread, user)
            except Exception:  # the seller has the answer; the log says what was not kept
                log.exception("plays not recorded for %s", thread.sender)

    async def tell_rasa(self, thread: Thread, user: str, message: str) -> None:
        """A turn whose replies are not posted (feedback: the updated message says thanks)."""
        try:
            await self.rasa.send(thread.sender, message, metadata(thread, user))
        except BotUnavailable as exc:
            log.warning("feedback kept locally only, Rasa unavailable: %s", exc)
