"""`pregame readiness` and `pregame learning team ...`: a manager's view of the new reps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from pregame.cli.common import console, fail, say, warn, wiring
from pregame.settings import Settings

if TYPE_CHECKING:
    from pregame.learning.readiness import Readiness
    from pregame.store.progress import Progress

learning_app = typer.Typer(help="New reps' learning path: teams.", no_args_is_help=True)
team_app = typer.Typer(
    help="Reps' teams: a team sees the playbooks whose audience names it (or everyone).",
    no_args_is_help=True,
)
learning_app.add_typer(team_app, name="team")

STYLES = {"ready": "green", "practice": "yellow", "check": "cyan"}


def _progress(settings: Settings) -> Progress:
    from pregame.store.database import Database, DatabaseError
    from pregame.store.progress import Progress

    try:
        db = Database(settings.database)
        db.migrate()
    except DatabaseError as exc:
        fail(f"[red]{exc}[/]", 2)
    return Progress(db)


def _readiness(settings: Settings, team: str | None) -> Readiness:
    from pregame.learning.readiness import team_readiness
    from pregame.playbook.library import PlaybookLibrary

    library = PlaybookLibrary(settings.path(settings.playbooks_dir))
    library.refresh()
    for path, problem in library.errors.items():
        warn(f"{path.name} is not valid and is left out: {str(problem).splitlines()[0]}")
    progress = _progress(settings)
    try:
        return team_readiness(library.playbooks(), progress, team)
    finally:
        progress.db.dispose()


def _cell(label: str) -> str:
    style = STYLES.get(label.split()[0], "dim")
    return f"[{style}]{label}[/]"


def print_readiness(readiness: Readiness) -> None:
    """One table per playbook: reps down, phases across, what each rep has left per phase."""
    who = f"team {readiness.team}" if readiness.team else "all teams"
    shown = [p for p in readiness.playbooks if p.reps]
    if not shown:
        say(f"No reps on a learning path ({who}). Register one: pregame learning team set U T")
        return
    for playbook in shown:
        table = Table(title=f"{playbook.path.title} ({who})", title_justify="left")
        table.add_column("Rep", no_wrap=True)
        if readiness.team is None:
            table.add_column("Team")
        for phase in playbook.path.phases:
            table.add_column(f"{phase.number}. {phase.phase_name}", overflow="fold")
        table.add_column("Ready", justify="right", no_wrap=True)
        for line in playbook.reps:
            cells = [_cell(state.label()) for state in line.states]
            ready = f"{line.ready}/{len(line.states)}"
            team = [] if readiness.team else [line.rep.team or "-"]
            table.add_row(line.rep.name, *team, *cells, ready)
        console.print(table)
    say(
        "ready = check and practice passed; practice N = check passed, best practice "
        "score so far; check N% = best check score so far; check = lesson read; "
        "- = not started."
    )


def readiness(
    ctx: typer.Context,
    team: Annotated[str | None, typer.Option(help="Only this team's reps and playbooks.")] = None,
) -> None:
    """New reps' readiness per playbook phase: lesson, knowledge check and practice."""
    print_readiness(_readiness(wiring(ctx).settings(), team))


@team_app.command("set")
def set_team(
    ctx: typer.Context,
    user: Annotated[str, typer.Argument(help="The rep's id (Slack user id).")],
    team: Annotated[str, typer.Argument(help="Their team, as playbooks name it in audience.")],
    name: Annotated[str | None, typer.Option(help="The name shown in the readiness table.")] = (
        None
    ),
    manager: Annotated[
        bool | None,
        typer.Option("--manager/--rep", help="Manages the team (left out of the table)."),
    ] = None,
) -> None:
    """Put a rep in a team (creates the rep; options not given keep their value)."""
    from pregame.store.progress import ProgressError

    progress = _progress(wiring(ctx).settings())
    try:
        rep = progress.set_rep(user, team, name, manager)
    except ProgressError as exc:
        fail(f"[red]{exc}[/]", 2)
    finally:
        progress.db.dispose()
    role = "manager" if rep.is_manager else "rep"
    say(f"{rep.name} ({rep.user_id}) is a {role} in team {rep.team}.")


@team_app.command("list")
def list_team(
    ctx: typer.Context,
    team: Annotated[str | None, typer.Option(help="Only this team.")] = None,
) -> None:
    """Registered reps and managers, with their teams."""
    progress = _progress(wiring(ctx).settings())
    try:
        reps = progress.reps(team)
    finally:
        progress.db.dispose()
    if not reps:
        say("No reps registered.")
    for rep in reps:
        role = "manager" if rep.is_manager else "rep"
        say(f"{rep.user_id}\t{rep.team or '-'}\t{role}\t{rep.display_name}")


def register(app: typer.Typer) -> None:
    """Add `readiness` and the `learning` group to the `pregame` app."""
    app.command()(readiness)
    app.add_typer(learning_app, name="learning")
