"""The Slack app as a child process of ``pregame up``: started, watched, reported on.

``up`` keeps the rest of the stack running when the Slack app stops (a refused token, a
crash): the bot still answers on its REST channel, and the Slack app's log says why.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pregame.slack.config import READY
from pregame.stack.processes import Process, Supervisor, tail


@dataclass
class SlackChild:
    supervisor: Supervisor
    process: Process
    reported: bool = False

    @classmethod
    def start(
        cls, run_dir: Path, cmd: Sequence[str], *, cwd: Path, env: dict[str, str]
    ) -> SlackChild:
        supervisor = Supervisor(run_dir)
        return cls(supervisor, supervisor.start("slack", cmd, cwd=cwd, env=env))

    def ready(self) -> bool:
        return READY in tail(self.process.log, 200)

    def wait_ready(self, timeout: float, poll: float = 0.1) -> bool | None:
        """True once connected, False if it exited, None if still starting after ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            if self.ready():
                return True
            if not self.process.alive():
                return False
            if time.monotonic() >= deadline:
                return None
            time.sleep(poll)

    def stopped(self) -> str | None:
        """Once, after the process has exited: what to tell the user (else None)."""
        if self.reported or self.process.alive():
            return None
        self.reported = True
        code = self.process.popen.returncode
        return (
            f"The Slack app stopped (exit code {code}); the bot keeps running. "
            f"Its log ({self.process.log}) ends with:\n{tail(self.process.log, 15)}"
        )

    def stop(self) -> None:
        self.supervisor.stop_all()
