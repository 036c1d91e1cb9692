from __future__ import annotations

from pathlib import Path

import pytest

from pregame.settings import Settings
from pregame.stack.fingerprint import model_name
from pregame.stack.processes import StackError
from pregame.stack.rasa import action_server_cmd, rasa_bin, rasa_server_cmd, train


def test_a_missing_rasa_runtime_says_make_setup(tmp_path: Path) -> None:
    with pytest.raises(StackError, match="make setup"):
        rasa_bin(Settings(root=tmp_path))


def test_server_command_serves_the_model_on_the_port(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path, rasa_bin=Path("rasa"))
    (tmp_path / "rasa").write_text("")
    cmd = rasa_server_cmd(settings, tmp_path / "m.tar.gz", 5998, tmp_path / "endpoints.yml", "tok")
    assert cmd[0] == str(tmp_path / "python")  # the Rasa runtime's Python, with the fast loader
    assert cmd[1].endswith("rasa_boot.py") and cmd[2:4] == ["run", "--enable-api"]
    assert "5998" in cmd and str(tmp_path / "m.tar.gz") in cmd
    assert "--auth-token=tok" in cmd  # the HTTP API is never open


def test_the_action_server_is_ours_in_one_process(tmp_path: Path) -> None:
    cmd = action_server_cmd(Settings(root=tmp_path), 5997)
    assert cmd[1:] == ["-m", "pregame.stack.action_server", "--port", "5997"]


def test_train_reuses_a_model_of_the_same_training_data(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path)
    models = tmp_path / "models"
    models.mkdir()
    model = models / f"{model_name(tmp_path)}.tar.gz"
    model.write_bytes(b"")
    result = train(settings)
    assert (result.model, result.trained) == (model, False)
