"""`pregame dashboard` and `pregame report`: the manager's view of the conversations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pregame.cli.common import err, say
from pregame.settings import Settings

if TYPE_CHECKING:
    from pregame.insights.service import Insights


def _build(settings: Settings, database: str | None) -> Insights:
    from pregame.dashboard.serve import build_insights

    return build_insights(settings, database)


@dataclass(frozen=True)
class InsightsWiring:
    """What the commands are built from; tests pass their own as the app's ``obj``."""

    settings: Callable[[], Settings] = Settings
    insights: Callable[[Settings, str | None], Insights] = _build


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
        )
    except ValueError as exc:
        err.print(f"[red]Dates are YYYY-MM-DD: {exc}[/]")
        raise typer.Exit(2) from exc
    wired = _wiring(ctx)
    insights = wired.insights(wired.settings(), database)
    written = write_report(insights, out, render(insights, View(filters, aggregate_only)))
    say(f"Wrote {written} ({written.stat().st_size // 1024} KB).")


def register(app: typer.Typer) -> None:
    """Add `dashboard` and `report` to the `pregame` app."""
    app.command()(dashboard)
    app.command()(report)
