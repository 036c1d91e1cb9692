"""A playbook file's data as YAML gives it, before (and whether or not) the schema accepts it.

Checks run on this raw data so that one run reports every problem of a file: a misspelt field
does not hide an unknown persona or a missing knowledge document. Places in it are *locs*, the
tuples pydantic uses (``("phases", 1, "steps", 0, "id")``); a loc ending in :data:`KEY` points
at the key of the entry before it rather than at its value, as in pydantic's dict-key errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

Draft = Mapping[str, Any]
"""A playbook file's top-level mapping, as parsed."""

Loc = tuple[str | int, ...]

KEY = "[key]"
"""Last part of a loc that names a mapping key (a field name, a persona id in a variant)."""

ANY = "*"
"""In a pattern for :func:`entries`: every item of a list, or every entry of a mapping."""

Finding = tuple[Loc, str]
"""A problem found by a check: where (a loc) and a message saying what to change."""

Check = Callable[[Draft], list[Finding]]
"""A check of a whole playbook, run on its raw data whether or not the schema accepts it."""


def entries(data: Any, *pattern: str) -> Iterator[tuple[Loc, Any]]:
    """Every value at ``pattern`` (field names, or :data:`ANY`) with its loc, skipping the
    places where the data does not have the expected shape (the schema reports those)."""
    if not pattern:
        yield (), data
        return
    head, rest = pattern[0], pattern[1:]
    if head == ANY and isinstance(data, list):
        for index, item in enumerate(data):
            for loc, value in entries(item, *rest):
                yield (index, *loc), value
    elif head == ANY and isinstance(data, Mapping):
        for key, item in data.items():
            for loc, value in entries(item, *rest):
                yield (str(key), *loc), value
    elif isinstance(data, Mapping) and head in data:
        for loc, value in entries(data[head], *rest):
            yield (head, *loc), value


def text(value: Any) -> str | None:
    """``value`` as the schema's text (stripped), or None when it is not text."""
    return value.strip() if isinstance(value, str) else None


def field_path(loc: Loc) -> str:
    """``phases[1].steps[0].variants.personas.cfo`` for people: indexes count from 0."""
    out = ""
    for part in loc:
        if part == KEY:
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
