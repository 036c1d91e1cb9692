"""`pregame up`, `status`, `slack`, `train`, `demo` and `doctor`: run the bot and check the
machine."""

from __future__ import annotations

import sys
import uuid
from typing import TYPE_CHECKING, Annotated

import typer

from pregame.cli.common import console, err, say, warn, wiring
from pregame.cli.knowledge import ProgressBar, print_index_run
from pregame.cli.playbooks import check_playbooks, print_validation

if TYPE_CHECKING:
    from pregame.stack.rasa import TrainResult


def doctor(ctx: typer.Context) -> None:
    """Check both runtimes, the embedding model, ports and the store; say how to fix problems."""
    from rich.markup import escape

    from pregame.doctor import Status, run_checks

    checks = run_checks(wiring(ctx).settings())
    colour = {Status.ok: "green", Status.warn: "yellow", Status.fail: "red"}
    for check in checks:
        console.print(
            f"[{colour[check.status]}]{check.status.value:>4}[/] {escape(check.name)}: "
            f"{escape(check.detail)}"
        )
        if check.fix:
            console.print(f"      fix: {escape(check.fix)}")
    if any(c.status is Status.fail for c in checks):
        raise typer.Exit(1)


def status(ctx: typer.Context) -> None:
    """Show the running stack's processes (up, restarting, failed); exit 1 unless all are up."""
    from pregame.stack.status import State, describe, read_status

    settings = wiring(ctx).settings()
    found = read_status(settings.run_dir / "status.json")
    if found is None or not found.running():
        say("Pregame is not running (`pregame up` starts it).")
        raise typer.Exit(1)
    colour = {State.up: "green", State.failed: "red"}
    for process in found.processes:
        console.print(describe(process), style=colour.get(process.state, "yellow"), highlight=False)
    if not found.healthy():
        raise typer.Exit(1)


def train(
    ctx: typer.Context,
    force: Annotated[bool, typer.Option(help="Retrain even if unchanged.")] = False,
) -> None:
    """Train the Rasa model, only if its training data or config changed."""
    from pregame.stack.processes import StackError
    from pregame.stack.rasa import train as train_model

    try:
        print_trained(train_model(wiring(ctx).settings(), force=force))
    except StackError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from exc


def print_trained(result: TrainResult) -> None:
    if result.trained:
        console.print(f"Trained {result.model.name} in {result.seconds:.0f}s.")
    else:
        console.print(f"Model {result.model.name} is up to date (training data unchanged).")


def slack_args() -> list[str] | None:
    """How `pregame up` starts the Slack app: Socket Mode if its tokens are set, else the
    Events API; None when Slack is not configured at all."""
    from pregame.slack.config import SlackSettings

    slack_settings = SlackSettings()
    if not slack_settings.configured:
        return None
    return [] if not slack_settings.problems(http=False) else ["--http"]


def up(
    ctx: typer.Context,
    replicas: Annotated[
        int | None,
        typer.Option(min=1, max=16, help="Rasa and action servers each (default: settings)."),
    ] = None,
) -> None:
    """Start the Rasa server and the action server; Ctrl-C stops both."""
    from pregame.stack.processes import StackError
    from pregame.stack.up import run_up

    settings = wiring(ctx).settings()
    if replicas is not None:
        settings = settings.model_copy(update={"replicas": replicas})
    try:
        run_up(settings, slack=slack_args(), say=say, warn=warn)
    except StackError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from exc


def slack(
    http: Annotated[
        bool, typer.Option("--http", help="Events API over HTTP instead of Socket Mode.")
    ] = False,
    port: Annotated[int, typer.Option(help="HTTP port (with --http).")] = 3000,
    host: Annotated[
        str,
        typer.Option(
            envvar="PREGAME_SLACK_HOST",
            help="HTTP interface (with --http): loopback behind a reverse proxy or tunnel; "
            "0.0.0.0 to take Slack's requests directly.",
        ),
    ] = "127.0.0.1",
) -> None:
    """Run the Slack app (Socket Mode; --http for the Events API) against the running bot."""
    from pregame.slack.main import run

    code = run(http=http, host=host, port=port)
    if code:
        raise typer.Exit(code)


def demo(ctx: typer.Context) -> None:
    """Validate, index, train if needed, start everything, and chat (a scripted demo w/o TTY)."""
    from pregame.chat.terminal import DEMO_SCRIPT, interactive, play_script
    from pregame.indexing import index_default
    from pregame.rasa_client import RasaClient
    from pregame.stack.processes import StackError
    from pregame.stack.rasa import train as train_model
    from pregame.stack.signals import stop_on_signals
    from pregame.stack.up import start_stack

    wired = wiring(ctx)
    settings = wired.settings()
    console.rule("1/4 validate playbooks")
    validation = check_playbooks(settings, None)
    print_validation(validation)
    if not validation.passed:
        raise typer.Exit(1)
    console.rule("2/4 index knowledge and playbooks")
    with ProgressBar() as bar:
        print_index_run(index_default(wired.services(settings), bar))
    try:
        console.rule("3/4 train the Rasa model (only if its inputs changed)")
        print_trained(train_model(settings))
        console.rule("4/4 start the bot")
        stop_on_signals()
        with start_stack(settings, say) as endpoints:
            client = RasaClient(endpoints.rasa_url)
            sender = f"demo-{uuid.uuid4().hex[:8]}"
            if sys.stdin.isatty():
                interactive(client, sender)
            else:
                console.print("No terminal attached: playing the scripted demo conversation.\n")
                latencies = play_script(client, sender, DEMO_SCRIPT, out=say)
                median = sorted(latencies)[len(latencies) // 2]
                console.print(f"{len(latencies)} turns, median reply {median * 1000:.0f} ms.")
    except StackError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from exc
    except KeyboardInterrupt:
        console.print("\nStopped; both servers are down.")
