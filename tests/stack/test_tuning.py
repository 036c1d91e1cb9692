"""The Rasa server's fast start: the launcher the stack runs instead of `rasa`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pregame.stack.tuning import RASA_BOOT, rasa_command, rasa_tuning_env
from tests.support.paths import ROOT

RASA = ROOT / ".venv-rasa" / "bin" / "rasa"


def test_the_command_runs_the_boot_script_with_the_runtimes_python() -> None:
    assert rasa_command(Path("/x/.venv-rasa/bin/rasa")) == [
        "/x/.venv-rasa/bin/python",
        str(RASA_BOOT),
    ]
    assert RASA_BOOT.exists()
    assert all(isinstance(v, str) for v in rasa_tuning_env().values())


@pytest.mark.skipif(not RASA.exists(), reason="no Rasa runtime")
def test_the_boot_script_behaves_as_the_rasa_cli() -> None:
    """Run as a script from our package folder, it still finds Rasa (not our stack/rasa.py)."""
    result = subprocess.run(
        [*rasa_command(RASA), "--version"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Rasa Version" in result.stdout and "3.6." in result.stdout
