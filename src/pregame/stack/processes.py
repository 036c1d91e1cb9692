"""Start, watch and stop child processes; nothing is left running after Ctrl-C."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx


class StackError(RuntimeError):
    """A server could not be started; the message says why and where its log is."""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


Probe = Callable[[], bool]
"""True once a server is ready; never raises for a server that is not up yet."""


def http_ok(url: str, transport: httpx.BaseTransport | None = None) -> Probe:
    """A probe: ``url`` answers HTTP 200 (within 2 s)."""

    def probe() -> bool:
        try:
            with httpx.Client(transport=transport, timeout=2.0) as http:
                return http.get(url).status_code == 200
        except httpx.HTTPError:
            return False

    return probe


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    pidfile: Path

    def alive(self) -> bool:
        return self.popen.poll() is None


@dataclass
class Supervisor:
    """Owns child processes. Each runs in its own session so the whole group can be killed."""

    run_dir: Path
    processes: list[Process] = field(default_factory=list)
    transport: httpx.BaseTransport | None = None

    def reclaim_stale(self) -> list[str]:
        """Stop servers a previous run left behind (it crashed or was killed with -9)."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        stopped = []
        for pidfile in self.run_dir.glob("*.pid"):
            with contextlib.suppress(ValueError, OSError):
                pid = int(pidfile.read_text().strip())
                if _is_ours(pid, pidfile.stem):
                    _kill_group(pid)
                    stopped.append(f"{pidfile.stem} (pid {pid})")
            pidfile.unlink(missing_ok=True)
        return stopped

    def start(self, name: str, cmd: Sequence[str], *, cwd: Path, env: dict[str, str]) -> Process:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        log = self.run_dir / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                list(cmd),
                cwd=cwd,
                env={**env, "PREGAME_PROCESS": name},
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        pidfile = self.run_dir / f"{name}.pid"
        pidfile.write_text(str(popen.pid))
        process = Process(name, popen, log, pidfile)
        self.processes.append(process)
        return process

    def wait_ready(
        self,
        process: Process,
        url: str,
        timeout: float,
        ready: Probe | None = None,
    ) -> None:
        """Wait until ``ready()`` (by default: ``url`` answers HTTP 200) or fail with the log.

        The default probe uses this supervisor's ``transport``, so tests can swap the network.
        """
        probe = ready or http_ok(url, self.transport)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not process.alive():
                raise StackError(
                    f"{process.name} exited with code {process.popen.returncode} while "
                    f"starting. Its log ({process.log}) ends with:\n{tail(process.log)}"
                )
            if probe():
                return
            time.sleep(0.25)
        raise StackError(
            f"{process.name} was not ready at {url} after {timeout:.0f}s. "
            f"Its log ({process.log}) ends with:\n{tail(process.log)}"
        )

    def stop_all(self, grace: float = 8.0) -> None:
        for process in reversed(self.processes):
            if process.alive():
                _signal_group(process.popen.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        for process in reversed(self.processes):
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
            if process.alive():
                _signal_group(process.popen.pid, signal.SIGKILL)
                process.popen.wait()
            # The group may hold workers that outlive their leader (sanic, tensorflow).
            _signal_group(process.popen.pid, signal.SIGKILL)
            process.pidfile.unlink(missing_ok=True)
        self.processes.clear()


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def _kill_group(pid: int) -> None:
    _signal_group(pid, signal.SIGTERM)
    for _ in range(40):
        if not _pid_alive(pid):
            return
        time.sleep(0.1)
    _signal_group(pid, signal.SIGKILL)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_ours(pid: int, name: str) -> bool:
    """True if ``pid`` is a process we started as ``name`` (guards against reused pids)."""
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return False
    return f"PREGAME_PROCESS={name}".encode() in environ.split(b"\0")
