"""Question sets: one JSON object a line, ``{"question": str, "relevant": [source paths]}``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class QuestionSetError(ValueError):
    """A question file that cannot be used; the message names the line."""


@dataclass(frozen=True)
class Question:
    text: str
    relevant: tuple[str, ...]


def question_lines(path: Path) -> Iterator[tuple[int, str, Any]]:
    """Each non-blank line's number, question text and ``relevant`` value; a line that is not
    JSON or has no question is an error naming the line."""
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
        yield number, text, item.get("relevant")


def load_questions(path: Path) -> list[Question]:
    """Questions from a JSONL file; blank lines are skipped, anything else malformed is an error."""
    questions: list[Question] = []
    for number, text, relevant in question_lines(path):
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
