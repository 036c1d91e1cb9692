"""`pregame dashboard`, `pregame report` and `pregame digest`: the manager's view of the
conversations, and the owners' weekly digest."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pregame.cli.common import err, say
from pregame.settings import Settings
from pregame.slack.config import SlackSettings

if TYPE_CHECKING:
    from pregame.insights.events import Filters
    from pregame.insights.service import Insights


def _build(settings: Settings, database: str | None) -> Insights:
    from pregame.dashboard.serve import build_insights

    return build_insights(settings, database)


@dataclass(frozen=True)
class InsightsWiring:
    """What the commands are built from; tests pass their own as the app's ``obj``."""

    settings: Callable[[], Settings] = Settings
    insights: Callable[[Settings, str | None], Insights] = _build
    slack: Callable[[], SlackSettings] = SlackSettings


def _wiring(ctx: typer.Context) -> InsightsWiring:
    obj: Any = ctx.find_root().obj
    return obj if isinstance(obj, InsightsWiring) else InsightsWiring()


Database = Annotated[
    str | None,
    typer.Option(help="SQL URL of the events (default: the store, or the local tracker file)."),
]


def dashboard(
    ctx: typer.Context,
    port: Annotated[int, typer.Option(help="HTTP port.")] = 8050,
    host: Annotated[str, typer.Option(help="Interface; anything but loopback needs a token.")] = (
        "127.0.0.1"
    ),
    token: Annotated[
        str | None, typer.Option(envvar="PREGAME_DASHBOARD_TOKEN", help="Access token.")
    ] = None,
    aggregate_only: Annotated[
        bool, typer.Option("--aggregate-only", help="Hide sellers' names.")
    ] = False,
    database: Database = None,
) -> None:
    """Serve the manager's dashboard (adoption, funnel, content, gaps, objections, feedback)."""
    from pregame.dashboard.app import DashboardError, Options, check_exposure
    from pregame.dashboard.serve import serve

    wired = _wiring(ctx)
    try:
        check_exposure(host, token)
    except DashboardError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc
    insights = wired.insights(wired.settings(), database)
    say(f"Dashboard at http://{host}:{port}/ (Ctrl-C to stop)")
    serve(insights, host, port, Options(token=token, aggregate_only=aggregate_only))


def report(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="The HTML file to write.")] = Path("report.html"),
    since: Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD.")] = None,
    playbook: Annotated[str | None, typer.Option(help="Only this playbook.")] = None,
    team: Annotated[str | None, typer.Option(help="Only this team's sellers.")] = None,
    aggregate_only: Annotated[
        bool, typer.Option("--aggregate-only", help="Hide sellers' names.")
    ] = False,
    database: Database = None,
) -> None:
    """Write the dashboard as one self-contained HTML file to mail or attach."""
    from pregame.dashboard.pages import View
    from pregame.dashboard.pages import report as render
    from pregame.dashboard.serve import write_report
    from pregame.insights.events import Filters

    try:
        filters = Filters(
            date.fromisoformat(since) if since else None,
            date.fromisoformat(until) if until else None,
            playbook,
            team,
        )
    except ValueError as exc:
        err.print(f"[red]Dates are YYYY-MM-DD: {exc}[/]")
        raise typer.Exit(2) from exc
    wired = _wiring(ctx)
    insights = wired.insights(wired.settings(), database)
    _check_choices(insights, filters)
    written = write_report(insights, out, render(insights, View(filters, aggregate_only)))
    say(f"Wrote {written} ({written.stat().st_size // 1024} KB).")


def _check_choices(insights: Insights, filters: Filters) -> None:
    """A playbook or team that does not exist is a typo, not an empty report."""
    for kind, chosen, known in [
        ("playbook", filters.playbook, insights.playbook_ids()),
        ("team", filters.team, insights.teams()),
    ]:
        if chosen is not None and chosen not in known:
            listed = ", ".join(known) if known else "none recorded yet"
            err.print(f"[red]No {kind} {chosen!r}.[/] Known: {listed}.")
            raise typer.Exit(2)


def digest(
    ctx: typer.Context,
    send: Annotated[
        bool, typer.Option("--send", help="DM each owner in Slack (default: print only).")
    ] = False,
    since: Annotated[
        int, typer.Option("--since", min=1, help="Days back for the 👎 and objections.")
    ] = 7,
    database: Database = None,
) -> None:
    """The digest for each playbook or content owner: 👎 with reasons, stale content, uncovered
    objections. Owners with nothing to see are left out."""
    from pregame.insights.digest import address, digests
    from pregame.insights.headline import last_days

    wired = _wiring(ctx)
    settings = wired.settings()
    slack = wired.slack() if send else None
    if slack is not None and not slack.bot_token:
        err.print("[red]SLACK_BOT_TOKEN is not set:[/] --send DMs through the Slack app's bot.")
        raise typer.Exit(2)
    insights = wired.insights(settings, database)
    found = address(
        digests(insights, last_days(insights.today(), since)), insights.roster(settings)
    )
    if not found:
        say("Nothing needs an owner's attention.")
        return
    for item in found:
        to = item.slack_id or "no Slack id: add the owner to PREGAME_OWNERS"
        say(f"── {item.digest.owner} ({to})")
        say(item.digest.text(settings.dashboard_url))
    if slack is None:
        return
    from slack_sdk.web.async_client import AsyncWebClient

    from pregame.slack.digest import send_digests

    client = AsyncWebClient(token=slack.bot_token, base_url=slack.base_url)
    sent = asyncio.run(send_digests(client, found, settings.dashboard_url))
    say(f"Sent {len(sent.delivered)} digest(s).")
    if sent.unreachable:
        say(f"Not sent, no Slack id: {', '.join(sent.unreachable)}.")
    if sent.failed:
        for owner, error in sent.failed:
            err.print(f"[red]Not sent to {owner}: {error}[/]")
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `dashboard`, `report` and `digest` to the `pregame` app."""
    app.command()(dashboard)
    app.command()(report)
    app.command()(digest)
