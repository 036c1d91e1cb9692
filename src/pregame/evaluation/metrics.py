"""Ranking metrics over documents: recall@k, reciprocal rank, nDCG@k (binary relevance)."""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass


def recall_at(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Share of the relevant documents found in the first ``k``."""
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & set(relevant)) / len(set(relevant))


def reciprocal_rank(ranked: Sequence[str], relevant: Collection[str]) -> float:
    """1 / rank of the first relevant document; 0 if none was found."""
    for rank, doc in enumerate(ranked, 1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Normalised discounted cumulative gain of the first ``k`` (each relevant document = 1)."""
    gain = sum(1.0 / math.log2(i + 2) for i, doc in enumerate(ranked[:k]) if doc in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, len(set(relevant)))))
    return gain / ideal if ideal else 0.0


@dataclass(frozen=True)
class Scores:
    """Mean metrics over a question set."""

    recall_1: float
    recall_k: float
    mrr: float
    ndcg_k: float
    k: int
    questions: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "recall@1": round(self.recall_1, 4),
            f"recall@{self.k}": round(self.recall_k, 4),
            "mrr": round(self.mrr, 4),
            f"ndcg@{self.k}": round(self.ndcg_k, 4),
            "questions": self.questions,
        }


def score(rankings: Sequence[tuple[Sequence[str], Collection[str]]], k: int) -> Scores:
    """Mean metrics of (ranked documents, relevant documents) pairs."""
    n = len(rankings) or 1
    return Scores(
        recall_1=sum(recall_at(r, rel, 1) for r, rel in rankings) / n,
        recall_k=sum(recall_at(r, rel, k) for r, rel in rankings) / n,
        mrr=sum(reciprocal_rank(r, rel) for r, rel in rankings) / n,
        ndcg_k=sum(ndcg_at(r, rel, k) for r, rel in rankings) / n,
        k=k,
        questions=len(rankings),
    )
