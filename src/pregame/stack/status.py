"""The running stack's state, as a small JSON file in the run folder.

``pregame up`` (its :class:`~pregame.stack.processes.Supervisor`) writes it atomically on every
change; ``pregame status`` and ``pregame doctor``, other processes, read it. The file names the
supervising process, so a file left by a killed ``pregame up`` is recognised as stale.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path


class State(StrEnum):
    starting = "starting"
    up = "up"
    restarting = "restarting"
    failed = "failed"
    stopped = "stopped"


@dataclass(frozen=True)
class ProcessStatus:
    name: str
    pid: int
    state: State
    restarts: int
    since: float
    """Unix time of the last change of state."""
    url: str = ""
    last_exit: str = ""


@dataclass(frozen=True)
class StackStatus:
    supervisor_pid: int
    updated: float
    processes: list[ProcessStatus]

    def running(self) -> bool:
        """True while the ``pregame up`` that wrote the file is alive."""
        try:
            os.kill(self.supervisor_pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def healthy(self) -> bool:
        return self.running() and all(p.state is State.up for p in self.processes)


def write_status(path: Path, processes: list[ProcessStatus], pid: int | None = None) -> None:
    """Replace ``path`` atomically (write a temporary file, then rename it over)."""
    payload = {
        "supervisor_pid": os.getpid() if pid is None else pid,
        "updated": time.time(),
        "processes": [asdict(p) for p in processes],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".status-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w") as out:
            json.dump(payload, out, indent=1)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_status(path: Path) -> StackStatus | None:
    """The status in ``path``, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads(path.read_text())
        return StackStatus(
            supervisor_pid=int(data["supervisor_pid"]),
            updated=float(data["updated"]),
            processes=[
                ProcessStatus(**{**p, "state": State(p["state"])}) for p in data["processes"]
            ],
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def describe(process: ProcessStatus, now: float | None = None) -> str:
    """``rasa: up (pid 123, 2 restarts, for 5m 3s, at http://...)`` for people."""
    seconds = int((time.time() if now is None else now) - process.since)
    minutes, secs = divmod(max(seconds, 0), 60)
    age = f"{minutes}m {secs}s" if minutes else f"{secs}s"
    parts = [f"pid {process.pid}", f"{process.restarts} restarts", f"for {age}"]
    if process.url:
        parts.append(f"at {process.url}")
    if process.last_exit and process.state is not State.up:
        parts.append(f"last exit: {process.last_exit}")
    return f"{process.name}: {process.state.value} ({', '.join(parts)})"
