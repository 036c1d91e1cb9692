"""`pregame doctor`: each check against a project in a temporary folder."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from pregame import doctor
from pregame.doctor import Status
from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.stale import RECORD, StaleRecord
from pregame.retrieval import store
from pregame.settings import Settings
from pregame.stack.fingerprint import model_name
from pregame.stack.processes import free_port, http_ok
from pregame.stack.status import ProcessStatus, State, write_status
from tests.support.paths import FIXTURES


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "knowledge").mkdir()
    return Settings(
        root=tmp_path,
        data_dir=Path(".pregame"),
        embedding_model=str(tmp_path / "model"),
        rasa_bin=Path(".venv-rasa/bin/rasa"),
        rasa_port=free_port(),
        action_port=free_port(),
    )


def _fake_python(settings: Settings, prints: str, code: int = 0) -> None:
    python = settings.path(settings.rasa_bin).parent / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f"#!/bin/sh\necho '{prints}'\necho 'no rasa' >&2\nexit {code}\n")
    python.chmod(python.stat().st_mode | stat.S_IEXEC)


def test_run_checks_runs_every_check_in_order(settings: Settings) -> None:
    names = [c.name for c in doctor.run_checks(settings)]
    assert names == [
        "app runtime",
        "rasa runtime",
        "embedding model",
        "playbooks",
        "chroma store",
        "rasa model",
        "ports",
        "stack",
    ]


def test_app_runtime_is_this_python(settings: Settings) -> None:
    assert doctor.app_runtime(settings).status is Status.ok


def test_rasa_runtime_missing_says_make_setup(settings: Settings) -> None:
    check = doctor.rasa_runtime(settings)
    assert check.status is Status.fail and "make setup" in check.fix


def test_rasa_runtime_versions(settings: Settings) -> None:
    _fake_python(settings, "3.10.14 3.6.21")
    check = doctor.rasa_runtime(settings)
    assert (check.status, check.detail) == (Status.ok, "Python 3.10.14, Rasa 3.6.21")


def test_rasa_runtime_on_the_wrong_python_fails(settings: Settings) -> None:
    _fake_python(settings, "3.11.2 3.6.21")
    check = doctor.rasa_runtime(settings)
    assert check.status is Status.fail and "remove .venv-rasa" in check.fix


def test_rasa_runtime_that_cannot_import_rasa_fails(settings: Settings) -> None:
    _fake_python(settings, "", code=1)
    check = doctor.rasa_runtime(settings)
    assert check.status is Status.fail and "no rasa" in check.detail


def test_embedding_model(settings: Settings) -> None:
    assert doctor.embedding_model(settings).status is Status.fail
    model = Path(settings.embedding_model)
    model.mkdir()
    (model / "config.json").write_text("{}")
    assert doctor.embedding_model(settings).status is Status.ok


def test_playbooks_none_valid_or_broken(settings: Settings) -> None:
    folder = settings.path(settings.playbooks_dir)
    assert doctor.playbooks(settings).status is Status.warn
    shutil.copy(FIXTURES / "playbooks" / "valid-minimal.yml", folder)
    assert doctor.playbooks(settings) == doctor.Check("playbooks", Status.ok, "1 valid")
    shutil.copy(FIXTURES / "playbooks" / "unknown-field.yml", folder)
    check = doctor.playbooks(settings)
    assert check.status is Status.fail and check.detail == "1 valid, 1 with errors"
    assert "pregame validate" in check.fix


def test_playbooks_apply_the_checks_validate_applies(settings: Settings) -> None:
    """A playbook whose knowledge references do not resolve fails here as in `validate`."""
    shutil.copy(FIXTURES / "playbooks" / "bad-reference.yml", settings.path(settings.playbooks_dir))
    assert doctor.playbooks(settings).status is Status.fail


def _clock(path: Path) -> str:
    return dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%H:%M")


def test_playbooks_say_when_the_running_bot_serves_an_older_version(settings: Settings) -> None:
    """The bot's library (in another process in production) records the broken file it keeps
    the last good version of; doctor shows it with the error, while that process runs."""
    folder = settings.path(settings.playbooks_dir)
    path = folder / "minimal.yml"
    shutil.copy(FIXTURES / "playbooks" / "valid-minimal.yml", path)
    bot = PlaybookLibrary(folder, on_stale=StaleRecord(settings.run_dir / RECORD))
    bot.refresh()
    served = _clock(path)
    path.write_text(path.read_text().replace("do: Agree", "doo: Agree"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 60_000_000_000))
    bot.refresh()
    check = doctor.playbooks(settings)
    assert check.status is Status.fail
    assert check.detail == (
        "0 valid, 1 with errors\n      "
        f"playbooks/minimal.yml is broken since {_clock(path)}; the bot still serves the version "
        f"from {served}: 21:9: phases[0].steps[0].doo: unknown field 'doo'; did you mean 'do'?"
    )
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    StaleRecord(settings.run_dir / RECORD, pid=int(gone.stdout))(bot.stale())
    assert doctor.playbooks(settings).detail == "0 valid, 1 with errors", "no bot, nothing served"


def test_chroma_store_not_indexed_then_indexed(settings: Settings) -> None:
    check = doctor.chroma_store(settings)
    assert check.status is Status.warn and "pregame index" in check.fix
    client = store.open_client(settings.chroma_dir)
    client.get_or_create_collection(store.KNOWLEDGE).add(
        ids=["a"], documents=["a passage"], embeddings=np.array([[0.1, 0.2]], dtype=np.float32)
    )
    check = doctor.chroma_store(settings)
    assert check.status is Status.ok and "knowledge: 1 chunks" in check.detail


def test_chroma_server_that_does_not_answer_fails(settings: Settings) -> None:
    unreachable = settings.model_copy(
        update={"chroma_host": "127.0.0.1", "chroma_port": free_port()}
    )
    check = doctor.chroma_store(unreachable)
    assert check.status is Status.fail and "PREGAME_CHROMA_HOST" in check.fix


def test_rasa_model_matches_the_training_data(settings: Settings) -> None:
    assert doctor.rasa_model(settings).status is Status.warn
    models = settings.path(settings.models_dir)
    models.mkdir()
    (models / f"{model_name(settings.root)}.tar.gz").write_bytes(b"")
    assert doctor.rasa_model(settings).status is Status.ok


@pytest.fixture
def listening(settings: Settings) -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind((settings.host, settings.rasa_port))
        sock.listen()
        yield settings.rasa_port


def test_ports_free(settings: Settings) -> None:
    assert doctor.ports(settings).status is Status.ok


def test_ports_in_use_warn(settings: Settings, listening: int) -> None:
    check = doctor.ports(settings)
    assert check.status is Status.warn and str(listening) in check.detail


def test_no_running_stack_is_fine(settings: Settings) -> None:
    check = doctor.running_stack(settings)
    assert check.status is Status.ok and "not running" in check.detail


def _http_server(tmp_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 20
    while not http_ok(url)():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    return server, url


def test_a_running_stack_is_checked_process_by_process(settings: Settings, tmp_path: Path) -> None:
    server, url = _http_server(tmp_path)
    status = settings.run_dir / "status.json"
    try:
        up = ProcessStatus("rasa", server.pid, State.up, 0, time.time(), url)
        write_status(status, [up])
        check = doctor.running_stack(settings)
        assert check.status is Status.ok and "rasa up and answering" in check.detail
        assert "in use by the running stack" in doctor.ports(settings).detail
        restarting = ProcessStatus("actions", 1, State.restarting, 1, time.time(), url)
        write_status(status, [up, restarting])
        check = doctor.running_stack(settings)
        assert check.status is Status.warn and "actions: restarting" in check.detail
        failed = ProcessStatus("actions", 1, State.failed, 4, time.time(), url, "exit code 1")
        write_status(status, [up, failed])
        check = doctor.running_stack(settings)
        assert check.status is Status.fail and "last exit: exit code 1" in check.detail
        assert "pregame status" in check.fix
    finally:
        server.kill()
        server.wait()
    write_status(status, [up])
    check = doctor.running_stack(settings)
    assert check.status is Status.warn and "does not answer" in check.detail


def test_a_stack_whose_supervisor_died_is_not_running(settings: Settings) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    up = ProcessStatus("rasa", 1, State.up, 0, time.time(), "")
    write_status(settings.run_dir / "status.json", [up], pid=int(gone.stdout))
    assert "not running" in doctor.running_stack(settings).detail
