"""`pregame eval retrieval`: BM25 alone, dense alone and the hybrid, on one index, in one run."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pregame.evaluation.metrics import Scores, score
from pregame.evaluation.questions import Question
from pregame.retrieval.embeddings import Embedder
from pregame.retrieval.search import MODES, ChromaSearcher, Mode

METHOD_NAMES: dict[Mode, str] = {"lexical": "BM25", "dense": "dense", "hybrid": "hybrid"}


@dataclass
class Evaluation:
    """Scores per method, and each question's ranked documents per method."""

    k: int
    scores: dict[Mode, Scores] = field(default_factory=dict)
    ranked: dict[Mode, list[list[str]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "methods": {METHOD_NAMES[m]: s.as_dict() for m, s in self.scores.items()},
        }

    def table(self) -> list[list[str]]:
        """Rows for a side-by-side table: header, then one row per method."""
        header = ["method", "recall@1", f"recall@{self.k}", "MRR", f"nDCG@{self.k}"]
        rows = [header]
        for mode, s in self.scores.items():
            rows.append(
                [
                    METHOD_NAMES[mode],
                    f"{s.recall_1:.3f}",
                    f"{s.recall_k:.3f}",
                    f"{s.mrr:.3f}",
                    f"{s.ndcg_k:.3f}",
                ]
            )
        return rows


def ranked_documents(
    searcher: ChromaSearcher,
    question: str,
    depth: int,
    filters: Mapping[str, Any] | None = None,
) -> list[str]:
    """The distinct documents of a ranking, in order (a document counts at its best chunk)."""
    seen: dict[str, None] = {}
    for passage in searcher.rank(question, filters, depth=depth):
        seen.setdefault(passage.source, None)
    return list(seen)


def evaluate(
    coll: Any,
    embedder: Embedder,
    questions: Sequence[Question],
    *,
    k: int = 5,
    modes: Sequence[Mode] = MODES,
    filters: Mapping[str, Any] | None = None,
    depth: int = 50,
) -> Evaluation:
    """Every method on the same collection and questions. Rankings are not cut by the floor."""
    result = Evaluation(k=k)
    for mode in modes:
        searcher = ChromaSearcher(coll, embedder, floor=-1.0, mode=mode, depth=depth)
        ranked = [ranked_documents(searcher, q.text, depth, filters) for q in questions]
        result.ranked[mode] = ranked
        result.scores[mode] = score(
            [(r, q.relevant) for r, q in zip(ranked, questions, strict=True)], k
        )
    return result


class EmptyIndex(RuntimeError):
    """Nothing is indexed, so there is nothing to measure."""


def evaluate_index(
    coll: Any,
    embedder: Embedder,
    questions: Sequence[Question],
    *,
    k: int = 5,
    folder: Path | None = None,
) -> Evaluation:
    """`pregame eval retrieval`: every method on the knowledge index, or on one indexed folder."""
    if coll.count() == 0:
        raise EmptyIndex("the index is empty; run `pregame index FOLDER` first")
    filters = {"scope": str(folder.resolve())} if folder else None
    return evaluate(coll, embedder, questions, k=k, filters=filters)
