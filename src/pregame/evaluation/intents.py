"""Held-out NLU sets (Rasa YAML) and the macro F1 of an intent classifier's readings of them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import yaml

_ENTITY = re.compile(r"\[([^\]]+)\]\([a-z_]+\)")


def labelled_utterances(path: Path) -> list[tuple[str, str]]:
    """``(text, intent)`` for every example of a Rasa NLU file, entity markup removed."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        (_ENTITY.sub(r"\1", line.strip()[2:]), block["intent"])
        for block in data["nlu"]
        for line in block["examples"].splitlines()
        if line.strip()
    ]


def macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """The mean over the true intents of each one's F1 (a reading under the fallback threshold,
    ``nlu_fallback``, is a miss)."""
    f1s = []
    for intent in sorted(set(truth)):
        tp = sum(p == intent and t == intent for t, p in zip(truth, predicted, strict=True))
        fp = sum(p == intent and t != intent for t, p in zip(truth, predicted, strict=True))
        fn = sum(p != intent and t == intent for t, p in zip(truth, predicted, strict=True))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0
