"""Start, watch, restart and stop child processes; nothing is left running after Ctrl-C.

A :class:`Supervisor` owns its children. Once a child has been ready, a watcher thread restarts
it at once when it dies (crash, SIGKILL, OOM), with the same command and environment, and
reports that; a child that keeps dying backs off and, after ``RestartPolicy.max_quick_deaths``
quick deaths, is reported failed instead of being restarted forever. Every child is reaped (no
``<defunct>``). The state of each child is kept in ``status.json`` in the run folder
(:mod:`pregame.stack.status`) for ``pregame status`` and ``pregame doctor``.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from pregame.stack.groups import is_ours, kill_group, signal_group, spawn, terminate
from pregame.stack.status import ProcessStatus, State, write_status


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

Say = Callable[[str], None]


def http_ok(url: str, transport: httpx.BaseTransport | None = None) -> Probe:
    """A probe: ``url`` answers HTTP 200 (within 2 s)."""

    def probe() -> bool:
        try:
            with httpx.Client(transport=transport, timeout=2.0) as http:
                return http.get(url).status_code == 200
        except httpx.HTTPError:
            return False

    return probe


def http_answers(url: str, transport: httpx.BaseTransport | None = None) -> Probe:
    """A probe: ``url`` answers HTTP at all (any status below 500, e.g. 401 without a token)."""

    def probe() -> bool:
        try:
            with httpx.Client(transport=transport, timeout=2.0) as http:
                return http.get(url).status_code < 500
        except httpx.HTTPError:
            return False

    return probe


def exit_reason(returncode: int | None) -> str:
    """``exit code 3`` or ``killed by SIGKILL`` (Popen reports a signal as a negative code)."""
    if returncode is not None and returncode < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-returncode).name}"
        return f"killed by signal {-returncode}"
    return f"exit code {returncode}"


@dataclass(frozen=True)
class RestartPolicy:
    """When to restart a child that died after it was ready.

    The first death is restarted at once. A death within ``stable_after`` seconds of the last
    (re)start is *quick*; consecutive quick deaths wait ``base * 2**(n-2)`` seconds (capped at
    ``cap``) before the next start, and the ``max_quick_deaths``-th is reported failed.
    Hand-written: a retry library (tenacity) retries a call that raises; this is a watcher
    reacting to exits, and the whole policy is these four numbers.
    """

    max_quick_deaths: int = 5
    stable_after: float = 60.0
    base: float = 1.0
    cap: float = 30.0

    def delay(self, quick_deaths: int) -> float:
        return 0.0 if quick_deaths <= 1 else min(self.cap, self.base * 2 ** (quick_deaths - 2))


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    pidfile: Path
    cmd: list[str] = field(default_factory=list)
    cwd: Path = Path(".")
    env: dict[str, str] = field(default_factory=dict)
    state: State = State.starting
    since: float = field(default_factory=time.time)
    started: float = field(default_factory=time.monotonic)
    restarts: int = 0
    quick_deaths: int = 0
    last_exit: str = ""
    url: str = ""
    probe: Probe | None = None
    restart_at: float = 0.0

    def alive(self) -> bool:
        return self.popen.poll() is None

    def status(self) -> ProcessStatus:
        return ProcessStatus(
            name=self.name,
            pid=self.popen.pid,
            state=self.state,
            restarts=self.restarts,
            since=self.since,
            url=self.url,
            last_exit=self.last_exit,
        )


@dataclass
class Supervisor:
    """Owns child processes. Each runs in its own session so the whole group can be killed.

    ``say`` and ``warn`` get what the user should know (a child back up; a child that died or
    failed); ``warn`` lines also go to ``stack.log`` in the run folder with a timestamp.
    """

    run_dir: Path
    processes: list[Process] = field(default_factory=list)
    transport: httpx.BaseTransport | None = None
    policy: RestartPolicy = field(default_factory=RestartPolicy)
    say: Say | None = None
    warn: Say | None = None
    interval: float = 0.2
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _watcher: threading.Thread | None = field(default=None, repr=False)

    @property
    def status_file(self) -> Path:
        return self.run_dir / "status.json"

    @property
    def stack_log(self) -> Path:
        return self.run_dir / "stack.log"

    def reclaim_stale(self) -> list[str]:
        """Stop servers a previous run left behind (it crashed or was killed with -9)."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        stopped = []
        for pidfile in self.run_dir.glob("*.pid"):
            with contextlib.suppress(ValueError, OSError):
                pid = int(pidfile.read_text().strip())
                if is_ours(pid, pidfile.stem):
                    kill_group(pid)
                    stopped.append(f"{pidfile.stem} (pid {pid})")
            pidfile.unlink(missing_ok=True)
        return stopped

    def start(self, name: str, cmd: Sequence[str], *, cwd: Path, env: dict[str, str]) -> Process:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        log = self.run_dir / f"{name}.log"
        env = {**env, "PREGAME_PROCESS": name}
        popen = spawn(list(cmd), cwd, env, log)
        pidfile = self.run_dir / f"{name}.pid"
        pidfile.write_text(str(popen.pid))
        process = Process(name, popen, log, pidfile, list(cmd), cwd, env)
        with self._lock:
            self.processes.append(process)
            self._publish()
        self._ensure_watcher()
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
        Once ready, the process is supervised: it is restarted when it dies, and the same
        probe (or, if it fails, ``url``) tells when a restarted one is ready again.
        """
        probe = ready or http_ok(url, self.transport)
        with self._lock:
            process.url = url
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not process.alive():
                with self._lock:
                    self._set(process, State.failed, exit_reason(process.popen.returncode))
                raise StackError(
                    f"{process.name} exited with code {process.popen.returncode} while "
                    f"starting. Its log ({process.log}) ends with:\n{tail(process.log)}"
                )
            if probe():
                self.mark_ready(process, probe)
                return
            time.sleep(0.25)
        raise StackError(
            f"{process.name} was not ready at {url} after {timeout:.0f}s. "
            f"Its log ({process.log}) ends with:\n{tail(process.log)}"
        )

    def mark_ready(self, process: Process, probe: Probe) -> None:
        """``process`` is serving; from now on it is restarted when it dies."""
        with self._lock:
            process.probe = probe
            if process.state is State.starting:
                self._set(process, State.up)

    def all_up(self) -> bool:
        with self._lock:
            return all(p.state is State.up for p in self.processes)

    def down(self) -> list[Process]:
        """Processes that were up and are now restarting or failed (not start failures)."""
        with self._lock:
            return [
                p
                for p in self.processes
                if p.state is State.restarting or (p.state is State.failed and p.restarts)
            ]

    def check(self) -> None:
        """One round of supervision: reap, restart, notice recoveries (the watcher's job)."""
        with self._lock:
            for process in list(self.processes):
                self._check(process)

    def stop(self, process: Process, grace: float = 8.0) -> None:
        """Stop one child (and its group) for good."""
        with self._lock:
            if process in self.processes:
                self.processes.remove(process)
            _stop_for_good([process], grace)
            self._publish()
            last = not self.processes
        if last:
            self.stop_all(grace)

    def stop_watching(self) -> None:
        """Stop restarting children (they keep running); ``start`` watches again."""
        self._stop.set()
        if self._watcher is not None and self._watcher is not threading.current_thread():
            self._watcher.join(timeout=5)
        self._watcher = None

    def stop_all(self, grace: float = 8.0) -> None:
        self.stop_watching()
        with self._lock:
            _stop_for_good(list(reversed(self.processes)), grace)
            self.processes.clear()
            self.status_file.unlink(missing_ok=True)
        self._stop.clear()

    # -- supervision -------------------------------------------------------------------------

    def _ensure_watcher(self) -> None:
        if self._watcher is None or not self._watcher.is_alive():
            self._stop.clear()
            self._watcher = threading.Thread(
                target=self._watch, name="pregame-supervisor", daemon=True
            )
            self._watcher.start()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval):
            self.check()

    def _check(self, process: Process) -> None:
        if process.state is State.starting or process.state is State.failed:
            if process.state is State.failed or process.alive():
                return
            # Died before it was ever ready: a start failure (``wait_ready`` reports it).
            self._set(process, State.failed, exit_reason(process.popen.returncode))
            return
        if process.alive():
            if process.state is State.restarting and self._ready_again(process):
                self._set(process, State.up)
                self._tell(
                    self.say,
                    f"{process.name} is back up (restart {process.restarts}, pid "
                    f"{process.popen.pid}).",
                )
            return
        if process.state is State.up or process.restart_at == 0.0:
            self._died(process)
        if process.state is State.restarting and time.monotonic() >= process.restart_at:
            self._respawn(process)

    def _died(self, process: Process) -> None:
        reason = exit_reason(process.popen.returncode)
        signal_group(process.popen.pid, signal.SIGKILL)  # workers that outlive their leader
        quick = time.monotonic() - process.started < self.policy.stable_after
        process.quick_deaths = process.quick_deaths + 1 if quick else 1
        ends = tail(process.log, 10)
        if process.quick_deaths >= self.policy.max_quick_deaths:
            process.pidfile.unlink(missing_ok=True)
            self._tell(
                self.warn,
                f"{process.name} (pid {process.popen.pid}) died ({reason}) "
                f"{process.quick_deaths} times in a row soon after starting; not restarting "
                f"it: it is DOWN. Its log ({process.log}) ends with:\n{ends}",
            )
            self._set(process, State.failed, reason)
            return
        delay = self.policy.delay(process.quick_deaths)
        process.restart_at = time.monotonic() + delay
        self._set(process, State.restarting, reason)
        when = "now" if delay == 0 else f"in {delay:g}s"
        self._tell(
            self.warn,
            f"{process.name} (pid {process.popen.pid}) died ({reason}); restarting it {when} "
            f"(restart {process.restarts + 1}). Its log ({process.log}) ends with:\n{ends}",
        )

    def _respawn(self, process: Process) -> None:
        previous = process.log.with_name(process.log.name + ".1")
        with contextlib.suppress(OSError):
            process.log.replace(previous)
        process.popen = spawn(process.cmd, process.cwd, process.env, process.log)
        process.pidfile.write_text(str(process.popen.pid))
        process.started = time.monotonic()
        process.restart_at = 0.0
        process.restarts += 1
        self._set(process, State.restarting, process.last_exit)

    def _ready_again(self, process: Process) -> bool:
        if process.probe is not None:
            try:
                return process.probe()
            except Exception:  # a probe whose client was closed: fall back to the url
                process.probe = None
        return bool(process.url) and http_answers(process.url, self.transport)()

    def _set(self, process: Process, state: State, last_exit: str | None = None) -> None:
        if process.state is not state:
            process.since = time.time()
        process.state = state
        if last_exit is not None:
            process.last_exit = last_exit
        self._publish()

    def _publish(self) -> None:
        with contextlib.suppress(OSError):
            write_status(self.status_file, [p.status() for p in self.processes])

    def _tell(self, to: Say | None, message: str) -> None:
        if to is self.warn:
            stamp = time.strftime("%Y-%m-%d %H:%M:%S")
            with contextlib.suppress(OSError), self.stack_log.open("a") as out:
                out.write(f"{stamp} {message}\n")
        if to is not None:
            with contextlib.suppress(Exception):  # reporting never stops supervision
                to(message)


def _stop_for_good(processes: list[Process], grace: float) -> None:
    terminate([p.popen for p in processes], grace)
    for process in processes:
        process.pidfile.unlink(missing_ok=True)
        process.state = State.stopped
