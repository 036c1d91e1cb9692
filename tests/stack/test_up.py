"""`pregame up`'s loop: start, report, stop cleanly on a signal."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest

from pregame.settings import Settings
from pregame.stack import up
from pregame.stack.fingerprint import model_name
from pregame.stack.processes import RestartPolicy, StackError, Supervisor, free_port
from pregame.stack.signals import STOP_SIGNALS
from pregame.stack.stack import Endpoints


@pytest.fixture
def restore_handlers() -> Iterator[None]:
    saved = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


class FakeStack:
    def __init__(self, run_dir: Path, fail: bool = False) -> None:
        self.supervisor = Supervisor(run_dir)
        self.fail = fail
        self.running = False
        self.stopped = False

    def __enter__(self) -> Endpoints:
        if self.fail:
            raise StackError("rasa exited with code 1 while starting")
        self.running = True
        return Endpoints("http://127.0.0.1:1", "http://127.0.0.1:2/webhook")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.running = False
        self.stopped = True


def test_up_runs_until_terminated_and_stops_the_stack(
    restore_handlers: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    stack = FakeStack(tmp_path)
    monkeypatch.setattr(up, "start_stack", lambda settings, say, warn: stack)
    said: list[str] = []

    def say(line: str) -> None:
        said.append(line)
        if line.startswith("Pregame is up"):
            threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGTERM)).start()

    up.run_up(Settings(root=tmp_path), slack=None, say=say, warn=said.append, tick=0.05)
    assert stack.stopped and not stack.running
    assert said == [
        "Pregame is up: REST channel at http://127.0.0.1:1/webhooks/rest/webhook. Ctrl-C to stop.",
        "Stopped.",
    ]


def test_up_raises_when_a_server_cannot_start(
    restore_handlers: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        up, "start_stack", lambda settings, say, warn: FakeStack(tmp_path, fail=True)
    )
    with pytest.raises(StackError, match="exited with code 1"):
        up.run_up(Settings(root=tmp_path), slack=None, say=print, warn=print)


def test_start_stack_uses_the_current_model(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = Settings(root=tmp_path, models_dir=Path("models"))
    models = tmp_path / "models"
    models.mkdir()
    model = models / f"{model_name(tmp_path)}.tar.gz"
    model.write_bytes(b"")
    said: list[str] = []
    stack = up.start_stack(settings, said.append)
    assert stack.model == model and not stack.supervisor.processes, "nothing runs yet"
    assert said and model.name in said[0]


def test_up_says_when_a_server_is_down_and_when_it_is_back(tmp_path: Path) -> None:
    supervisor = Supervisor(tmp_path, policy=RestartPolicy(base=0.1))
    port = free_port()
    server = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
    process = supervisor.start("rasa", server, cwd=tmp_path, env=dict(os.environ))
    said: list[str] = []
    warned: list[str] = []
    try:
        supervisor.wait_ready(process, f"http://127.0.0.1:{port}/", timeout=20)
        assert up.report_health(supervisor, True, "REST", say=said.append, warn=warned.append)
        supervisor.stop_watching()  # step by hand: kill, then look before the restart
        os.kill(process.popen.pid, signal.SIGKILL)
        process.popen.wait(10)
        supervisor.check()
        assert not up.report_health(supervisor, True, "REST", say=said.append, warn=warned.append)
        assert warned == [
            "Pregame is NOT fully up: rasa restarting. `pregame status` shows the details."
        ]
        deadline = time.monotonic() + 20
        while supervisor.down():
            assert time.monotonic() < deadline
            supervisor.check()
            time.sleep(0.1)
        assert up.report_health(supervisor, False, "REST", say=said.append, warn=warned.append)
        assert said == ["Pregame is up again: REST."]
    finally:
        supervisor.stop_all()


@pytest.mark.model
def test_sync_index_indexes_what_changed_before_the_actions_start(tmp_path: Path) -> None:
    (tmp_path / "knowledge").mkdir()
    (tmp_path / "knowledge" / "pricing.md").write_text(
        "# Pricing\n\nThe enterprise plan includes a 99.9% uptime commitment.\n"
    )
    (tmp_path / "playbooks").mkdir()
    settings = Settings(root=tmp_path, data_dir=tmp_path / "data")
    said: list[str] = []
    warned: list[str] = []

    up.sync_index(settings, said.append, warned.append)

    assert not warned and said == [
        "Syncing the knowledge index (only changed files are embedded)..."
    ]
    assert (tmp_path / "data" / "chroma").is_dir(), "the index is written where the bot reads it"


def test_a_failed_index_sync_warns_and_the_bot_still_starts(tmp_path: Path) -> None:
    (tmp_path / "knowledge").mkdir()
    (tmp_path / "knowledge" / "pricing.md").write_text("# Pricing\n\nPlans and prices.\n")
    settings = Settings(
        root=tmp_path, data_dir=tmp_path / "data", embedding_model=str(tmp_path / "no-model")
    )
    warned: list[str] = []

    up.sync_index(settings, print, warned.append)

    assert len(warned) == 1 and "Indexing failed" in warned[0] and "pregame index" in warned[0]


def test_start_stack_syncs_the_index_between_rasa_and_the_actions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = Settings(root=tmp_path, models_dir=Path("models"))
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / f"{model_name(tmp_path)}.tar.gz").write_bytes(b"")
    synced: list[Settings] = []
    monkeypatch.setattr(up, "sync_index", lambda s, say, warn: synced.append(s))

    stack = up.start_stack(settings, print, print)
    assert stack.before_actions is not None and not synced, "nothing runs before start"
    stack.before_actions()
    assert synced == [settings]
    assert up.start_stack(settings, print).before_actions is None  # the demo indexes itself
