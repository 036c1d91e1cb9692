from __future__ import annotations

from pathlib import Path

import pytest

from pregame.settings import Settings


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Settings read only what a test sets: no PREGAME_* from the shell, no .env here."""
    import os

    for name in list(os.environ):
        if name.startswith("PREGAME_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_defaults_are_relative_to_the_project(tmp_path: Path) -> None:
    settings = Settings()
    assert settings.root == tmp_path
    assert settings.path(settings.playbooks_dir) == tmp_path / "playbooks"
    assert settings.path(Path("/abs/dir")) == Path("/abs/dir")
    assert settings.chroma_dir == tmp_path / ".pregame" / "chroma"
    assert settings.run_dir == tmp_path / ".pregame" / "run"
    assert settings.rasa_url == "http://127.0.0.1:5005"
    assert settings.action_url == "http://127.0.0.1:5055/webhook"


def test_env_vars_and_dotenv_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("PREGAME_RASA_PORT=6006\nPREGAME_RELEVANCE_FLOOR=0.5\n")
    monkeypatch.setenv("PREGAME_HOST", "0.0.0.0")
    monkeypatch.setenv("PREGAME_RELEVANCE_FLOOR", "0.4")
    settings = Settings()
    assert settings.rasa_port == 6006 and settings.rasa_url == "http://0.0.0.0:6006"
    assert settings.relevance_floor == 0.4, "the environment wins over .env"


def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREGAME_EMBEDDING_PRECISION", "int4")
    with pytest.raises(ValueError, match="embedding_precision"):
        Settings()


def test_to_env_round_trips_for_child_processes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    settings = Settings(root=tmp_path / "project", chroma_port=9000, objection_floor=0.7)
    env = settings.to_env()
    assert env["PREGAME_ROOT"] == str(tmp_path / "project")
    assert env["PREGAME_CHROMA_PORT"] == "9000"
    assert "PREGAME_CHROMA_HOST" not in env and "PREGAME_EMBEDDING_MODEL" not in env
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert Settings() == settings


def test_model_path_is_the_setting_or_the_shipped_model(tmp_path: Path) -> None:
    assert Settings(embedding_model="/models/mine").model_path() == "/models/mine"
    shipped = Path(Settings().model_path())
    assert shipped.name and shipped.exists()
