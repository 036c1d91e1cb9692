from __future__ import annotations

import shutil
from pathlib import Path

from pregame.stack.fingerprint import fingerprint, model_name
from tests.support.paths import ROOT


def _copy(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "config.yml", tmp_path / "config.yml")
    shutil.copytree(ROOT / "bot", tmp_path / "bot")
    return tmp_path


def test_fingerprint_changes_only_with_training_inputs(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    before = fingerprint(root)
    (root / "playbooks").mkdir()
    (root / "playbooks" / "x.yml").write_text("not training data")
    assert fingerprint(root) == before
    nlu = root / "bot" / "data" / "nlu.yml"
    nlu.write_text(nlu.read_text() + "\n")
    assert fingerprint(root) != before
    assert model_name(root).startswith("pregame-")
