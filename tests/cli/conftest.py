from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from pregame.cli import Wiring
from pregame.playbook.library import PlaybookLibrary
from pregame.services import Services
from pregame.settings import Settings
from tests.support.fakes import HashingEmbedder


@pytest.fixture
def fake_services(project: Path, chroma: Any) -> Wiring:
    """Commands wired to the project copy, an in-memory store and the hashing embedder."""
    settings = Settings(root=project, data_dir=Path(f".pregame-{uuid.uuid4().hex[:6]}"))
    library = PlaybookLibrary(project / "playbooks")
    library.refresh()
    services = Services(settings, HashingEmbedder(), chroma, library)
    return Wiring(settings=lambda: settings, services=lambda _settings: services)
