from __future__ import annotations

import stat
from pathlib import Path

from pregame.stack.secrets import stack_secrets


def test_tokens_are_made_once_and_private(tmp_path: Path) -> None:
    first = stack_secrets(tmp_path)
    again = stack_secrets(tmp_path)
    assert first == again
    assert len(first.rasa_token) >= 32 and first.rasa_token != first.action_token
    for name in ("rasa_token", "action_token"):
        mode = (tmp_path / "secrets" / name).stat().st_mode
        assert stat.S_IMODE(mode) == 0o600
    assert stat.S_IMODE((tmp_path / "secrets").stat().st_mode) == 0o700
