"""`pregame chat` and `ask`: talk to a running bot from the terminal."""

from __future__ import annotations

import getpass
import json
import uuid
from typing import Annotated

import typer

from pregame.cli.common import console, err, wiring


def chat(
    ctx: typer.Context,
    sender: Annotated[str, typer.Option(help="Conversation id.")] = "",
) -> None:
    """Chat with a running bot in the terminal."""
    from pregame.chat.terminal import interactive
    from pregame.rasa_client import RasaClient

    client = RasaClient(wiring(ctx).settings().rasa_url)
    interactive(client, sender or f"terminal-{uuid.uuid4().hex[:8]}")


def _learning_chat(ctx: typer.Context, rep: str, first: str) -> None:
    from pregame.chat.terminal import interactive
    from pregame.rasa_client import RasaClient

    client = RasaClient(wiring(ctx).settings().rasa_url)
    interactive(client, rep or getpass.getuser(), first=first)


RepOption = Annotated[
    str,
    typer.Option(
        "--rep",
        help="Your id: your progress is kept under it (default: your login name; give your "
        "Slack user id to carry on in Slack).",
    ),
]


def learn(
    ctx: typer.Context,
    what: Annotated[list[str] | None, typer.Argument(help='e.g. "negotiation" or "quiz".')] = None,
    rep: RepOption = "",
) -> None:
    """Your learning path in the terminal chat: the next lesson, knowledge check or practice."""
    _learning_chat(ctx, rep, " ".join(["learn", *(what or [])]))


def practice(
    ctx: typer.Context,
    what: Annotated[list[str] | None, typer.Argument(help='e.g. "negotiation with a CFO".')] = None,
    rep: RepOption = "",
) -> None:
    """Role-play with a simulated buyer in the terminal chat, scored against the playbook."""
    _learning_chat(ctx, rep, " ".join(["practice", *(what or [])]))


def ask(
    ctx: typer.Context,
    message: str,
    sender: Annotated[str, typer.Option(help="Conversation id (keep it to continue).")] = "cli",
    as_json: Annotated[bool, typer.Option("--json", help="Raw REST channel messages.")] = False,
) -> None:
    """Send one message to a running bot and print the reply."""
    from pregame.chat.terminal import render
    from pregame.rasa_client import BotUnavailable, RasaClient

    try:
        messages = RasaClient(wiring(ctx).settings().rasa_url).send(sender, message)
    except BotUnavailable as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from exc
    if as_json:
        console.print_json(json.dumps(messages))
    else:
        console.print(render(messages), highlight=False, markup=False, soft_wrap=True)
