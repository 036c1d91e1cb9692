"""Builds the long-lived objects (store, embedder, library, coach) from settings.

Everything is constructed here, at an entry point, and handed down: no module holds a
connection at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pregame.coach.coach import Coach
from pregame.coach.objections import ObjectionMatcher
from pregame.coach.situations import PhaseMatcher
from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.loader import Check
from pregame.playbook.references import knowledge_references
from pregame.playbook.stale import RECORD as STALE_RECORD
from pregame.playbook.stale import StaleRecord
from pregame.retrieval import store
from pregame.retrieval.catalog import KnowledgeCatalog
from pregame.retrieval.chunks import ChunkSize
from pregame.retrieval.embeddings import Embedder
from pregame.retrieval.freshness import Freshness
from pregame.retrieval.onnx_embedder import OnnxEmbedder
from pregame.retrieval.playbook_index import reindex_in_background
from pregame.retrieval.search import ChromaSearcher, Mode
from pregame.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI


class Services:
    """The parts every command and the action server share, built once from the settings.

    ``catalog`` (the knowledge documents) defaults to one over the settings' knowledge folder;
    pass the one the library's checks use, so both see the same documents.
    """

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        client: ClientAPI,
        library: PlaybookLibrary,
        chunking: ChunkSize | None = None,
        catalog: KnowledgeCatalog | None = None,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.client = client
        self.library = library
        self.chunking = chunking or ChunkSize()
        self.catalog = catalog or KnowledgeCatalog(settings.path(settings.knowledge_dir))

    def collection(self, name: str) -> store.ChunkCollection:
        return store.collection(self.client, name, self.embedder.name)

    def searcher(self, name: str = store.KNOWLEDGE, mode: Mode = "hybrid") -> ChromaSearcher:
        """Hybrid (dense + BM25) search with the relevance floor and the answer confidence
        threshold from the settings."""
        return ChromaSearcher(
            self.collection(name),
            self.embedder,
            self.settings.relevance_floor,
            mode=mode,
            confidence=self.settings.answer_confidence,
        )

    def objection_matcher(self) -> ObjectionMatcher:
        settings = self.settings
        return ObjectionMatcher(
            self.embedder,
            sure=settings.objection_floor,
            maybe=settings.objection_maybe,
            likely=settings.objection_likely,
            clear=settings.objection_lead,
        )

    def coach(self) -> Coach:
        return Coach(
            library=self.library,
            knowledge=self.searcher(store.KNOWLEDGE),
            plays=self.searcher(store.PLAYBOOKS),
            catalog=self.catalog,
            objections=self.objection_matcher(),
            freshness=Freshness(self.settings.review_days),
            situations=PhaseMatcher(self.embedder),
        )


def playbook_checks(settings: Settings, catalog: KnowledgeCatalog | None = None) -> list[Check]:
    """The checks `pregame validate` applies and the running bot loads playbooks through:
    every knowledge reference must name a document in the knowledge folder.

    Without ``catalog``, one is built over the settings' knowledge folder and read now; a
    catalog passed in is used as it is (its owner refreshes it).
    """
    if catalog is None:
        catalog = KnowledgeCatalog(settings.path(settings.knowledge_dir))
        catalog.refresh()
    return [knowledge_references(catalog)]


def default_embedder(settings: Settings) -> Embedder:
    """The embedding model run by ONNX Runtime (int8 unless the settings say fp32), exported
    once into the data folder."""
    return OnnxEmbedder(
        settings.model_path(),
        settings.path(settings.data_dir) / "onnx",
        quantize=settings.embedding_precision == "int8",
    )


def build_services(
    settings: Settings,
    embedder: Embedder | None = None,
    client: ClientAPI | None = None,
    *,
    watch_playbooks: bool = False,
) -> Services:
    """Build the services, with the knowledge catalog and the playbook library read once.

    The library loads playbooks through :func:`playbook_checks`; with ``watch_playbooks`` (the
    running bot) the playbooks are re-indexed for search (in the background) after this first
    read and after every refresh that changes one, and the broken files it serves an older
    version of are recorded in the run folder for `pregame doctor` and `pregame validate`.
    """
    if embedder is None:
        embedder = default_embedder(settings)
    if client is None:
        client = store.open_client(
            settings.chroma_dir, host=settings.chroma_host, port=settings.chroma_port
        )
    catalog = KnowledgeCatalog(settings.path(settings.knowledge_dir))
    library = PlaybookLibrary(
        settings.path(settings.playbooks_dir), checks=playbook_checks(settings, catalog)
    )
    chunking = ChunkSize.for_model(Path(settings.model_path()))
    services = Services(settings, embedder, client, library, chunking, catalog)
    if watch_playbooks:
        library.on_change = reindex_in_background(
            services.collection(store.PLAYBOOKS), embedder, settings.root
        )
        library.on_stale = StaleRecord(settings.run_dir / STALE_RECORD)
    catalog.refresh()
    library.refresh()
    return services
