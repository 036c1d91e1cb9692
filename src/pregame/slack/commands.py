"""``/pregame``: :func:`parse_command` (pure: the typed text in, a typed command out) and
:class:`SlashCommand`, which answers privately and starts a play, prep, lesson, practice or
progress report in a DM."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Container, Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from pregame.slack.blocks.help import help_blocks
from pregame.slack.blocks.primitives import context
from pregame.slack.intents import DomainIntents
from pregame.slack.posting import why
from pregame.slack.text import escape, from_slack
from pregame.slack.threads import Thread
from pregame.slack.turns import TurnRunner

log = logging.getLogger(__name__)

Ack = Callable[..., Awaitable[Any]]

# Used only when the conversation design has them (bot/domain.yml): sub-command -> intent.
LEARNING = {"learn": "learn", "practice": "practice", "progress": "my_progress"}
HOW_TO = "How to use Pregame"
NO_LEARNING = "Learning paths are on their way. Meanwhile, walk through a play."
NO_DM = (
    "Sorry, I couldn't open a DM with you ({error}), so I can't start that there. "
    "Try writing to me in Apps > Pregame > Messages, or mention me in a channel."
)
WHAT = {"learn": "your lesson", "practice": "your practice", "progress": "your progress"}


@dataclass(frozen=True)
class ShowHelp:
    """Answer with the help, under ``note`` (what was wrong) if there is one."""

    note: str | None = None

    @property
    def text(self) -> str:
        return self.note or HOW_TO


@dataclass(frozen=True)
class StartInDm:
    """Start a conversation in the user's DM with Pregame."""

    command: str  # e.g. "/pregame"
    sub: str  # play | prep | learn | practice | progress
    rest: str  # what the user typed after the subcommand
    message: str  # what Rasa gets
    what: str  # how the ack names it: "your play"
    payload: bool = False
    """``message`` is a Rasa ``/intent{...}`` payload the app built (else the user's words)."""

    @property
    def root(self) -> str:
        """The text of the DM message the conversation threads under."""
        return f"{self.command} {self.sub} {escape(self.rest)}".rstrip()


Command = ShowHelp | StartInDm


def learning_payload(intent: str, rest: str) -> str:
    """``/intent`` with what the user typed as the ``phase`` the actions read (a phase or
    persona name, "quiz"): the same turn as typing it, without a guess of the NLU."""
    words = from_slack(rest)
    return f"/{intent}" + (json.dumps({"phase": words}, separators=(",", ":")) if words else "")


def parse_command(
    text: str, *, command: str = "/pregame", intents: Container[str] = frozenset()
) -> Command:
    """What ``/pregame <text>`` asks for; ``intents`` are the bot's (the learning sub-commands
    need theirs)."""
    sub, _, rest = text.strip().partition(" ")
    sub, rest = sub.lower(), rest.strip()
    if sub in ("", "help"):
        return ShowHelp()
    if sub in LEARNING:
        if LEARNING[sub] not in intents:
            return ShowHelp(NO_LEARNING)
        message = learning_payload(LEARNING[sub], "" if sub == "progress" else rest)
        return StartInDm(command, sub, rest, message, WHAT[sub], payload=True)
    starts = {"play": (rest, "your play"), "prep": (f"prep me for {rest}", "your call prep")}
    if sub not in starts:
        return ShowHelp(f"I don't know `{command} {sub}`.")
    if not rest:
        return ShowHelp(
            f"Tell me about the call, e.g. `{command} {sub} discovery call with a CFO`."
        )
    message, what = starts[sub]
    return StartInDm(command, sub, rest, message, what)


class SlashCommand:
    def __init__(self, turns: TurnRunner, intents: DomainIntents) -> None:
        self.turns = turns
        self.intents = intents

    async def handle(
        self, ack: Ack, command: Mapping[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        parsed = parse_command(
            str(command.get("text") or ""),
            command=str(command.get("command") or "/pregame"),
            intents=self.intents,
        )
        if isinstance(parsed, ShowHelp):
            blocks = help_blocks(parsed.note)
            await ack(text=parsed.text, blocks=blocks, response_type="ephemeral")
            return
        await ack(text=f"On it: I'm sending {parsed.what} to our DM.", response_type="ephemeral")
        await self.start_in_dm(parsed, command, client, respond)

    async def start_in_dm(
        self,
        start: StartInDm,
        command: Mapping[str, Any],
        client: AsyncWebClient,
        respond: AsyncRespond,
    ) -> None:
        user = str(command["user_id"])
        try:
            dm = await client.conversations_open(users=user)
            channel = str(dm["channel"]["id"])
            said = f"<@{escape(user)}>: `{start.command} {start.sub}` {escape(start.rest)}"
            root = await client.chat_postMessage(
                channel=channel, text=start.root, blocks=[context(said)]
            )
        except Exception as exc:
            log.error("cannot open a DM with %s: %s", user, why(exc))
            try:
                await respond(text=NO_DM.format(error=why(exc)), response_type="ephemeral")
            except Exception as again:
                log.error("cannot tell %s either: %r", user, again)
            return
        thread = Thread(str(command.get("team_id", "")), channel, str(root["ts"]))
        message = start.message if start.payload else from_slack(start.message)
        await self.turns.turn(client, thread, message, user=user, react_to=thread.ts)
