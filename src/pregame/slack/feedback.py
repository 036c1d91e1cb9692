"""The feedback flow: 👍 records at once; 👎 only asks why, and the reason click (or Skip)
records it, so an answer gets one feedback record and one Rasa event."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from pregame.slack.blocks.feedback import NO_REASON, after_feedback, after_reason
from pregame.slack.blocks.ids import FEEDBACK_ACTION, REASON_ACTION
from pregame.slack.blocks.primitives import Block
from pregame.slack.buttons import clicked_in
from pregame.slack.dedupe import Deliveries, LocalDeliveries
from pregame.slack.intents import DomainIntents, payload
from pregame.slack.posting import tell, update
from pregame.slack.records import Feedback, SlackRecords
from pregame.slack.turns import TurnRunner

log = logging.getLogger(__name__)

FEEDBACK_NOTED = "Thanks, your feedback is noted (I couldn't update the message)."
# Intents used only when the conversation design has them (bot/domain.yml).
FEEDBACK_INTENTS = {"helpful": "feedback_helpful", "not_helpful": "feedback_unhelpful"}


class FeedbackFlow:
    def __init__(
        self,
        turns: TurnRunner,
        intents: DomainIntents,
        records: SlackRecords,
        seen: Deliveries | None = None,
    ) -> None:
        self.turns = turns
        self.intents = intents
        self.records = records
        self.seen = seen or LocalDeliveries()

    async def clicked(
        self, body: Mapping[str, Any], action: Mapping[str, Any], client: AsyncWebClient
    ) -> None:
        """👍 or 👎 clicked."""
        value = str(action["action_id"]).removeprefix(FEEDBACK_ACTION)
        message = body["message"]
        new_blocks = after_feedback(message["blocks"], body["user"]["id"], value)
        if value == "not_helpful":
            thread, user = clicked_in(body)
            if await update(client, thread, user, message, new_blocks):
                return
            new_blocks = []  # the reasons cannot be shown: record the 👎 now
        await self.record(body, action, client, value, None, new_blocks)

    async def reason(
        self, body: Mapping[str, Any], action: Mapping[str, Any], client: AsyncWebClient
    ) -> None:
        """A reason (or Skip) clicked after 👎."""
        reason = str(action["action_id"]).removeprefix(REASON_ACTION)
        new_blocks = after_reason(body["message"]["blocks"], body["user"]["id"], reason)
        known = reason if reason != NO_REASON else None
        await self.record(body, action, client, "not_helpful", known, new_blocks)

    async def record(
        self,
        body: Mapping[str, Any],
        action: Mapping[str, Any],
        client: AsyncWebClient,
        value: str,
        reason: str | None,
        new_blocks: list[Block],
    ) -> None:
        """Record the feedback once per answer, update the message, tell Rasa."""
        thread, user = clicked_in(body)
        message = body["message"]
        if not await self.seen.first(f"feedback:{thread.channel}:{message['ts']}"):
            log.info("ignored a second feedback click on %s", message["ts"])
            return
        try:
            about = json.loads(action.get("value") or "{}")
        except ValueError:
            about = {}
        try:
            await self.records.feedback(
                Feedback(
                    user=user,
                    team=thread.team,
                    channel=thread.channel,
                    thread_ts=thread.ts,
                    message_ts=str(message["ts"]),
                    value=value,
                    reason=reason,
                    about=about if isinstance(about, dict) else {},
                )
            )
        except Exception:  # the seller still sees the thanks; the log says what was lost
            log.exception("feedback not recorded for %s on %s", user, message["ts"])
        if new_blocks and not await update(client, thread, user, message, new_blocks):
            await tell(client, thread, user, FEEDBACK_NOTED)
        intent = FEEDBACK_INTENTS.get(value)
        if intent is not None and intent in self.intents:
            # The bot records it in the tracker too; its "thanks" reply is not posted, the
            # updated message already says thanks.
            entities = {"reason": reason} if reason else None
            await self.turns.tell_rasa(thread, user, payload(intent, entities))
