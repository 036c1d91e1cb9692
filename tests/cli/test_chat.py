"""`pregame ask` and `chat`."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from pregame.cli import app

runner = CliRunner()


def test_ask_without_a_running_bot_says_how_to_start_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from pregame.stack.processes import free_port

    monkeypatch.setenv("PREGAME_RASA_PORT", str(free_port()))
    result = runner.invoke(app, ["ask", "hello"])
    assert result.exit_code == 1
    assert "pregame up" in result.output
