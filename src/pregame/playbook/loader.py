"""Load a playbook YAML file into the typed model, with file:line:column errors."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from pregame.playbook.schema import Playbook


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a playbook, located in its file."""

    path: Path
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class PlaybookError(Exception):
    """A playbook file that cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


Finding = tuple[tuple[str | int, ...], str]
"""A problem found by an extra check: the field path (as pydantic gives it) and a message."""

Check = Callable[[Playbook], list[Finding]]


def load_playbook(path: Path, checks: Sequence[Check] = ()) -> Playbook:
    """Parse and validate one playbook file; raise :class:`PlaybookError` on any problem.

    ``checks`` run on a schema-valid playbook (for example: do referenced documents exist?);
    their findings are located in the file like schema errors.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PlaybookError([Problem(path, 1, 1, "", f"cannot read file: {exc}")]) from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = getattr(exc, "problem", None) or str(exc)
        raise PlaybookError([Problem(path, line, col, "", f"YAML syntax error: {reason}")]) from exc
    if not isinstance(data, dict):
        raise PlaybookError(
            [Problem(path, 1, 1, "", "a playbook must be a mapping with a 'playbook:' section")]
        )
    try:
        playbook = Playbook.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(path, node, err) for err in exc.errors()]
        raise PlaybookError(problems) from exc
    findings = [finding for check in checks for finding in check(playbook)]
    if findings:
        raise PlaybookError(
            [Problem(path, *_locate(node, loc), _dotted(loc), msg) for loc, msg in findings]
        )
    return playbook


def _dotted(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _problem(path: Path, root: yaml.Node | None, err: Any) -> Problem:
    loc = tuple(err["loc"])
    line, col = _locate(root, loc)
    field = _dotted(loc)
    message = err["msg"].removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        message = _unknown_field_message(loc)
    elif err["type"] == "missing":
        message = f"required field '{loc[-1]}' is missing"
        field = _dotted(loc[:-1])
    return Problem(path, line, col, field, message)


def _unknown_field_message(loc: tuple[Any, ...]) -> str:
    name = str(loc[-1])
    allowed = _allowed_fields(loc[:-1])
    hint = difflib.get_close_matches(name, allowed, n=1)
    message = f"unknown field '{name}'"
    if hint:
        return f"{message}; did you mean '{hint[0]}'?"
    return f"{message}; allowed here: {', '.join(sorted(allowed))}"


def _allowed_fields(loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model at ``loc``, following list indexes and nested models."""
    model: type[BaseModel] = Playbook
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        if field is None:
            return []
        inner = _model_in(field.annotation)
        if inner is None:
            return []
        model = inner
    return list(model.model_fields)


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _locate(node: yaml.Node | None, loc: tuple[Any, ...]) -> tuple[int, int]:
    """Line and column (1-based) of the deepest YAML node along ``loc``."""
    if node is None:
        return 1, 1
    current = node
    for part in loc:
        child = _child(current, part)
        if child is None:
            break
        current = child
    return current.start_mark.line + 1, current.start_mark.column + 1


def _child(node: yaml.Node, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                # An unknown key is best reported at the key itself.
                return key if not isinstance(value, yaml.Node) or value is None else value
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        child: yaml.Node = node.value[part]
        return child
    return None
