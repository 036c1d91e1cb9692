"""`pregame slack`, `doctor`, `train`, `up` and `demo`: exit codes and what they say."""

from __future__ import annotations

import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pregame.cli import Wiring, app
from pregame.settings import Settings
from pregame.stack.processes import free_port
from pregame.stack.signals import STOP_SIGNALS
from pregame.stack.status import ProcessStatus, State, write_status
from tests.support.paths import FIXTURES

runner = CliRunner()


@pytest.fixture
def restore_handlers() -> Iterator[None]:
    saved = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.fixture
def bare(tmp_path: Path) -> Wiring:
    """A project with no Rasa runtime, no model and no playbooks, on free ports."""
    (tmp_path / "playbooks").mkdir()
    (tmp_path / "knowledge").mkdir()
    settings = Settings(
        root=tmp_path,
        embedding_model=str(tmp_path / "model"),
        rasa_port=free_port(),
        action_port=free_port(),
    )
    return Wiring(settings=lambda: settings)


def _said(output: str) -> str:
    return " ".join(output.split())


def test_slack_without_tokens_names_them(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("BOT_TOKEN", "APP_TOKEN", "SIGNING_SECRET", "API_URL"):
        monkeypatch.delenv(f"SLACK_{name}", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env
    result = runner.invoke(app, ["slack", "--http"], env={"SLACK_BOT_TOKEN": "xoxb-1"})
    assert result.exit_code == 2
    assert "SLACK_SIGNING_SECRET" in result.output and "SLACK_BOT_TOKEN" not in result.output


def test_doctor_fails_on_a_bare_project_and_says_how_to_fix(bare: Wiring) -> None:
    result = runner.invoke(app, ["doctor"], obj=bare)
    assert result.exit_code == 1
    said = _said(result.output)
    assert "FAIL rasa runtime" in said and "fix: run `make setup`" in said
    assert "warn playbooks: no playbooks" in said


def test_train_without_the_rasa_runtime_says_make_setup(bare: Wiring) -> None:
    result = runner.invoke(app, ["train"], obj=bare)
    assert result.exit_code == 1
    assert "make setup" in _said(result.output)


def test_up_that_cannot_start_exits_with_the_reason(
    bare: Wiring, restore_handlers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pregame.cli.run.slack_args", lambda: None)
    result = runner.invoke(app, ["up"], obj=bare)
    assert result.exit_code == 1
    assert "make setup" in _said(result.output)


def test_demo_stops_at_an_invalid_playbook(bare: Wiring) -> None:
    settings = bare.settings()
    shutil.copy(FIXTURES / "playbooks" / "unknown-field.yml", settings.path(Path("playbooks")))
    result = runner.invoke(app, ["demo"], obj=bare)
    assert result.exit_code == 1
    said = _said(result.output)
    assert "1/4 validate playbooks" in said and "1 file(s), 1 with errors." in said
    assert "2/4" not in said


def test_status_without_a_running_stack(bare: Wiring) -> None:
    result = runner.invoke(app, ["status"], obj=bare)
    assert result.exit_code == 1
    assert "Pregame is not running" in _said(result.output)


def test_status_lists_each_process_and_fails_unless_all_are_up(bare: Wiring) -> None:
    status = bare.settings().run_dir / "status.json"
    up = ProcessStatus("rasa", 11, State.up, 0, time.time(), "http://127.0.0.1:1/status")
    write_status(status, [up])
    result = runner.invoke(app, ["status"], obj=bare)
    assert result.exit_code == 0
    assert "rasa: up (pid 11, 0 restarts" in _said(result.output)
    failed = ProcessStatus("actions", 12, State.failed, 4, time.time(), "", "killed by SIGKILL")
    write_status(status, [up, failed])
    result = runner.invoke(app, ["status"], obj=bare)
    assert result.exit_code == 1
    assert "actions: failed (pid 12, 4 restarts" in _said(result.output)
    assert "last exit: killed by SIGKILL" in _said(result.output)
