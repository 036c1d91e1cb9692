"""Process groups: spawn a child in its own session, signal, terminate and reclaim its group."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path


def spawn(cmd: list[str], cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def terminate(popens: list[subprocess.Popen[bytes]], grace: float) -> None:
    """SIGTERM each group, wait up to ``grace`` seconds in all, then SIGKILL; reap each."""
    for popen in popens:
        if popen.poll() is None:
            signal_group(popen.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for popen in popens:
        with contextlib.suppress(subprocess.TimeoutExpired):
            popen.wait(timeout=max(0.1, deadline - time.monotonic()))
        if popen.poll() is None:
            signal_group(popen.pid, signal.SIGKILL)
            popen.wait()
        # The group may hold workers that outlive their leader (sanic, tensorflow).
        signal_group(popen.pid, signal.SIGKILL)


def signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def kill_group(pid: int) -> None:
    signal_group(pid, signal.SIGTERM)
    for _ in range(40):
        if not pid_alive(pid):
            return
        time.sleep(0.1)
    signal_group(pid, signal.SIGKILL)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def is_ours(pid: int, name: str) -> bool:
    """True if ``pid`` is a process we started as ``name`` (guards against reused pids)."""
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return False
    return f"PREGAME_PROCESS={name}".encode() in environ.split(b"\0")
