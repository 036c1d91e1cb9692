from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pregame.stack.processes import (
    RestartPolicy,
    StackError,
    Supervisor,
    exit_reason,
    free_port,
    http_ok,
    port_in_use,
)
from pregame.stack.status import ProcessStatus, State, read_status

SERVER = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1"]
# A parent that starts a grandchild: stopping must take the whole group down.
PARENT = [
    sys.executable,
    "-c",
    "import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', "
    "'import time; time.sleep(600)']); time.sleep(600)",
]


def _gone(pid: int, within: float = 10.0) -> bool:
    """True once ``pid`` has exited (a zombie counts: it no longer runs)."""
    deadline = time.monotonic() + within
    while True:
        try:
            os.kill(pid, 0)
            if "State:\tZ" in Path(f"/proc/{pid}/status").read_text():
                return True
        except (ProcessLookupError, FileNotFoundError):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def _children(pid: int, within: float = 20.0) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    deadline = time.monotonic() + within
    while not (found := [int(c) for c in path.read_text().split()]):
        assert time.monotonic() < deadline, "the child process never started"
        time.sleep(0.05)
    return found


def test_start_ready_and_stop_frees_the_port(tmp_path: Path) -> None:
    supervisor = Supervisor(tmp_path)
    port = free_port()
    process = supervisor.start("web", [*SERVER, str(port)], cwd=tmp_path, env=dict(os.environ))
    supervisor.wait_ready(process, f"http://127.0.0.1:{port}/", timeout=20)
    assert port_in_use(port)
    supervisor.stop_all()
    assert not port_in_use(port)
    assert not (tmp_path / "web.pid").exists()


def test_stop_kills_grandchildren(tmp_path: Path) -> None:
    supervisor = Supervisor(tmp_path)
    process = supervisor.start("tree", PARENT, cwd=tmp_path, env=dict(os.environ))
    (child,) = _children(process.popen.pid)
    supervisor.stop_all()
    assert _gone(child)


def test_crash_during_start_reports_the_log(tmp_path: Path) -> None:
    supervisor = Supervisor(tmp_path)
    crash = [sys.executable, "-c", "import sys; print('boom: bad config'); sys.exit(3)"]
    process = supervisor.start("crash", crash, cwd=tmp_path, env=dict(os.environ))
    with pytest.raises(StackError, match=r"exited with code 3(.|\n)*boom: bad config"):
        supervisor.wait_ready(process, f"http://127.0.0.1:{free_port()}/", timeout=20)
    supervisor.stop_all()


def test_stale_servers_from_a_killed_run_are_reclaimed(tmp_path: Path) -> None:
    first = Supervisor(tmp_path)
    port = free_port()
    process = first.start("web", [*SERVER, str(port)], cwd=tmp_path, env=dict(os.environ))
    first.wait_ready(process, f"http://127.0.0.1:{port}/", timeout=20)
    # The first supervisor "dies" without stopping anything; a new run cleans up.
    first.stop_watching()
    reclaimed = Supervisor(tmp_path).reclaim_stale()
    process.popen.wait(timeout=10)
    assert reclaimed == [f"web (pid {process.popen.pid})"]
    assert not port_in_use(port)


def test_pidfile_of_an_unrelated_process_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "web.pid").write_text(str(os.getpid()))
    assert Supervisor(tmp_path).reclaim_stale() == []


# -- supervision: restarts, backoff, reaping, the status file -------------------------------

FAST = RestartPolicy(max_quick_deaths=3, stable_after=30.0, base=0.1, cap=0.5)


def _wait_for(condition: Callable[[], bool], within: float = 30.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _serves(port: int) -> bool:
    return http_ok(f"http://127.0.0.1:{port}/")()


def _state(run_dir: Path, name: str) -> ProcessStatus:
    status = read_status(run_dir / "status.json")
    assert status is not None
    (found,) = [p for p in status.processes if p.name == name]
    return found


def _zombie(pid: int) -> bool:
    try:
        return "State:\tZ" in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False


def test_a_killed_server_is_restarted_reported_and_reaped(tmp_path: Path) -> None:
    warned: list[str] = []
    said: list[str] = []
    supervisor = Supervisor(tmp_path, policy=FAST, say=said.append, warn=warned.append)
    port = free_port()
    process = supervisor.start("web", [*SERVER, str(port)], cwd=tmp_path, env=dict(os.environ))
    try:
        supervisor.wait_ready(process, f"http://127.0.0.1:{port}/", timeout=20)
        assert _state(tmp_path, "web").state is State.up
        first = process.popen.pid
        os.kill(first, signal.SIGKILL)
        _wait_for(lambda: process.popen.pid != first and _serves(port))
        _wait_for(lambda: _state(tmp_path, "web").state is State.up)
        after = _state(tmp_path, "web")
        assert after.restarts == 1 and after.pid == process.popen.pid != first
        assert after.last_exit == "killed by SIGKILL"
        assert not _zombie(first), "the killed child was reaped"
        assert (tmp_path / "web.pid").read_text() == str(process.popen.pid)
        assert len(warned) == 1 and "web (pid" in warned[0] and "killed by SIGKILL" in warned[0]
        assert "restart 1" in warned[0] and "Serving HTTP" in warned[0], "the end of its log"
        assert "killed by SIGKILL" in (tmp_path / "stack.log").read_text()
        assert said == [f"web is back up (restart 1, pid {process.popen.pid})."]
    finally:
        supervisor.stop_all()
    assert not port_in_use(port)
    assert not (tmp_path / "status.json").exists()


def test_a_crash_looping_server_backs_off_and_is_reported_failed(tmp_path: Path) -> None:
    # Ready at once, then it dies after a moment, every time.
    port = free_port()
    script = (
        "import http.server, sys, threading, os, time\n"
        f"s = http.server.HTTPServer(('127.0.0.1', {port}), http.server.SimpleHTTPRequestHandler)\n"
        "threading.Thread(target=s.serve_forever, daemon=True).start()\n"
        "time.sleep(0.5); print('crashing', flush=True); os._exit(7)\n"
    )
    warned: list[str] = []
    supervisor = Supervisor(tmp_path, policy=FAST, warn=warned.append)
    process = supervisor.start("loop", [sys.executable, "-c", script], cwd=tmp_path, env={})
    try:
        supervisor.wait_ready(process, f"http://127.0.0.1:{port}/", timeout=20)
        _wait_for(lambda: _state(tmp_path, "loop").state is State.failed)
        _wait_for(lambda: len(warned) == FAST.max_quick_deaths)
        failed = _state(tmp_path, "loop")
        assert failed.restarts == FAST.max_quick_deaths - 1 and failed.last_exit == "exit code 7"
        assert "not restarting" in warned[-1] and "crashing" in warned[-1]
        assert "in 0s" not in warned[1] and "restarting it now" in warned[0]
        assert supervisor.down() == [process]
        time.sleep(3 * supervisor.interval)
        assert not process.alive() and not _zombie(process.popen.pid)
        assert process.restarts == FAST.max_quick_deaths - 1, "not restarted again"
    finally:
        supervisor.stop_all()


def test_a_process_that_fails_while_starting_is_not_restarted(tmp_path: Path) -> None:
    supervisor = Supervisor(tmp_path, policy=FAST)
    crash = [sys.executable, "-c", "raise SystemExit(4)"]
    process = supervisor.start("bad", crash, cwd=tmp_path, env={})
    try:
        _wait_for(lambda: _state(tmp_path, "bad").state is State.failed)
        assert process.restarts == 0 and _state(tmp_path, "bad").last_exit == "exit code 4"
        assert supervisor.down() == []
    finally:
        supervisor.stop_all()


def test_backoff_doubles_up_to_the_cap() -> None:
    policy = RestartPolicy(base=1.0, cap=5.0)
    assert [policy.delay(n) for n in range(1, 7)] == [0.0, 1.0, 2.0, 4.0, 5.0, 5.0]


def test_exit_reasons() -> None:
    assert exit_reason(3) == "exit code 3"
    assert exit_reason(-9) == "killed by SIGKILL"
