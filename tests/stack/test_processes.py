from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from pregame.stack.processes import StackError, Supervisor, free_port, port_in_use

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
    reclaimed = Supervisor(tmp_path).reclaim_stale()
    process.popen.wait(timeout=10)
    assert reclaimed == [f"web (pid {process.popen.pid})"]
    assert not port_in_use(port)


def test_pidfile_of_an_unrelated_process_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "web.pid").write_text(str(os.getpid()))
    assert Supervisor(tmp_path).reclaim_stale() == []
