"""`pregame eval answers`: does the bot answer what it can, and say "I don't have that" otherwise?

Two sets over the same indexed folder: questions it can answer (``relevant`` names the
documents) and questions nothing there answers (``relevant`` is empty). Each question is
searched the way the bot searches for an answer (:meth:`ChromaSearcher.answer`): at most ``k``
passages above the relevance floor, shown as an answer only when the ranking's confidence
reaches the threshold; under it the bot says it has no sure answer and lists the pages it found
as related reading. For each threshold in a sweep:

* **honest**: share of unanswerable questions not given an answer;
* **answered**: share of answerable questions given an answer; **answered right**: given an
  answer with a relevant document among its passages;
* **found**: share of answerable questions with a relevant document among the passages, as an
  answer or as related reading (what the seller can still reach).

The threshold is calibrated on one pair of sets (the lowest that is honest on at least
``target`` of the unanswerable questions) and checked on another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pregame.evaluation.questions import Question, QuestionSetError, question_lines
from pregame.retrieval.search import ChromaSearcher, Found, Passage

DEFAULT_THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(20))  # 0.00 .. 0.95


@dataclass(frozen=True)
class AtThreshold:
    """How both sets fare at one confidence threshold."""

    threshold: float
    honest: float
    answered: float
    answered_right: float
    found: float

    def as_dict(self) -> dict[str, float]:
        return {
            "threshold": self.threshold,
            "honest": round(self.honest, 4),
            "answered": round(self.answered, 4),
            "answered_right": round(self.answered_right, 4),
            "found": round(self.found, 4),
        }


@dataclass
class AnswerEvaluation:
    """The sweep, and the threshold the settings use now."""

    k: int
    current: float
    answerable: int
    unanswerable: int
    sweep: list[AtThreshold] = field(default_factory=list)

    def at(self, threshold: float) -> AtThreshold:
        return min(self.sweep, key=lambda row: abs(row.threshold - threshold))

    def calibrated(self, target: float) -> AtThreshold | None:
        """The lowest threshold honest on at least ``target`` of the unanswerable questions."""
        return next((row for row in self.sweep if row.honest >= target), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "current_threshold": self.current,
            "answerable": self.answerable,
            "unanswerable": self.unanswerable,
            "sweep": [row.as_dict() for row in self.sweep],
        }


def load_unanswerable(path: Path) -> list[str]:
    """Questions with ``"relevant": []`` (one JSON object a line)."""
    out: list[str] = []
    for number, text, relevant in question_lines(path):
        if relevant:
            raise QuestionSetError(
                f"{path}:{number}: 'relevant' must be empty for a question nothing answers"
            )
        out.append(text)
    if not out:
        raise QuestionSetError(f"{path}: no questions")
    return out


def evaluate_answers(
    searcher: ChromaSearcher,
    answerable: Sequence[Question],
    unanswerable: Sequence[str],
    *,
    k: int = 3,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
    filters: Mapping[str, Any] | None = None,
) -> AnswerEvaluation:
    """Both sets at every threshold; each question is ranked once."""
    ranked_ok = [searcher.rank(q.text, filters) for q in answerable]
    ranked_no = [searcher.rank(q, filters) for q in unanswerable]
    current = searcher.confidence
    result = AnswerEvaluation(k, current, len(answerable), len(unanswerable))
    for threshold in sorted({*thresholds, current}):
        found_ok = [searcher.found(r, k, threshold) for r in ranked_ok]
        found_no = [searcher.found(r, k, threshold) for r in ranked_no]
        pairs = list(zip(found_ok, answerable, strict=True))
        result.sweep.append(
            AtThreshold(
                threshold=threshold,
                honest=_share(sum(not _answers(f) for f in found_no), len(found_no)),
                answered=_share(sum(_answers(f) for f in found_ok), len(found_ok)),
                answered_right=_share(
                    sum(_answers(f) and _finds(f.passages, q.relevant) for f, q in pairs),
                    len(pairs),
                ),
                found=_share(sum(_finds(f.passages, q.relevant) for f, q in pairs), len(pairs)),
            )
        )
    return result


def _answers(found: Found) -> bool:
    """Shown as an answer: sure, with something to show."""
    return found.sure and bool(found.passages)


def _finds(shown: Sequence[Passage], relevant: Sequence[str]) -> bool:
    return any(p.source in relevant for p in shown)


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0
