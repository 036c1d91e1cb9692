"""`pregame eval answers`: does the bot answer what it can, and say "I don't have that" otherwise?

Two sets over the same indexed folder: questions it can answer (``relevant`` names the
documents) and questions nothing there answers (``relevant`` is empty). Each question is
searched the way the bot searches for an answer: passages under the relevance floor are never
shown, at most ``k`` are. For each floor in a sweep:

* **honest**: share of unanswerable questions that got no passage at all (the bot's
  "I don't have anything on that");
* **answered right**: share of answerable questions with a relevant document among the
  passages shown; **answered**: with any passage shown.

The floor is calibrated on one pair of sets (the lowest floor that is honest on at least
``target`` of the unanswerable questions) and checked on another.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pregame.evaluation.questions import Question, QuestionSetError
from pregame.retrieval.search import ChromaSearcher, Passage

DEFAULT_FLOORS = tuple(round(0.30 + 0.025 * i, 3) for i in range(17))  # 0.30 .. 0.70


@dataclass(frozen=True)
class AtFloor:
    """How both sets fare at one floor."""

    floor: float
    honest: float
    answered: float
    answered_right: float

    def as_dict(self) -> dict[str, float]:
        return {
            "floor": self.floor,
            "honest": round(self.honest, 4),
            "answered": round(self.answered, 4),
            "answered_right": round(self.answered_right, 4),
        }


@dataclass
class AnswerEvaluation:
    """The sweep, and the floor the settings use now."""

    k: int
    current: float
    answerable: int
    unanswerable: int
    sweep: list[AtFloor] = field(default_factory=list)

    def at(self, floor: float) -> AtFloor:
        return min(self.sweep, key=lambda row: abs(row.floor - floor))

    def calibrated(self, target: float) -> AtFloor | None:
        """The lowest floor honest on at least ``target`` of the unanswerable questions."""
        return next((row for row in self.sweep if row.honest >= target), None)

    def as_dict(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "current_floor": self.current,
            "answerable": self.answerable,
            "unanswerable": self.unanswerable,
            "sweep": [row.as_dict() for row in self.sweep],
        }


def load_unanswerable(path: Path) -> list[str]:
    """Questions with ``"relevant": []`` (one JSON object a line)."""
    out: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionSetError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        text = item.get("question") if isinstance(item, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise QuestionSetError(f"{path}:{number}: 'question' must be a non-empty string")
        if item.get("relevant"):
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
    floors: Sequence[float] = DEFAULT_FLOORS,
    filters: Mapping[str, Any] | None = None,
) -> AnswerEvaluation:
    """Both sets at every floor; each question is ranked once, then cut at each floor."""
    ranked_ok = [searcher.rank(q.text, filters) for q in answerable]
    ranked_no = [searcher.rank(q, filters) for q in unanswerable]
    current = searcher.floor
    result = AnswerEvaluation(k, current, len(answerable), len(unanswerable))
    for floor in sorted({*floors, current}):
        shown_ok = [searcher.shown(r, k, floor) for r in ranked_ok]
        shown_no = [searcher.shown(r, k, floor) for r in ranked_no]
        right = sum(
            _finds(shown, q.relevant) for shown, q in zip(shown_ok, answerable, strict=True)
        )
        result.sweep.append(
            AtFloor(
                floor=floor,
                honest=_share(sum(not s for s in shown_no), len(shown_no)),
                answered=_share(sum(bool(s) for s in shown_ok), len(shown_ok)),
                answered_right=_share(right, len(shown_ok)),
            )
        )
    return result


def _finds(shown: Sequence[Passage], relevant: Sequence[str]) -> bool:
    return any(p.source in relevant for p in shown)


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0
