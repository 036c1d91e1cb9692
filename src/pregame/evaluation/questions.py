"""Question sets: one JSON object a line, ``{"question": str, "relevant": [source paths]}``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


class QuestionSetError(ValueError):
    """A question file that cannot be used; the message names the line."""


@dataclass(frozen=True)
class Question:
    text: str
    relevant: tuple[str, ...]


def load_questions(path: Path) -> list[Question]:
    """Questions from a JSONL file; blank lines are skipped, anything else malformed is an error."""
    questions: list[Question] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionSetError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        text, relevant = item.get("question"), item.get("relevant")
        if not isinstance(text, str) or not text.strip():
            raise QuestionSetError(f"{path}:{number}: 'question' must be a non-empty string")
        if (
            not isinstance(relevant, list)
            or not relevant
            or not all(isinstance(r, str) and r for r in relevant)
        ):
            raise QuestionSetError(f"{path}:{number}: 'relevant' must be a list of source paths")
        questions.append(Question(text, tuple(relevant)))
    if not questions:
        raise QuestionSetError(f"{path}: no questions")
    return questions
