"""Builds the long-lived objects (store, embedder, library, coach) from settings.

Everything is constructed here, at an entry point, and handed down: no module holds a
connection at import time.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pregame.coach.coach import Coach
from pregame.coach.objections import ObjectionMatcher
from pregame.playbook.library import OnChange, PlaybookLibrary
from pregame.playbook.schema import Playbook
from pregame.retrieval import store
from pregame.retrieval.catalog import KnowledgeCatalog
from pregame.retrieval.chunks import ChunkSize
from pregame.retrieval.embeddings import Embedder
from pregame.retrieval.onnx_embedder import OnnxEmbedder
from pregame.retrieval.search import ChromaSearcher, Mode
from pregame.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    embedder: Embedder
    client: Any
    library: PlaybookLibrary
    chunking: ChunkSize = field(default_factory=ChunkSize)

    def collection(self, name: str) -> Any:
        return store.collection(self.client, name, self.embedder.name)

    def searcher(self, name: str = store.KNOWLEDGE, mode: Mode = "hybrid") -> ChromaSearcher:
        """Hybrid (dense + BM25) search with the relevance floor from the settings."""
        return ChromaSearcher(
            self.collection(name), self.embedder, self.settings.relevance_floor, mode=mode
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
            catalog=KnowledgeCatalog(self.settings.path(self.settings.knowledge_dir)),
            objections=self.objection_matcher(),
        )


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
    client: Any | None = None,
    *,
    watch_playbooks: bool = False,
) -> Services:
    """Build the services; with ``watch_playbooks`` an edited playbook is re-indexed too."""
    if embedder is None:
        embedder = default_embedder(settings)
    if client is None:
        client = store.open_client(
            settings.chroma_dir, host=settings.chroma_host, port=settings.chroma_port
        )
    library = PlaybookLibrary(settings.path(settings.playbooks_dir))
    chunking = ChunkSize.for_model(Path(settings.model_path()))
    services = Services(settings, embedder, client, library, chunking)
    if watch_playbooks:
        library.on_change = _reindex_in_background(services)
    return services


def _reindex_in_background(services: Services) -> OnChange:
    """Re-index changed playbooks off the request path, so no seller waits for embeddings."""
    from pregame.indexing import sync_playbooks

    lock = threading.Lock()

    def reindex(playbooks: dict[Path, Playbook]) -> None:
        with lock:
            try:
                report = sync_playbooks(services, playbooks)
            except Exception:
                log.exception("re-indexing playbooks failed; search may show old steps")
                return
        if report.added or report.updated or report.removed:
            log.info("re-indexed playbooks: %s", report.summary())

    def on_change(playbooks: dict[Path, Playbook]) -> None:
        threading.Thread(target=reindex, args=(playbooks,), daemon=True).start()

    return on_change
