"""Search a collection: cosine similarity, a relevance floor, and one document per slot first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from pregame.retrieval.embeddings import Embedder


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its citation."""

    text: str
    score: float
    source: str
    title: str
    heading: str
    url: str
    metadata: Mapping[str, Any]

    @property
    def citation(self) -> str:
        where = self.url or self.source
        return f"{self.title} ({where})"


class Searcher(Protocol):
    """The seam between the bot and retrieval."""

    def search(
        self, query: str, k: int = 5, filters: Mapping[str, Any] | None = None
    ) -> list[Passage]: ...


class ChromaSearcher:
    """Dense search over one Chroma collection. Passages under ``floor`` are never returned."""

    def __init__(self, coll: Any, embedder: Embedder, floor: float = 0.35) -> None:
        self.coll = coll
        self.embedder = embedder
        self.floor = floor

    def search(
        self, query: str, k: int = 5, filters: Mapping[str, Any] | None = None
    ) -> list[Passage]:
        if not query.strip() or self.coll.count() == 0:
            return []
        result = self.coll.query(
            query_embeddings=self.embedder.embed([query]),
            n_results=min(max(k * 4, 10), self.coll.count()),
            where=_where(filters),
            include=["documents", "metadatas", "distances"],
        )
        passages = [
            _passage(doc, meta, dist)
            for doc, meta, dist in zip(
                result["documents"][0], result["metadatas"][0], result["distances"][0], strict=True
            )
        ]
        relevant = [p for p in passages if p.score >= self.floor]
        return diversify(relevant, k)


def diversify(passages: list[Passage], k: int) -> list[Passage]:
    """Best passage of each document first, then the rest, keeping score order within each."""
    seen: set[str] = set()
    firsts: list[Passage] = []
    rest: list[Passage] = []
    for passage in sorted(passages, key=lambda p: p.score, reverse=True):
        (rest if passage.source in seen else firsts).append(passage)
        seen.add(passage.source)
    return (firsts + rest)[:k]


def _where(filters: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not filters:
        return None
    clauses = [{key: value} for key, value in filters.items()]
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _passage(doc: str, meta: Mapping[str, Any], distance: float) -> Passage:
    return Passage(
        text=doc,
        score=1.0 - float(distance),
        source=str(meta.get("source", "")),
        title=str(meta.get("title", "")),
        heading=str(meta.get("heading", "")),
        url=str(meta.get("url", "")),
        metadata=dict(meta),
    )
