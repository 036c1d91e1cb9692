"""`pregame loadtest` and `pregame forget`: operating a running Pregame."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Annotated

import typer

from pregame.cli.common import console, fail, wiring


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
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Simulated sellers against the REST channel: p50/p95/max, errors, turns/s, cross-talk."""
    from tqdm import tqdm

    from pregame.loadtest.run import LoadResult, run_load
    from pregame.rasa_client import AsyncRasaClient

    base = url or wiring(ctx).settings().rasa_url
    bar = tqdm(total=sellers * turns, unit="turn", desc="load", file=sys.stderr)

    async def go() -> LoadResult:
        client = AsyncRasaClient(base, timeout=timeout)
        try:
            return await run_load(
                client, sellers, turns, rate=rate, progress=lambda n: bar.update(n)
            )
        finally:
            await client.close()

    try:
        result = asyncio.run(go())
    finally:
        bar.close()
    if as_json:
        console.print_json(json.dumps(result.as_dict()))
    else:
        console.print(result.summary(), highlight=False, soft_wrap=True)
    if result.errors or result.lost or result.crosstalk:
        raise typer.Exit(1)


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
