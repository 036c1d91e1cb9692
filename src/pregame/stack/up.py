"""`pregame up` (and the demo's bot): train if needed, start both servers, supervise until
stopped.

Everything the user should read goes through ``say`` (progress) and ``warn`` (problems that do
not stop the stack), so the entry point decides how it is printed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

from pregame.settings import Settings
from pregame.stack.processes import Supervisor
from pregame.stack.rasa import train
from pregame.stack.signals import stop_on_signals
from pregame.stack.slack_child import SlackChild, start_slack_app
from pregame.stack.stack import Stack

Say = Callable[[str], None]


def index_command() -> list[str]:
    """`pregame index` in this runtime (a child process: the embedding model it loads is freed
    when it exits, and it has finished writing before any action server reads the index)."""
    return [sys.executable, "-m", "pregame.cli", "index"]


def sync_index(settings: Settings, say: Say, warn: Say) -> None:
    """Index what changed in knowledge/ and playbooks/, with its progress bar on the terminal;
    unchanged files cost nothing. A failed sync is reported and the bot starts with the index
    it had (the plays themselves never depend on it)."""
    say("Syncing the knowledge index (only changed files are embedded)...")
    env = {**os.environ, **settings.to_env()}
    done = subprocess.run(index_command(), cwd=settings.root, env=env, check=False)
    if done.returncode != 0:
        warn(
            f"Indexing failed (exit {done.returncode}): the bot starts with the index it had. "
            "Run `pregame index` to see why."
        )


def start_stack(settings: Settings, say: Say, warn: Say | None = None) -> Stack:
    """The stack for the current model, trained first if its training data changed.

    Nothing runs until the returned :class:`Stack` is entered (``with start_stack(...) as
    endpoints:``); leaving the block stops both servers. With ``warn``, the knowledge index is
    synced while Rasa loads, before the action servers start (``sync_index``).
    """
    model = train(settings).model
    say(
        f"Starting the action server (:{settings.action_port}) and Rasa "
        f"(:{settings.rasa_port}) with {model.name}; logs in {settings.run_dir}."
    )
    before = (lambda: sync_index(settings, say, warn)) if warn is not None else None
    return Stack(
        settings,
        model,
        rasa_port=settings.rasa_port,
        action_port=settings.action_port,
        before_actions=before,
    )


def run_up(
    settings: Settings,
    *,
    slack: Sequence[str] | None,
    say: Say,
    warn: Say,
    tick: float = 1.0,
) -> None:
    """Run the bot (and, when ``slack`` holds its arguments, the Slack app) until stopped.

    Ctrl-C, ``kill`` and a closed terminal stop everything and return; a server that cannot
    start raises :class:`~pregame.stack.processes.StackError` (its message says why). A server
    that dies later is restarted by the stack's supervisor, which says so through ``warn``;
    this loop says when Pregame is up, when it is not (which process, in what state) and when
    it is up again. A Slack app that cannot connect is reported once while the bot runs on.
    """
    stop_on_signals()
    try:
        stack = start_stack(settings, say, warn)
        supervisor = stack.supervisor
        supervisor.say, supervisor.warn = say, warn
        with stack as endpoints:
            child: SlackChild | None = None
            if slack is not None:
                child = start_slack_app(settings, slack, say=say, warn=warn, supervisor=supervisor)
            try:
                rest = f"REST channel at {endpoints.rasa_url}/webhooks/rest/webhook"
                say(f"Pregame is up: {rest}. Ctrl-C to stop.")
                healthy = True
                while True:
                    time.sleep(tick)
                    if child is not None:
                        child.report_stopped(warn)
                    healthy = report_health(supervisor, healthy, rest, say=say, warn=warn)
            finally:
                if child is not None:
                    child.stop()
    except KeyboardInterrupt:
        say("Stopped.")


def report_health(supervisor: Supervisor, healthy: bool, rest: str, *, say: Say, warn: Say) -> bool:
    """Say when the stack stops or starts being fully up; return whether it is now."""
    down = supervisor.down()
    if down and healthy:
        states = ", ".join(f"{p.name} {p.state.value}" for p in down)
        warn(f"Pregame is NOT fully up: {states}. `pregame status` shows the details.")
    elif not down and not healthy:
        say(f"Pregame is up again: {rest}.")
    return not down
