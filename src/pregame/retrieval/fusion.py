"""Dense + BM25 fusion at the level of documents, by score.

Each candidate chunk has a cosine similarity and a BM25 score. A document scores its best
chunk's cosine and its best chunk's BM25, each divided by the best of the candidates, mixed by
``lexical_weight``: a document that is the strongest match for both methods scores 1.0, one that
only one method found scores at most that method's share. Within a document, chunks are ordered
by the same mix of their own scores.

Why scores and not reciprocal ranks: on the seller-style tune set
(tests/evaluation/corpus_questions_tune.jsonl), reciprocal rank fusion of chunk and document
rankings gave MRR 0.722 and recall@5 0.865, below BM25 with title and heading weighting alone;
this fusion gives 0.788 and 0.909 (BENCHMARKS.md, "Retrieval on unseen questions"). Rank fusion
throws away how far ahead a document is, which is what separates a page that answers the
question from pages that share its words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

LEXICAL_WEIGHT = 0.5
"""Share of BM25 in the mix (chosen on the tune set: 0.4-0.6 are within 0.01 MRR)."""
TITLE_REPEAT = 3
HEADING_REPEAT = 2
"""How often a chunk's document title and section heading count in its BM25 text: sellers
name the topic ("mutual action plan?") more often than they use the page's words."""


@dataclass(frozen=True)
class Candidate:
    """One chunk found by either method, with both of its scores."""

    chunk_id: str
    document: str
    cosine: float
    bm25: float


def lexical_text(text: str, title: str, heading: str) -> str:
    """The text BM25 indexes for a chunk: title and heading weighted, then the chunk."""
    parts = [title] * TITLE_REPEAT + [heading] * HEADING_REPEAT + [text]
    return " ".join(p for p in parts if p)


def fuse(
    candidates: Iterable[Candidate],
    lexical_weight: float = LEXICAL_WEIGHT,
    boost: Mapping[str, float] | None = None,
) -> list[tuple[Candidate, float]]:
    """Candidates best first, each with its document's fused score (in [0, 1], times its
    ``boost`` by chunk id, default 1): by that score, then by their own."""
    found = list(candidates)
    if not found:
        return []
    top_cosine = max((c.cosine for c in found), default=0.0)
    top_bm25 = max((c.bm25 for c in found), default=0.0)

    def mixed(cosine: float, bm25: float) -> float:
        dense = cosine / top_cosine if top_cosine > 0 else 0.0
        lexical = bm25 / top_bm25 if top_bm25 > 0 else 0.0
        return lexical_weight * lexical + (1.0 - lexical_weight) * dense

    best_cosine: dict[str, float] = {}
    best_bm25: dict[str, float] = {}
    for c in found:
        best_cosine[c.document] = max(best_cosine.get(c.document, c.cosine), c.cosine)
        best_bm25[c.document] = max(best_bm25.get(c.document, c.bm25), c.bm25)
    document = {d: mixed(best_cosine[d], best_bm25[d]) for d in best_cosine}
    boost = boost or {}

    scored = [(c, document[c.document] * boost.get(c.chunk_id, 1.0)) for c in found]
    scored.sort(key=lambda pair: (-pair[1], -mixed(pair[0].cosine, pair[0].bm25)))
    return scored
