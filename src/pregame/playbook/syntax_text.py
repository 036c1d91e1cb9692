"""Lines of YAML text as a person reads them: fields, list items and lines of text, their
indentation, and the fields above a line; and the error being explained."""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from dataclasses import dataclass

import yaml

KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>(?:- +)*)(?P<key>\w[\w-]*):(?P<rest>.*)$")


@dataclass(frozen=True)
class Diagnosis:
    """Where the mistake most likely is (1-based), what to change, and the text with it
    changed (None when there is no safe guess)."""

    line: int
    column: int
    message: str
    repaired: list[str] | None = None


@dataclass(frozen=True)
class SyntaxSpot:
    """A syntax error being explained: the file's lines, where the parser gave up (0-based),
    what it said, and the schema's field names (to tell a field from a line of text)."""

    lines: list[str]
    line: int
    column: int
    problem: str
    context: str
    context_mark: yaml.Mark | None
    field_names: Collection[str]

    def text(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def replace(self, index: int, text: str) -> list[str]:
        return [*self.lines[:index], text, *self.lines[index + 1 :]]

    @functools.cached_property
    def tokens(self) -> list[yaml.Token]:
        """The tokens of the text up to the error (the scanner may stop early)."""
        found: list[yaml.Token] = []
        try:
            for token in yaml.scan("\n".join(self.lines), Loader=yaml.SafeLoader):
                if token.start_mark.line > self.line:
                    break
                found.append(token)
        except yaml.YAMLError:
            pass
        return found


def key_above(lines: list[str], before: int, column: int) -> tuple[str, int, int] | None:
    """(key, its column, its line) of the nearest field above ``before`` indented less than
    ``column``."""
    for index in range(before - 1, -1, -1):
        match = KEY_LINE.match(lines[index])
        if match is not None and len(match["indent"]) + len(match["dash"]) < column:
            return match["key"], len(match["indent"]) + len(match["dash"]), index
    return None


def open_blocks(lines: list[str], before: int) -> list[tuple[int, int, str, bool]]:
    """(column, line, name, is a list item) of the keys and list items a line at ``before``
    could line up with: the nearest line above at each smaller indentation."""
    found: list[tuple[int, int, str, bool]] = []
    floor = 10**6
    for index in range(before - 1, -1, -1):
        text = lines[index]
        match = KEY_LINE.match(text)
        if match is None and not text.lstrip().startswith("- "):
            continue
        width = indent(text)
        if width >= floor:
            continue
        if match is not None:
            column = width + len(match["dash"])
            if column < floor:
                found.append((column, index, f"'{match['key']}'", False))
        if text.lstrip().startswith("-"):
            found.append((width, index, "the list item", True))
        floor = width
    return found


def previous_line(lines: list[str], before: int) -> int | None:
    """The nearest line above ``before`` with something on it other than a comment."""
    for index in range(before - 1, -1, -1):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index
    return None


def next_line(lines: list[str], after: int) -> int | None:
    """The nearest line below ``after`` with something on it other than a comment."""
    for index in range(after + 1, len(lines)):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index
    return None


def expected_indent(lines: list[str], before: int) -> int:
    """Where a line at ``before`` most likely belongs: under the field above, or beside it."""
    for index in range(before - 1, -1, -1):
        match = KEY_LINE.match(lines[index])
        if match is not None:
            column = len(match["indent"]) + len(match["dash"])
            opens = not match["rest"].split("#")[0].strip()
            return column + 2 if opens else column
    return 0


def at_or_after(e: SyntaxSpot, mark: yaml.Mark) -> bool:
    return (mark.line, mark.column) >= (e.line, e.column)


def is_structure(text: str) -> bool:
    """Whether a line starts a field or a list item (not a line of text)."""
    return KEY_LINE.match(text) is not None or text.lstrip().startswith("- ")


def indent_by(count: int) -> str:
    return f"indent it {spaces(count)}" if count else "start it at the beginning of the line"


def spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"


def indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
