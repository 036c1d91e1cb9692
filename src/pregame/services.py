"""Builds the long-lived objects (store, embedder, library, coach) from settings.

Everything is constructed here, at an entry point, and handed down: no module holds a
connection at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pregame.coach.catalog import KnowledgeCatalog
from pregame.coach.coach import Coach
from pregame.coach.objections import ObjectionMatcher
from pregame.playbook.library import PlaybookLibrary
from pregame.retrieval import store
from pregame.retrieval.embeddings import Embedder, SentenceTransformerEmbedder
from pregame.retrieval.search import ChromaSearcher
from pregame.settings import Settings


@dataclass
class Services:
    settings: Settings
    embedder: Embedder
    client: Any
    library: PlaybookLibrary

    def collection(self, name: str) -> Any:
        return store.collection(self.client, name, self.embedder.name)

    def searcher(self, name: str = store.KNOWLEDGE) -> ChromaSearcher:
        return ChromaSearcher(self.collection(name), self.embedder, self.settings.relevance_floor)

    def coach(self) -> Coach:
        return Coach(
            library=self.library,
            knowledge=self.searcher(store.KNOWLEDGE),
            catalog=KnowledgeCatalog(self.settings.path(self.settings.knowledge_dir)),
            objections=ObjectionMatcher(self.embedder, self.settings.objection_floor),
        )


def build_services(
    settings: Settings, embedder: Embedder | None = None, client: Any | None = None
) -> Services:
    if embedder is None:
        embedder = SentenceTransformerEmbedder(settings.model_path())
    if client is None:
        client = store.open_client(
            settings.chroma_dir, host=settings.chroma_host, port=settings.chroma_port
        )
    library = PlaybookLibrary(settings.path(settings.playbooks_dir))
    return Services(settings, embedder, client, library)
