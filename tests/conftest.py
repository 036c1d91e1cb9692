from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

import pytest

from pregame.coach.coach import Coach
from pregame.coach.objections import ObjectionMatcher
from pregame.indexing import index_default
from pregame.playbook.library import PlaybookLibrary
from pregame.retrieval import store
from pregame.retrieval.catalog import KnowledgeCatalog
from pregame.retrieval.search import ChromaSearcher
from pregame.services import Services
from pregame.settings import Settings
from tests.support.fakes import HashingEmbedder
from tests.support.paths import ROOT


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture
def chroma() -> Any:
    """An in-memory Chroma client; collections get unique names so tests never share data."""
    client = store.open_client(None)
    yield client
    for coll in client.list_collections():
        client.delete_collection(coll.name)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's playbooks and knowledge that a test may edit."""
    for name in ("playbooks", "knowledge"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def services(project: Path, embedder: HashingEmbedder, chroma: Any) -> Services:
    settings = Settings(
        root=project,
        relevance_floor=0.2,
        objection_floor=0.5,
        data_dir=Path(f".pregame-{uuid.uuid4().hex[:6]}"),
    )
    services = Services(settings, embedder, chroma, PlaybookLibrary(project / "playbooks"))
    index_default(services)
    return services


@pytest.fixture
def coach(services: Services) -> Coach:
    settings = services.settings
    return Coach(
        library=services.library,
        knowledge=ChromaSearcher(
            services.collection(store.KNOWLEDGE), services.embedder, settings.relevance_floor
        ),
        catalog=KnowledgeCatalog(settings.root / "knowledge"),
        objections=ObjectionMatcher(services.embedder, settings.objection_floor),
        plays=ChromaSearcher(
            services.collection(store.PLAYBOOKS), services.embedder, settings.relevance_floor
        ),
        strong_match=0.25,  # the hashing embedder scores lower than the real model
    )
