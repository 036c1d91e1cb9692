"""The status file `pregame up` keeps for `pregame status` and `pregame doctor`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pregame.stack.status import ProcessStatus, State, describe, read_status, write_status


def _process(state: State = State.up, **changes: object) -> ProcessStatus:
    fields: dict[str, object] = {
        "name": "rasa",
        "pid": 42,
        "state": state,
        "restarts": 0,
        "since": 1000.0,
        "url": "http://127.0.0.1:5005/status",
    }
    return ProcessStatus(**{**fields, **changes})  # type: ignore[arg-type]


def test_written_atomically_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "run" / "status.json"
    processes = [_process(), _process(State.restarting, name="actions", restarts=2)]
    write_status(path, processes)
    status = read_status(path)
    assert status is not None
    assert status.processes == processes and status.supervisor_pid == os.getpid()
    assert status.running() and not status.healthy()
    assert [p.name for p in path.parent.iterdir()] == ["status.json"], "no temporary file left"


def test_healthy_when_the_supervisor_runs_and_all_are_up(tmp_path: Path) -> None:
    path = tmp_path / "status.json"
    write_status(path, [_process(), _process(name="actions")])
    status = read_status(path)
    assert status is not None and status.healthy()


def test_a_status_left_by_a_dead_supervisor_is_not_running(tmp_path: Path) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    path = tmp_path / "status.json"
    write_status(path, [_process()], pid=int(gone.stdout))
    status = read_status(path)
    assert status is not None and not status.running() and not status.healthy()


def test_missing_or_garbled_files_read_as_none(tmp_path: Path) -> None:
    assert read_status(tmp_path / "status.json") is None
    (tmp_path / "status.json").write_text("{not json")
    assert read_status(tmp_path / "status.json") is None
    (tmp_path / "status.json").write_text('{"processes": []}')
    assert read_status(tmp_path / "status.json") is None


def test_describe_for_people() -> None:
    failed = _process(State.failed, restarts=4, last_exit="killed by SIGKILL")
    assert describe(failed, now=1125.0) == (
        "rasa: failed (pid 42, 4 restarts, for 2m 5s, at http://127.0.0.1:5005/status, "
        "last exit: killed by SIGKILL)"
    )
    assert describe(_process(last_exit="exit code 1"), now=1003.0) == (
        "rasa: up (pid 42, 0 restarts, for 3s, at http://127.0.0.1:5005/status)"
    )
