"""Hybrid search over a Chroma collection: dense + BM25, fused by reciprocal rank.

* Dense: the query's embedding against Chroma (cosine). Lexical: BM25 over the same chunks.
* Both methods' candidates are fused by score at the level of documents
  (:mod:`pregame.retrieval.fusion`): a document counts with its best chunk's cosine and its best
  chunk's BM25, each relative to the best candidate's; within a document, chunks are ordered by
  the same mix of their own scores. Chunks whose metadata matches the conversation's phase,
  persona or the seller's audience get a multiplicative boost.
* ``Passage.score`` stays the cosine similarity (in [0, 1] for related text), whatever ranked the
  passage, so the relevance floor and the coach's thresholds mean the same with every method.
  Below the floor the caller gets nothing, which the bot turns into an honest reply.
* One document does not fill all slots: the best passage of each document comes first.
* Searching reads the collection but never re-checks it: the BM25 corpus is built on first use
  and follows changes to the collection only when :meth:`ChromaSearcher.refresh` is called (once
  per turn, by the coach).
* When Chroma does not answer, :meth:`ChromaSearcher.search` raises
  :class:`~pregame.retrieval.store.StoreUnavailable` (within the store's read deadline) so the
  caller can say so; :meth:`ChromaSearcher.refresh` never raises for it: it logs one line when
  Chroma stops answering and one when it answers again, and keeps the index it has.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol

import numpy as np

from pregame.retrieval.answerability import MODEL, AnswerModel, evidence
from pregame.retrieval.embeddings import Embedder
from pregame.retrieval.fusion import LEXICAL_WEIGHT, Candidate, fuse, lexical_text
from pregame.retrieval.indexer import MARKER
from pregame.retrieval.lexical import Bm25Index, matches
from pregame.retrieval.metadata import csv_contains
from pregame.retrieval.shorthand import expand
from pregame.retrieval.store import ChunkCollection, Record, StoreUnavailable

log = logging.getLogger(__name__)

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
    relevance: float = 0.0
    """Its document's fused score in the ranking that found it (see retrieval.fusion)."""

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


@dataclass(frozen=True)
class Found:
    """What an answer may show: passages above the floor, and whether they answer the question
    (``sure``: the ranking's confidence reached the searcher's threshold)."""

    passages: list[Passage]
    confidence: float
    sure: bool


class Searcher(Protocol):
    """The seam between the bot and retrieval."""

    def search(
        self, query: str, k: int = 5, filters: Mapping[str, Any] | None = None
    ) -> list[Passage]: ...

    def answer(self, query: str, k: int = 5, filters: Mapping[str, Any] | None = None) -> Found:
        """Passages for a question, and whether they answer it (see retrieval.answerability)."""
        ...

    def refresh(self) -> None:
        """Pick up changes to what is searched (the only call that checks for them)."""


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

    Passages whose cosine similarity is under ``floor`` are never returned by :meth:`search`;
    :meth:`answer` also says whether the ranking is sure enough (``confidence``) to be shown as
    an answer.
    :meth:`refresh` checks whether the collection changed (at most every ``refresh_seconds``,
    in a background thread unless ``refresh_in_background`` is off) and rebuilds the BM25 index
    if it did; :meth:`search` uses the index as it is, building it on first use.
    """

    def __init__(
        self,
        coll: ChunkCollection,
        embedder: Embedder,
        floor: float = 0.35,
        *,
        confidence: float = 0.5,
        model: AnswerModel = MODEL,
        mode: Mode = "hybrid",
        depth: int = 50,
        lexical_weight: float = LEXICAL_WEIGHT,
        boost: float = 0.3,
        refresh_seconds: float = 5.0,
        refresh_in_background: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.coll = coll
        self.embedder = embedder
        self.floor = floor
        self.confidence = confidence
        self.model = model
        self.mode = mode
        self.depth = depth
        self.lexical_weight = lexical_weight
        self.boost = boost
        self.refresh_seconds = refresh_seconds
        self.refresh_in_background = refresh_in_background
        self.clock = clock
        self._corpus = _Corpus()
        self._refreshing = threading.Lock()
        self._refresher: threading.Thread | None = None
        self._unreachable = False  # the last refresh found Chroma not answering

    def search(
        self,
        query: str,
        k: int = 5,
        filters: Mapping[str, Any] | None = None,
        context: Context | None = None,
    ) -> list[Passage]:
        ranked = self.rank(query, filters, context, depth=max(self.depth, k * 4))
        return self.shown(ranked, k)

    def answer(self, query: str, k: int = 5, filters: Mapping[str, Any] | None = None) -> Found:
        """The passages :meth:`search` would show, and how sure the ranking is that they
        answer the question."""
        ranked = self.rank(query, filters, depth=max(self.depth, k * 4))
        return self.found(ranked, k)

    def found(self, ranked: Sequence[Passage], k: int, threshold: float | None = None) -> Found:
        """:meth:`answer` for a ranking (``threshold``: this searcher's unless given)."""
        threshold = self.confidence if threshold is None else threshold
        sure = self.model.confidence(evidence(ranked))
        return Found(self.shown(ranked, k), sure, sure >= threshold)

    def shown(self, ranked: Sequence[Passage], k: int, floor: float | None = None) -> list[Passage]:
        """What :meth:`search` shows of a ranking: passages at or above the floor (this
        searcher's unless ``floor`` is given), at most ``k``, one per document first."""
        floor = self.floor if floor is None else floor
        relevant = [p for p in ranked if p.score >= floor]
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
        count = self.coll.count()
        if not query.strip() or count == 0:
            return []
        vector = self.embedder.embed([query])[0]
        dense = self._dense(vector, filters, min(depth, count)) if self.mode != "lexical" else []
        bm25 = self._bm25(expand(query), filters) if self.mode != "dense" else {}
        lexical = sorted(bm25, key=lambda i: -bm25[i])[:depth]
        by_id: dict[str, Passage] = {p.metadata["_id"]: p for p in dense}
        missing = [hit_id for hit_id in lexical if hit_id not in by_id]
        by_id.update(self._with_cosine(missing, vector))
        weight = {"dense": 0.0, "lexical": 1.0}.get(self.mode, self.lexical_weight)
        candidates = [
            Candidate(chunk_id, p.source, p.score, bm25.get(chunk_id, 0.0))
            for chunk_id, p in by_id.items()
        ]
        boost = (
            {i: 1.0 + self.boost * _matched(p.metadata, context) for i, p in by_id.items()}
            if context
            else None
        )
        return [
            replace(by_id[c.chunk_id], relevance=score)
            for c, score in fuse(candidates, weight, boost)
        ]

    def _dense(
        self, vector: Sequence[float], filters: Mapping[str, Any] | None, n: int
    ) -> list[Passage]:
        hits = self.coll.query(vector, n, _where(filters))
        return [_passage(hit, 1.0 - hit.distance) for hit in hits]

    def _bm25(self, query: str, filters: Mapping[str, Any] | None) -> dict[str, float]:
        """BM25 score of every chunk (passing ``filters``) that shares a word with the query."""
        corpus = self._built_corpus()
        if corpus.index is None:
            return {}
        scores = corpus.index.scores(query)
        return {
            corpus.ids[i]: float(scores[i])
            for i in np.flatnonzero(scores > 0)
            if not filters or matches(corpus.metadatas[i], filters)
        }

    def _with_cosine(self, ids: list[str], vector: Sequence[float]) -> dict[str, Passage]:
        query = np.asarray(vector, dtype=np.float64)
        out: dict[str, Passage] = {}
        for chunk in self.coll.embedded(ids):
            row = chunk.embedding
            cosine = float(row @ query / ((np.linalg.norm(row) * np.linalg.norm(query)) or 1.0))
            out[chunk.id] = _passage(chunk, cosine)
        return out

    def refresh(self) -> None:
        """Rebuild the lexical index if the collection's chunks changed.

        Checks at most every ``refresh_seconds``. Unless the index was never built, the check
        runs in a background thread (when ``refresh_in_background``), so no turn waits for it;
        until a rebuild is done, searches use the previous index (dense results are always
        current, and chunks that have gone are skipped).
        """
        corpus = self._corpus
        if corpus.index is None:
            self._checked_rebuild()
            return
        if self.clock() - corpus.checked < self.refresh_seconds or self._refreshing.locked():
            return
        corpus.checked = self.clock()
        if self.refresh_in_background:
            self._refresher = threading.Thread(target=self._checked_rebuild, daemon=True)
            self._refresher.start()
        else:
            self._checked_rebuild()

    def _checked_rebuild(self) -> None:
        """Rebuild; a Chroma that does not answer is logged (once until it answers again)."""
        try:
            self._rebuild()
        except StoreUnavailable as exc:
            if not self._unreachable:
                log.warning("%s search index not refreshed: %s", self.coll.name, exc)
            self._unreachable = True
            return
        if self._unreachable:
            log.info("%s search index refreshed: Chroma answers again", self.coll.name)
        self._unreachable = False

    def _built_corpus(self) -> _Corpus:
        """The lexical index as last built; the first search builds it."""
        if self._corpus.index is None:
            self._rebuild()
        return self._corpus

    def _rebuild(self) -> None:
        with self._refreshing:
            fingerprint = self._fingerprint()
            if self._corpus.index is not None and fingerprint == self._corpus.fingerprint:
                self._corpus.checked = self.clock()
                return
            chunks = self.coll.records()
            self._corpus = _Corpus(
                fingerprint=fingerprint,
                ids=[c.id for c in chunks],
                documents=[c.text for c in chunks],
                metadatas=[c.metadata for c in chunks],
                index=Bm25Index([_lexical_text(c.text, c.metadata) for c in chunks]),
                checked=self.clock(),
            )

    def _fingerprint(self) -> str:
        """Changes when a chunk is added or removed, or a source is re-written (its marker)."""
        digest = hashlib.sha256()
        for chunk_id in sorted(self.coll.ids()):
            digest.update(chunk_id.encode() + b"\n")
        markers = self.coll.records(where={MARKER: True}, text=False)
        for meta in sorted(
            f"{m.get('scope', '')}\0{m.get('source', '')}\0{m.get('hash', '')}"
            for m in (r.metadata for r in markers)
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
    return lexical_text(doc, str(meta.get("title") or ""), str(meta.get("heading") or ""))


def _where(filters: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not filters:
        return None
    clauses = [{key: value} for key, value in filters.items()]
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _passage(chunk: Record, score: float) -> Passage:
    meta = chunk.metadata
    return Passage(
        text=chunk.text,
        score=score,
        source=str(meta.get("source", "")),
        title=str(meta.get("title", "")),
        heading=str(meta.get("heading", "")),
        url=str(meta.get("url", "")),
        metadata={**meta, "_id": chunk.id},
    )
