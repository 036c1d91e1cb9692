"""`pregame loadtest` and `pregame forget`: operating a running Pregame."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from pregame.cli.common import console, fail, wiring

if TYPE_CHECKING:
    from pregame.loadtest.run import LoadResult
    from pregame.loadtest.slack_run import OwnApp, RunningApp
    from pregame.settings import Settings


class Target(StrEnum):
    rest = "rest"
    slack = "slack"


def loadtest(
    ctx: typer.Context,
    sellers: Annotated[
        int, typer.Option(min=1, help="Simulated sellers, each its own company.")
    ] = 20,
    turns: Annotated[int, typer.Option(min=1, help="Turns per seller.")] = 10,
    rate: Annotated[
        float | None,
        typer.Option(help="Turns per second arriving at a fixed rate (default: closed loop)."),
    ] = None,
    url: Annotated[str, typer.Option(help="The REST channel's server (default: this stack).")] = "",
    timeout: Annotated[
        float, typer.Option(help="Seconds before a turn counts as an error.")
    ] = 30.0,
    target: Annotated[
        Target,
        typer.Option(help="rest: the REST channel; slack: signed events through the Slack app."),
    ] = Target.rest,
    slack_url: Annotated[
        str,
        typer.Option(
            help="A running Slack app's events URL (default: start one against a mock Slack)."
        ),
    ] = "",
    slack_api: Annotated[
        str,
        typer.Option(help="With --slack-url: the mock Slack Web API that app posts to."),
    ] = "",
    signing_secret_env: Annotated[
        str, typer.Option(help="With --slack-url: the variable holding its signing secret.")
    ] = "SLACK_SIGNING_SECRET",
    settle: Annotated[
        float,
        typer.Option(min=0.05, help="Slack: seconds without a reply that end a turn's answer."),
    ] = 0.5,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Simulated sellers against the REST channel or the Slack app: latency, errors, cross-talk.

    Prints p50/p95/max, errors, lost turns, turns/s and cross-talk (through Slack also the time
    to answer each event); exit 1 on any failure."""
    from tqdm import tqdm

    from pregame.loadtest.run import run_load
    from pregame.rasa_client import AsyncRasaClient

    settings = wiring(ctx).settings()
    base = url or settings.rasa_url
    bar = tqdm(total=sellers * turns, unit="turn", desc="load", file=sys.stderr)

    async def go() -> LoadResult:
        if target is Target.slack:
            from pregame.loadtest.slack_run import run_slack
            from pregame.slack.turns import BUSY, NO_REPLY, SORRY, UNAVAILABLE

            app = _slack_app(settings, url, slack_url, slack_api, signing_secret_env)
            return await run_slack(
                app, sellers, turns, rate=rate, timeout=timeout, settle=settle,
                failures=(UNAVAILABLE, SORRY, BUSY, NO_REPLY), progress=lambda n: bar.update(n),
            )  # fmt: skip
        client = AsyncRasaClient(base, timeout=timeout)
        try:
            return await run_load(
                client, sellers, turns, rate=rate, progress=lambda n: bar.update(n)
            )
        finally:
            await client.close()

    from pregame.loadtest.slack_app import SlackAppFailed

    try:
        result = asyncio.run(go())
    except (ValueError, OSError, SlackAppFailed) as exc:  # bad option, Slack app or mock down
        fail(f"[red]{exc}[/]", 2)
    finally:
        bar.close()
    if as_json:
        console.print_json(json.dumps(result.as_dict()))
    else:
        console.print(result.summary(), highlight=False, soft_wrap=True)
    if result.failed:
        raise typer.Exit(1)


def _slack_app(
    settings: Settings, url: str, slack_url: str, slack_api: str, secret_env: str
) -> RunningApp | OwnApp:
    """The app at ``slack_url``, or one to start against this stack's bot (or ``url``)."""
    from pregame.loadtest.slack_run import OwnApp, RunningApp
    from pregame.slack.config import SlackSettings

    if not slack_url:
        return OwnApp.for_settings(settings, url)
    secret = os.environ.get(secret_env, "")
    if not secret and secret_env == "SLACK_SIGNING_SECRET":
        secret = SlackSettings().signing_secret  # also read from .env
    if not secret:
        raise ValueError(f"set {secret_env} to the signing secret of the app at {slack_url}")
    return RunningApp(slack_url, slack_api, secret)


def forget(
    ctx: typer.Context,
    user: Annotated[str, typer.Option("--user", help="The seller's id (Slack user id).")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a seller's conversations and records from the SQL store (a privacy request)."""
    from pregame.store.database import Database, DatabaseError
    from pregame.store.privacy import conversations_of, forget_user

    settings = wiring(ctx).settings()
    try:
        db = Database(settings.database)
        db.migrate()
        found = conversations_of(db, user)
    except DatabaseError as exc:
        fail(f"[red]{exc}[/]", 2)
    if not yes and not typer.confirm(
        f"Delete {len(found)} conversation(s) and every record of {user}?"
    ):
        raise typer.Exit(1)
    console.print(forget_user(db, user).summary())
    db.dispose()
