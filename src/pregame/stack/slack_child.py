"""The Slack app as a child process of ``pregame up``: started, watched, reported on.

``up`` keeps the rest of the stack running when the Slack app stops (a refused token, a
crash): the bot still answers on its REST channel, and the Slack app's log says why. Once
connected, the app is supervised like the servers: restarted when it dies, reported failed
when it keeps dying (see :class:`~pregame.stack.processes.Supervisor`).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pregame.settings import Settings
from pregame.stack.processes import Process, Supervisor, tail
from pregame.stack.rasa import child_env
from pregame.stack.status import State

READY = "Pregame Slack app ready"
"""The line the Slack app logs once connected; ``pregame up`` waits for it in the app's log."""

SLACK_START_TIMEOUT = 20.0

Say = Callable[[str], None]


@dataclass
class SlackChild:
    supervisor: Supervisor
    process: Process
    reported: bool = False

    @classmethod
    def start(
        cls,
        run_dir: Path,
        cmd: Sequence[str],
        *,
        cwd: Path,
        env: dict[str, str],
        supervisor: Supervisor | None = None,
    ) -> SlackChild:
        """Start the app under ``supervisor`` (the stack's, so one status file lists all)."""
        supervisor = supervisor or Supervisor(run_dir)
        return cls(supervisor, supervisor.start("slack", cmd, cwd=cwd, env=env))

    def ready(self) -> bool:
        return READY in tail(self.process.log, 200)

    def wait_ready(self, timeout: float, poll: float = 0.1) -> bool | None:
        """True once connected, False if it exited, None if still starting after ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            if self.ready():
                self.supervisor.mark_ready(self.process, self.ready)
                return True
            if not self.process.alive():
                return False
            if time.monotonic() >= deadline:
                return None
            time.sleep(poll)

    def stopped(self) -> str | None:
        """Once, after the app stopped for good: what to tell the user (else None).

        An app that exits before it ever connected stopped for good (a refused token); one that
        dies later is restarted by the supervisor, which reports that itself.
        """
        if self.reported or self.process.alive():
            return None
        if self.process.state is not State.starting and self.process.state is not State.failed:
            return None
        if self.process.state is State.failed and self.process.restarts:
            self.reported = True  # the supervisor already said it gave up
            return None
        self.reported = True
        code = self.process.popen.returncode
        return (
            f"The Slack app stopped (exit code {code}); the bot keeps running. "
            f"Its log ({self.process.log}) ends with:\n{tail(self.process.log, 15)}"
        )

    def report_stopped(self, warn: Say) -> None:
        """Tell ``warn`` once that the app has stopped, with the end of its log (and notice
        an app that connected after ``wait_ready`` gave up waiting)."""
        if self.process.state is State.starting and self.process.alive() and self.ready():
            self.supervisor.mark_ready(self.process, self.ready)
        message = self.stopped()
        if message is not None:
            warn(message)

    def stop(self) -> None:
        self.supervisor.stop(self.process)


def start_slack_app(
    settings: Settings,
    args: Sequence[str],
    *,
    say: Say,
    warn: Say,
    timeout: float = SLACK_START_TIMEOUT,
    supervisor: Supervisor | None = None,
) -> SlackChild:
    """Start ``python -m pregame.slack ARGS`` beside the bot and wait until it connects.

    If it stops (a refused token, a crash), ``warn`` gets the end of its log; the caller keeps
    the bot running: it still answers on its REST channel.
    """
    child = SlackChild.start(
        settings.run_dir,
        [sys.executable, "-m", "pregame.slack", *args],
        cwd=settings.root,
        env={**child_env(), **settings.to_env()},
        supervisor=supervisor,
    )
    ready = child.wait_ready(timeout)
    if ready:
        say(f"Slack app connected ({child.process.log}).")
    elif ready is None:
        say(f"Slack app still starting; its log is {child.process.log}.")
    else:
        child.report_stopped(warn)
    return child
