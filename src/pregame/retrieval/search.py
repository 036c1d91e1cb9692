"""Hybrid search over a Chroma collection: dense + BM25, fused by reciprocal rank.

* Dense: the query's embedding against Chroma (cosine). Lexical: BM25 over the same chunks.
* The two rankings are fused by reciprocal rank fusion (RRF) at the level of documents (each
  document at the rank of its best chunk in each list), so a document both methods find beats one
  only a single method finds even when they found different chunks of it; within a document,
  chunks are ordered by their own RRF. Chunks whose metadata matches the conversation's phase,
  persona or the seller's audience get a multiplicative boost.
* ``Passage.score`` stays the cosine similarity (in [0, 1] for related text), whatever ranked the
  passage, so the relevance floor and the coach's thresholds mean the same with every method.
  Below the floor the caller gets nothing, which the bot turns into an honest reply.
* One document does not fill all slots: the best passage of each document comes first.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import numpy as np

from pregame.retrieval.embeddings import Embedder
from pregame.retrieval.indexer import MARKER
from pregame.retrieval.lexical import Bm25Index, matches
from pregame.retrieval.metadata import csv_contains

Mode = Literal["hybrid", "dense", "lexical"]
MODES: tuple[Mode, ...] = ("lexical", "dense", "hybrid")


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


@dataclass(frozen=True)
class Context:
    """What the conversation knows: boosts passages tagged for it, never filters others out."""

    phase: str = ""
    persona: str = ""
    audience: str = ""


class Searcher(Protocol):
    """The seam between the bot and retrieval."""

    def search(
        self, query: str, k: int = 5, filters: Mapping[str, Any] | None = None
    ) -> list[Passage]: ...


@dataclass
class _Corpus:
    """The collection's chunks as the lexical index saw them."""

    fingerprint: str = ""
    ids: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    metadatas: list[Mapping[str, Any]] = field(default_factory=list)
    index: Bm25Index | None = None
    checked: float = float("-inf")


class ChromaSearcher:
    """Hybrid (default), dense or lexical search over one Chroma collection.

    Passages whose cosine similarity is under ``floor`` are never returned by :meth:`search`.
    """

    def __init__(
        self,
        coll: Any,
        embedder: Embedder,
        floor: float = 0.35,
        *,
        mode: Mode = "hybrid",
        depth: int = 50,
        rrf_k: int = 60,
        boost: float = 0.3,
        refresh_seconds: float = 5.0,
        refresh_in_background: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.coll = coll
        self.embedder = embedder
        self.floor = floor
        self.mode = mode
        self.depth = depth
        self.rrf_k = rrf_k
        self.boost = boost
        self.refresh_seconds = refresh_seconds
        self.refresh_in_background = refresh_in_background
        self.clock = clock
        self._corpus = _Corpus()
        self._refreshing = threading.Lock()
        self._refresher: threading.Thread | None = None

    def search(
        self,
        query: str,
        k: int = 5,
        filters: Mapping[str, Any] | None = None,
        context: Context | None = None,
    ) -> list[Passage]:
        ranked = self.rank(query, filters, context, depth=max(self.depth, k * 4))
        relevant = [p for p in ranked if p.score >= self.floor]
        return diversify(relevant, k, presorted=True)

    def rank(
        self,
        query: str,
        filters: Mapping[str, Any] | None = None,
        context: Context | None = None,
        *,
        depth: int | None = None,
    ) -> list[Passage]:
        """Every candidate passage, best first by this searcher's method; no floor applied."""
        depth = depth or self.depth
        count = int(self.coll.count())
        if not query.strip() or count == 0:
            return []
        vector = self.embedder.embed([query])[0]
        dense = self._dense(vector, filters, min(depth, count)) if self.mode != "lexical" else []
        lexical = self._lexical(query, filters, depth) if self.mode != "dense" else []
        by_id: dict[str, Passage] = {p.metadata["_id"]: p for p in dense}
        missing = [hit_id for hit_id, _ in lexical if hit_id not in by_id]
        by_id.update(self._with_cosine(missing, vector))
        rankings = [[p.metadata["_id"] for p in dense], [hit_id for hit_id, _ in lexical]]
        chunk_score = self._fuse(rankings)
        doc_score = self._fuse([_documents(r, by_id) for r in rankings])

        def key(chunk_id: str) -> tuple[float, float]:
            passage = by_id[chunk_id]
            boost = 1.0 + self.boost * _matched(passage.metadata, context) if context else 1.0
            return (-doc_score[passage.source] * boost, -chunk_score[chunk_id])

        found = [chunk_id for chunk_id in chunk_score if chunk_id in by_id]
        return [by_id[chunk_id] for chunk_id in sorted(found, key=key)]

    def _fuse(self, rankings: list[list[str]]) -> dict[str, float]:
        """Reciprocal rank fusion: each list adds 1 / (rrf_k + rank)."""
        fused: dict[str, float] = {}
        for ranking in rankings:
            for rank, item in enumerate(ranking, 1):
                fused[item] = fused.get(item, 0.0) + 1.0 / (self.rrf_k + rank)
        return fused

    def _dense(
        self, vector: Sequence[float], filters: Mapping[str, Any] | None, n: int
    ) -> list[Passage]:
        result = self.coll.query(
            query_embeddings=[list(vector)],
            n_results=n,
            where=_where(filters),
            include=["documents", "metadatas", "distances"],
        )
        return [
            _passage(chunk_id, doc, meta, 1.0 - float(dist))
            for chunk_id, doc, meta, dist in zip(
                result["ids"][0],
                result["documents"][0],
                result["metadatas"][0],
                result["distances"][0],
                strict=True,
            )
        ]

    def _lexical(
        self, query: str, filters: Mapping[str, Any] | None, n: int
    ) -> list[tuple[str, float]]:
        corpus = self._fresh_corpus()
        if corpus.index is None:
            return []
        allowed = None
        if filters:
            allowed = np.array([matches(m, filters) for m in corpus.metadatas], dtype=bool)
        return [(corpus.ids[hit.index], hit.score) for hit in corpus.index.top(query, n, allowed)]

    def _with_cosine(self, ids: list[str], vector: Sequence[float]) -> dict[str, Passage]:
        if not ids:
            return {}
        got = self.coll.get(ids=ids, include=["documents", "metadatas", "embeddings"])
        query = np.asarray(vector, dtype=np.float64)
        out: dict[str, Passage] = {}
        for chunk_id, doc, meta, emb in zip(
            got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True
        ):
            row = np.asarray(emb, dtype=np.float64)
            cosine = float(row @ query / ((np.linalg.norm(row) * np.linalg.norm(query)) or 1.0))
            out[chunk_id] = _passage(chunk_id, doc, meta, cosine)
        return out

    def _fresh_corpus(self) -> _Corpus:
        """The lexical index; rebuilt when the collection's chunks changed (checked every few s).

        The first query builds it. Later checks run in a background thread, so no query waits
        for them; until a rebuild is done, queries use the previous index (dense results are
        always current, and chunks that have gone are skipped).
        """
        corpus = self._corpus
        if corpus.index is None:
            self._refresh()
            return self._corpus
        if self.clock() - corpus.checked >= self.refresh_seconds and not self._refreshing.locked():
            corpus.checked = self.clock()
            if self.refresh_in_background:
                self._refresher = threading.Thread(target=self._refresh, daemon=True)
                self._refresher.start()
            else:
                self._refresh()
        return self._corpus

    def _refresh(self) -> None:
        with self._refreshing:
            fingerprint = self._fingerprint()
            if self._corpus.index is not None and fingerprint == self._corpus.fingerprint:
                self._corpus.checked = self.clock()
                return
            full = self.coll.get(include=["documents", "metadatas"])
            texts = [
                _lexical_text(doc, meta)
                for doc, meta in zip(full["documents"], full["metadatas"], strict=True)
            ]
            self._corpus = _Corpus(
                fingerprint=fingerprint,
                ids=list(full["ids"]),
                documents=list(full["documents"]),
                metadatas=list(full["metadatas"]),
                index=Bm25Index(texts),
                checked=self.clock(),
            )

    def _fingerprint(self) -> str:
        """Changes when a chunk is added or removed, or a source is re-written (its marker)."""
        digest = hashlib.sha256()
        for chunk_id in sorted(self.coll.get(include=[])["ids"]):
            digest.update(chunk_id.encode() + b"\n")
        markers = self.coll.get(where={MARKER: True}, include=["metadatas"])
        for meta in sorted(
            f"{m.get('scope', '')}\0{m.get('source', '')}\0{m.get('hash', '')}"
            for m in markers["metadatas"] or []
        ):
            digest.update(meta.encode() + b"\n")
        return digest.hexdigest()


def diversify(passages: list[Passage], k: int, *, presorted: bool = False) -> list[Passage]:
    """Best passage of each document first, then the rest, keeping rank order within each.

    Passages are ranked by score unless ``presorted`` says they already are in rank order.
    """
    seen: set[str] = set()
    firsts: list[Passage] = []
    rest: list[Passage] = []
    ordered = passages if presorted else sorted(passages, key=lambda p: p.score, reverse=True)
    for passage in ordered:
        (rest if passage.source in seen else firsts).append(passage)
        seen.add(passage.source)
    return (firsts + rest)[:k]


def _documents(chunk_ids: list[str], by_id: Mapping[str, Passage]) -> list[str]:
    """The documents of a chunk ranking, each at the rank of its best chunk."""
    seen: dict[str, None] = {}
    for chunk_id in chunk_ids:
        if chunk_id in by_id:
            seen.setdefault(by_id[chunk_id].source, None)
    return list(seen)


def _matched(meta: Mapping[str, Any], context: Context) -> int:
    hits = 0
    if context.phase and (
        csv_contains(meta.get("phases"), context.phase) or meta.get("phase") == context.phase
    ):
        hits += 1
    if context.persona and csv_contains(meta.get("personas"), context.persona):
        hits += 1
    if context.audience and csv_contains(meta.get("audience"), context.audience):
        hits += 1
    return hits


def _lexical_text(doc: str, meta: Mapping[str, Any]) -> str:
    return " ".join(str(v) for v in (meta.get("title"), meta.get("heading"), doc) if v)


def _where(filters: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not filters:
        return None
    clauses = [{key: value} for key, value in filters.items()]
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _passage(chunk_id: str, doc: str, meta: Mapping[str, Any], score: float) -> Passage:
    return Passage(
        text=doc,
        score=score,
        source=str(meta.get("source", "")),
        title=str(meta.get("title", "")),
        heading=str(meta.get("heading", "")),
        url=str(meta.get("url", "")),
        metadata={**meta, "_id": chunk_id},
    )
