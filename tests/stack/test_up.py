"""`pregame up`'s loop: start, report, stop cleanly on a signal."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest

from pregame.settings import Settings
from pregame.stack import up
from pregame.stack.fingerprint import model_name
from pregame.stack.processes import StackError
from pregame.stack.signals import STOP_SIGNALS
from pregame.stack.stack import Endpoints


@pytest.fixture
def restore_handlers() -> Iterator[None]:
    saved = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


class FakeStack:
    def __init__(self, fail: bool = False) -> None:
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
    stack = FakeStack()
    monkeypatch.setattr(up, "start_stack", lambda settings, say: stack)
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
    monkeypatch.setattr(up, "start_stack", lambda settings, say: FakeStack(fail=True))
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
