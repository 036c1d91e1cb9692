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


@pytest.mark.parametrize(
    ("args", "first", "rep"),
    [
        (["learn"], "learn", None),
        (["learn", "negotiation", "--rep", "U012ABCDEF"], "learn negotiation", "U012ABCDEF"),
        (["practice", "negotiation", "with", "a", "CFO"], "practice negotiation with a CFO", None),
    ],
)
def test_learn_and_practice_open_the_chat_with_their_first_message(
    monkeypatch: pytest.MonkeyPatch, args: list[str], first: str, rep: str | None
) -> None:
    import getpass

    from pregame.chat import terminal

    opened: list[tuple[str, str | None]] = []

    def interactive(
        client: object, sender: str, read: object = None, first: str | None = None
    ) -> None:
        opened.append((sender, first))

    monkeypatch.setattr(terminal, "interactive", interactive)
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert opened == [(rep or getpass.getuser(), first)]
