"""How sure a ranking is that the knowledge base answers the question.

A seller repeats what Pregame says to a buyer, so passages are shown as an answer only when the
ranking looks like one: a strong best passage (its cosine similarity to the question) that
clearly leads (how far its document's fused score is ahead of the next document's). Sellers'
questions that nothing answers still find pages on the same topic with similar cosines (the
near misses: the price of an add-on the pages never give, a named customer's contract), but
rarely one page that stands out.

The two features go through a logistic model fitted by ``scripts/fit_answerability.py`` on the
tune sets only (tests/evaluation/corpus_questions_tune.jsonl, corpus_questions_tune2.jsonl,
corpus_questions.jsonl, corpus_unanswerable_tune.jsonl and corpus_unanswerable_tune2.jsonl);
:data:`MODEL` holds what it printed. The threshold above which an answer is shown is the
``answer_confidence`` setting, calibrated on the same sets with `pregame eval answers`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class Ranked(Protocol):
    """What the features read of a ranked passage."""

    @property
    def score(self) -> float: ...  # cosine similarity to the question

    @property
    def source(self) -> str: ...

    @property
    def relevance(self) -> float: ...  # its document's fused score


@dataclass(frozen=True)
class Evidence:
    top_cosine: float
    lead: float

    def row(self) -> tuple[float, float]:
        return (self.top_cosine, self.lead)


def evidence(ranked: Sequence[Ranked]) -> Evidence:
    """The features of a ranking, best first (no passage at all is no evidence)."""
    if not ranked:
        return Evidence(0.0, 0.0)
    best = ranked[0]
    runner_up = next((p.relevance for p in ranked if p.source != best.source), 0.0)
    return Evidence(best.score, max(0.0, best.relevance - runner_up))


@dataclass(frozen=True)
class AnswerModel:
    """Logistic regression over standardised features."""

    mean: tuple[float, float]
    scale: tuple[float, float]
    weights: tuple[float, float]
    bias: float

    def confidence(self, found: Evidence) -> float:
        """Probability-like confidence in [0, 1] that the ranking answers the question."""
        if found.top_cosine <= 0.0:
            return 0.0
        z = self.bias + sum(
            w * (x - m) / s
            for w, x, m, s in zip(self.weights, found.row(), self.mean, self.scale, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-z))


MODEL = AnswerModel(
    mean=(0.5510, 0.1315),
    scale=(0.1247, 0.1065),
    weights=(0.5176, 0.8230),
    bias=0.1186,
)
"""Fitted by scripts/fit_answerability.py on the tune sets (see its output in BENCHMARKS.md)."""
