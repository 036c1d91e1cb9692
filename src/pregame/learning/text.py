"""Sentences and comparable wording of playbook text, for building questions from it."""

from __future__ import annotations

import re

# After . ! or ?, an optional closing quote or bracket, space, then a capital or an opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"\u201d\u2019)]?\s+(?=[\"\u201c(]?[A-Z0-9])")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def sentences(text: str) -> list[str]:
    """``text`` split into sentences, each stripped; a closing quote stays with its sentence."""
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + len(match.group(0).rstrip())
        parts.append(text[start:end].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def first_sentence(text: str) -> str:
    found = sentences(text)
    return found[0] if found else text.strip()


def comparable(text: str) -> str:
    """Lowercase words separated by single spaces: wording compared without punctuation."""
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())


def appears_in(needle: str, haystack: str) -> bool:
    """Whether ``needle``'s words appear, in order and together, inside ``haystack``."""
    small = comparable(needle)
    return bool(small) and f" {small} " in f" {comparable(haystack)} "
