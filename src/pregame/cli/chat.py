"""`pregame chat` and `ask`: talk to a running bot from the terminal."""

from __future__ import annotations

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
