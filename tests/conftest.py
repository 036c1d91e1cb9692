from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromadb.api import ClientAPI

from pregame.coach.coach import Coach
from pregame.coach.objections import ObjectionMatcher
from pregame.indexing import index_default
from pregame.playbook.library import PlaybookLibrary
from pregame.retrieval import store
from pregame.retrieval.catalog import KnowledgeCatalog
from pregame.retrieval.search import ChromaSearcher
from pregame.services import Services, playbook_checks
from pregame.settings import Settings
from tests.support.fakes import HashingEmbedder
from tests.support.paths import ROOT


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture
def chroma() -> Iterator[ClientAPI]:
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
def services(project: Path, embedder: HashingEmbedder, chroma: ClientAPI) -> Services:
    """Services over the project copy, indexed, with the catalog and library read once."""
    settings = Settings(
        root=project,
        relevance_floor=0.2,
        objection_floor=0.5,
        data_dir=Path(f".pregame-{uuid.uuid4().hex[:6]}"),
    )
    catalog = KnowledgeCatalog(project / "knowledge")
    catalog.refresh()
    library = PlaybookLibrary(project / "playbooks", checks=playbook_checks(settings, catalog))
    services = Services(settings, embedder, chroma, library, catalog=catalog)
    index_default(services)
    return services


@pytest.fixture
def coach(services: Services) -> Coach:
    settings = services.settings
    coach = Coach(
        library=services.library,
        knowledge=ChromaSearcher(
            services.collection(store.KNOWLEDGE), services.embedder, settings.relevance_floor
        ),
        catalog=services.catalog,
        objections=ObjectionMatcher(services.embedder, settings.objection_floor),
        plays=ChromaSearcher(
            services.collection(store.PLAYBOOKS), services.embedder, settings.relevance_floor
        ),
        strong_match=0.25,  # the hashing embedder scores lower than the real model
    )
    coach.refresh()  # as every action does at the start of a turn
    return coach
