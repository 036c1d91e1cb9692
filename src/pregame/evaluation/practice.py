"""`pregame eval practice`: how well the role-play score separates good answers from the rest.

A set holds one JSON object a line: ``{"playbook": id, "kind": "objection" | "step", "target": id,
"buyer_line": str, "answer": str, "label": "good" | "partial" | "off_topic" | "parrot"}`` (other
fields, such as a ``note``, are ignored). Labels were written before any answer was scored.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pregame.evaluation.questions import QuestionSetError
from pregame.playbook.schema import Playbook
from pregame.practice.scoring import AnswerScorer, Feedback
from pregame.practice.targets import PracticeError, Target, find_target

LABELS = ("good", "partial", "off_topic", "parrot")
BAD = ("off_topic", "parrot")


@dataclass(frozen=True)
class LabelledAnswer:
    playbook: str
    target: Target
    buyer_line: str
    answer: str
    label: str
    line: int


@dataclass(frozen=True)
class Scored:
    item: LabelledAnswer
    feedback: Feedback


@dataclass(frozen=True)
class PracticeEvaluation:
    scored: tuple[Scored, ...]
    pass_mark: int

    def scores(self, *labels: str) -> list[int]:
        return [s.feedback.score for s in self.scored if s.item.label in labels]

    def mean(self, label: str) -> float | None:
        scores = self.scores(label)
        return statistics.fmean(scores) if scores else None

    def pass_rate(self, label: str) -> float | None:
        scores = self.scores(label)
        return sum(s >= self.pass_mark for s in scores) / len(scores) if scores else None

    def auc(self, positive: Sequence[str], negative: Sequence[str]) -> float | None:
        """ROC AUC of the score for ``positive`` labels against ``negative`` ones."""
        from sklearn.metrics import roc_auc_score

        pos, neg = self.scores(*positive), self.scores(*negative)
        if not pos or not neg:
            return None
        truth = [1] * len(pos) + [0] * len(neg)
        return float(roc_auc_score(truth, [*pos, *neg]))

    def confusion(self) -> dict[str, dict[str, int]]:
        """Answers of each label that pass and fail at the pass mark."""
        table = {label: {"pass": 0, "fail": 0} for label in LABELS}
        for s in self.scored:
            table[s.item.label]["pass" if s.feedback.passed else "fail"] += 1
        return table

    def as_dict(self) -> dict[str, Any]:
        def rounded(value: float | None, places: int = 3) -> float | None:
            return None if value is None else round(value, places)

        return {
            "answers": len(self.scored),
            "pass_mark": self.pass_mark,
            "labels": {
                label: {
                    "answers": len(self.scores(label)),
                    "mean_score": rounded(self.mean(label), 1),
                    "pass_rate": rounded(self.pass_rate(label)),
                }
                for label in LABELS
            },
            "auc_good_vs_bad": rounded(self.auc(["good"], BAD)),
            "auc_good_vs_partial": rounded(self.auc(["good"], ["partial"])),
            "auc_good_vs_rest": rounded(self.auc(["good"], ["partial", *BAD])),
            "confusion": self.confusion(),
        }


def load_answers(path: Path, playbooks: Mapping[str, Playbook]) -> list[LabelledAnswer]:
    """The labelled answers of ``path``; a clear error names the first bad line."""
    items: list[LabelledAnswer] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionSetError(f"{where}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise QuestionSetError(f"{where}: expected a JSON object")
        for name in ("playbook", "kind", "target", "buyer_line", "answer", "label"):
            if not isinstance(row.get(name), str) or not row[name].strip():
                raise QuestionSetError(f"{where}: {name!r} must be a non-empty string")
        if row["label"] not in LABELS:
            raise QuestionSetError(f"{where}: label {row['label']!r} is not one of {LABELS}")
        if row["kind"] not in ("objection", "step"):
            raise QuestionSetError(f"{where}: kind {row['kind']!r} is not objection or step")
        playbook = playbooks.get(row["playbook"])
        if playbook is None:
            raise QuestionSetError(f"{where}: unknown playbook {row['playbook']!r}")
        try:
            target = find_target(playbook, row["kind"], row["target"], buyer_line=row["buyer_line"])
        except PracticeError as exc:
            raise QuestionSetError(f"{where}: {exc}") from exc
        items.append(
            LabelledAnswer(
                playbook.id, target, row["buyer_line"], row["answer"], row["label"], number
            )
        )
    if not items:
        raise QuestionSetError(f"{path}: no labelled answers")
    return items


def evaluate(
    scorer: AnswerScorer, playbooks: Mapping[str, Playbook], items: Sequence[LabelledAnswer]
) -> PracticeEvaluation:
    """Score every answer as the practice loop would."""
    scored = tuple(
        Scored(
            item, scorer.score(playbooks[item.playbook], item.target, item.buyer_line, item.answer)
        )
        for item in items
    )
    return PracticeEvaluation(scored, scorer.pass_mark)
