"""Parse a playbook's YAML, explaining syntax errors in plain language where the mistake most
likely is, and going on past each one that has an obvious fix to find the next.

PyYAML reports where it gave up, which is often not where the mistake is: a quote left open on
line 3 is reported where the next quote closes it, a key indented one space too far as "mapping
values are not allowed here". :func:`parse` looks at the text around the error, says what to
change, applies that change to a copy of the text and parses again (line numbers are kept), so
one run finds the later problems too.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import yaml

from pregame.playbook.draft import KEY, Loc
from pregame.playbook.locate import loc_at_line
from pregame.playbook.syntax_hints import diagnose

MAX_REPAIRS = 20


@dataclass(frozen=True)
class Slip:
    """A problem found while reading the YAML: 1-based line and column, loc and message."""

    line: int
    column: int
    loc: Loc
    message: str


@dataclass(frozen=True)
class Parsed:
    """The file's YAML tree and data (None when it could not be read) and its slips."""

    node: yaml.Node | None
    data: Any
    slips: list[Slip]
    """The syntax errors, each explained (and fixed in the copy parsed, when the fix is safe)."""
    duplicates: list[Slip] = field(default_factory=list)
    """Keys written twice in one mapping."""


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps dates as written, so the schema can say what a bad one should be
    (YAML itself fails on 2024-13-40 with "month must be in 1..12")."""


def _as_written(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _as_written)


def parse(text: str, field_names: Collection[str] = ()) -> Parsed:
    """Parse ``text``; ``field_names`` (the schema's) tell a mis-indented field from prose."""
    lines = text.split("\n")
    slips: list[Slip] = []
    seen: set[tuple[int, int, str]] = set()
    for _ in range(MAX_REPAIRS):
        try:
            node, data = _compose("\n".join(lines))
        except yaml.MarkedYAMLError as exc:
            diagnosis = diagnose(lines, exc, field_names)
            if all(slip.line != diagnosis.line for slip in slips):  # one per line: the first
                slips.append(Slip(diagnosis.line, diagnosis.column, (), diagnosis.message))
            key = (diagnosis.line, diagnosis.column, diagnosis.message)
            if diagnosis.repaired is None or diagnosis.repaired == lines or key in seen:
                break
            seen.add(key)
            lines = diagnosis.repaired
            continue
        placed = [Slip(s.line, s.column, loc_at_line(node, s.line), s.message) for s in slips]
        return Parsed(node, data, placed, _duplicate_keys(node, ()))
    return Parsed(None, None, [_placed_in_part(lines, slip) for slip in slips])


def _placed_in_part(lines: list[str], slip: Slip) -> Slip:
    """``slip`` with the loc of its line, from the part of the file up to it that parses."""
    for end in (slip.line, slip.line - 1):
        try:
            node, _ = _compose("\n".join(lines[:end]))
        except yaml.YAMLError:
            continue
        return Slip(slip.line, slip.column, loc_at_line(node, slip.line), slip.message)
    return slip


def _compose(text: str) -> tuple[yaml.Node | None, Any]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


def _duplicate_keys(node: yaml.Node | None, loc: Loc) -> list[Slip]:
    """Keys written twice in one mapping: YAML silently keeps the last, losing the first."""
    slips: list[Slip] = []
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            if name in first:
                slips.append(
                    Slip(
                        key.start_mark.line + 1,
                        key.start_mark.column + 1,
                        (*loc, name, KEY),
                        f"'{name}' is written twice here (first on line {first[name]}); "
                        "YAML keeps only the last one: remove or rename one of them",
                    )
                )
            first.setdefault(name, key.start_mark.line + 1)
            slips += _duplicate_keys(value, (*loc, name))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            slips += _duplicate_keys(item, (*loc, index))
    return slips
