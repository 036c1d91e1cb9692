"""The working indicator: a reaction on the seller's message while a slow turn is worked on.

It never holds up the reply: :meth:`Indicator.stop` returns at once, and taking the reaction
off (after a pending ``reactions.add``, which may be waiting out a rate limit) happens in the
background. A failure of either call is a log line, never an exception in the turn.
"""

from __future__ import annotations

import asyncio
import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)

WORKING_REACTION = "hourglass_flowing_sand"
_cleanups: set[asyncio.Task[None]] = set()  # keeps background clean-ups from being collected


class Indicator:
    def __init__(self, client: AsyncWebClient, channel: str, ts: str, delay: float) -> None:
        self.client, self.channel, self.ts, self.delay = client, channel, ts, delay
        self.adding = False
        self.task = asyncio.create_task(self._show())

    async def _show(self) -> None:
        await asyncio.sleep(self.delay)
        self.adding = True
        await self.client.reactions_add(
            channel=self.channel, timestamp=self.ts, name=WORKING_REACTION
        )

    def stop(self) -> None:
        """Never waits: the reply goes out now, the reaction comes off when it can."""
        if not self.adding:
            self.task.cancel()
            return
        cleanup = asyncio.create_task(self._clear())
        _cleanups.add(cleanup)
        cleanup.add_done_callback(_cleanups.discard)

    async def _clear(self) -> None:
        try:
            await self.task
            await self.client.reactions_remove(
                channel=self.channel, timestamp=self.ts, name=WORKING_REACTION
            )
        except SlackApiError as exc:
            log.warning("working indicator on %s: %s", self.ts, exc.response.get("error"))
        except Exception as exc:
            log.warning("working indicator on %s: %r", self.ts, exc)
