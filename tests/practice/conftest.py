from __future__ import annotations

from pathlib import Path

import pytest

from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.schema import Playbook
from pregame.retrieval.onnx_embedder import OnnxEmbedder
from pregame.settings import Settings
from tests.support.paths import ROOT


@pytest.fixture(scope="session")
def playbooks() -> dict[str, Playbook]:
    """The project's own playbooks (read only)."""
    library = PlaybookLibrary(ROOT / "playbooks")
    library.refresh()
    return {p.id: p for p in library.playbooks()}


@pytest.fixture(scope="session")
def b2b(playbooks: dict[str, Playbook]) -> Playbook:
    return playbooks["b2b-buyer-experience"]


@pytest.fixture(scope="session")
def real_embedder(tmp_path_factory: pytest.TempPathFactory) -> OnnxEmbedder:
    """The embedder the product uses by default (the shipped model, ONNX int8), exported once
    into a temporary folder: the scorer's thresholds were calibrated with it."""
    return OnnxEmbedder(Settings().model_path(), Path(tmp_path_factory.mktemp("onnx")))
