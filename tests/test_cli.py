from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pregame.cli import app
from tests.support.paths import FIXTURES, ROOT

runner = CliRunner()


def test_validate_shipped_playbooks_passes() -> None:
    result = runner.invoke(app, ["validate", str(ROOT / "playbooks")])
    assert result.exit_code == 0, result.output
    assert "0 with errors" in result.output


def test_validate_broken_playbook_fails_with_location() -> None:
    path = FIXTURES / "playbooks" / "unknown-field.yml"
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:17:" in result.output
    assert "did you mean 'questions'?" in result.output


def test_validate_json_for_ci() -> None:
    result = runner.invoke(app, ["validate", "--json", str(FIXTURES / "playbooks")])
    assert result.exit_code == 1
    report = json.loads(result.output)
    by_name = {Path(f["file"]).name: f for f in report["files"]}
    assert by_name["valid-minimal.yml"]["ok"] is True
    assert by_name["duplicate-id.yml"]["problems"][0]["line"] >= 1
    assert report["errors"] == len(by_name) - 1


def test_ask_without_a_running_bot_says_how_to_start_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from pregame.stack.processes import free_port

    monkeypatch.setenv("PREGAME_RASA_PORT", str(free_port()))
    result = runner.invoke(app, ["ask", "hello"])
    assert result.exit_code == 1
    assert "pregame up" in result.output
