"""One Slack thread is one Rasa conversation: the sender id is team, channel and thread.

:class:`BotThreads` remembers which channel threads are the bot's (it answers follow-ups there
without a mention).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from pregame.slack.dedupe import Seen

log = logging.getLogger(__name__)

PREFIX = "slack"


@dataclass(frozen=True)
class Thread:
    team: str
    channel: str
    ts: str  # the thread's root message

    @property
    def sender(self) -> str:
        return f"{PREFIX}:{self.team}:{self.channel}:{self.ts}"

    @classmethod
    def from_sender(cls, sender: str) -> Thread:
        prefix, team, channel, ts = sender.split(":")
        if prefix != PREFIX:
            raise ValueError(f"not a Slack sender id: {sender!r}")
        return cls(team, channel, ts)

    @classmethod
    def of_message(cls, team: str, channel: str, ts: str, thread_ts: str | None) -> Thread:
        """A top-level message starts its own thread; a reply belongs to its root's."""
        return cls(team, channel, thread_ts or ts)


class BotThreads:
    """Threads the bot has answered in (two weeks), and others it looked at (five minutes)."""

    def __init__(self) -> None:
        self.ours = Seen(ttl=14 * 24 * 3600, size=100_000)
        self.others = Seen(ttl=300)

    def mark(self, thread: Thread) -> None:
        self.ours.add(thread.sender)

    async def is_ours(self, client: AsyncWebClient, thread: Thread, bot_user: str) -> bool:
        """One API look-up for a thread not seen yet: did the bot post in it?"""
        if thread.sender in self.ours:
            return True
        if thread.sender in self.others:
            return False
        try:
            replies = await client.conversations_replies(
                channel=thread.channel, ts=thread.ts, limit=100
            )
        except SlackApiError as exc:
            log.warning("cannot read thread %s: %s", thread.sender, exc.response.get("error"))
            return False
        ours = any(m.get("user") == bot_user for m in replies.get("messages") or [])
        (self.ours if ours else self.others).add(thread.sender)
        return ours
