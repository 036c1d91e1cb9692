"""The objection form: a modal opened from a step card, its answer sent as a turn in the thread
the button was clicked in."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from pregame.slack.blocks.ids import OBJECTION_INPUT, OBJECTION_VIEW
from pregame.slack.buttons import clicked, clicked_in
from pregame.slack.posting import tell, why
from pregame.slack.text import escape, from_slack
from pregame.slack.threads import Thread
from pregame.slack.turns import TurnRunner

log = logging.getLogger(__name__)

NO_FORM = "Sorry, I couldn't open the objection form. Tell me in this thread what the buyer said."
BUYER_SAYS = ("they", "the buyer", "buyer", "the customer")


def objection_modal(private_metadata: str) -> dict[str, Any]:
    block_id, action_id = OBJECTION_INPUT
    return {
        "type": "modal",
        "callback_id": OBJECTION_VIEW,
        "private_metadata": private_metadata,
        "title": {"type": "plain_text", "text": "Handle an objection"},
        "submit": {"type": "plain_text", "text": "Get the answer"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": block_id,
                "label": {"type": "plain_text", "text": "What did the buyer say?"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": action_id,
                    "placeholder": {"type": "plain_text", "text": "We're happy with our vendor"},
                    "max_length": 500,
                },
            }
        ],
    }


def buyer_message(said: str) -> str:
    """What the seller typed in the form, as a message the NLU reads as an objection."""
    message = from_slack(said)
    if not message.lower().startswith(BUYER_SAYS):
        message = f"the buyer says {message}"
    return message


class ObjectionForm:
    def __init__(self, turns: TurnRunner) -> None:
        self.turns = turns

    async def open(self, body: Mapping[str, Any], client: AsyncWebClient) -> None:
        thread, user = clicked_in(body)
        where = {"team": thread.team, "channel": thread.channel, "ts": thread.ts}
        where["clicked"] = clicked(body) or ""
        try:
            await client.views_open(
                trigger_id=body["trigger_id"], view=objection_modal(json.dumps(where))
            )
        except Exception as exc:
            log.error("objection form for %s in %s: %s", user, thread.sender, why(exc))
            await tell(client, thread, user, NO_FORM)

    async def submitted(
        self, body: Mapping[str, Any], view: Mapping[str, Any], client: AsyncWebClient
    ) -> None:
        where = json.loads(view.get("private_metadata") or "{}")
        thread = Thread(where["team"], where["channel"], where["ts"])
        block_id, action_id = OBJECTION_INPUT
        said = str(view["state"]["values"][block_id][action_id].get("value") or "").strip()
        user = str(body["user"]["id"])
        quote = f"<@{escape(user)}>: the buyer said _“{escape(said)}”_"
        react_to = str(where.get("clicked") or "") or None
        await self.turns.turn(
            client, thread, buyer_message(said), user=user, react_to=react_to, quote=quote
        )
