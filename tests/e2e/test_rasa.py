"""Rasa's own checks on the training data and the test stories, with the real trained model."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pregame.settings import Settings
from pregame.stack.rasa import child_env, rasa_bin, train
from tests.support.paths import ROOT

pytestmark = pytest.mark.e2e


def _rasa(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(rasa_bin(Settings(root=ROOT))), *args],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_training_data_validates() -> None:
    result = _rasa(
        "data",
        "validate",
        "--domain",
        "bot/domain.yml",
        "--data",
        "bot/data",
        "--config",
        "config.yml",
        "--fail-on-warnings",
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_test_stories_have_no_prediction_errors(tmp_path: Path) -> None:
    model = train(Settings(root=ROOT)).model
    result = _rasa(
        "test",
        "core",
        "--stories",
        "tests/stories",
        "--model",
        str(model),
        "--out",
        str(tmp_path),
        "--fail-on-prediction-errors",
    )
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text() if failed.exists() else result.stdout[-3000:]
    assert result.returncode == 0, details
