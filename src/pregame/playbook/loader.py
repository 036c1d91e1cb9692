"""Load a playbook YAML file into the typed model, reporting every problem of the file at once.

One run gives all of them, in file order, each at the line and column of the offending key or
value with its field path (``phases[1].steps[0].variants.personas.cfo``): YAML syntax errors
in plain language (and the problems after each one that has an obvious fix), schema errors,
links between the parts (unknown persona, duplicate id, unknown phase) and the extra checks
(knowledge documents), which all run on the raw data whether or not the schema accepts it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from pregame.playbook.draft import Check as Check
from pregame.playbook.draft import Finding as Finding
from pregame.playbook.draft import Loc, field_path
from pregame.playbook.integrity import integrity_findings
from pregame.playbook.locate import locate
from pregame.playbook.schema import Playbook
from pregame.playbook.schema_problems import field_names, schema_findings
from pregame.playbook.syntax import Slip, parse


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
    """A playbook file that cannot be loaded; carries every problem found. ``in_file`` is
    False when only the extra checks failed (what they depend on may change, not the file)."""

    def __init__(self, problems: list[Problem], in_file: bool = True) -> None:
        self.problems = problems
        self.in_file = in_file
        super().__init__("\n".join(str(p) for p in problems))


def load_playbook(path: Path, checks: Sequence[Check] = ()) -> Playbook:
    """Read, parse and validate one playbook file; raise :class:`PlaybookError` with every
    problem found. ``checks`` (for example: do referenced documents exist?) run on the file's
    data and their findings are located in the file like schema errors."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlaybookError([Problem(path, 1, 1, "", f"cannot read file: {exc}")]) from exc
    return read_playbook(path, raw, checks)


def read_playbook(path: Path, raw: bytes, checks: Sequence[Check] = ()) -> Playbook:
    """:func:`load_playbook` for a file's bytes already read (``path`` names it in problems)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        message = "the file is not UTF-8 text: save it as UTF-8 in your editor"
        raise PlaybookError([Problem(path, line, 1, "", message)]) from exc
    parsed = parse(text, _field_names())
    syntax = [_problem(path, s) for s in parsed.slips]
    data = parsed.data
    if parsed.node is None or not isinstance(data, dict):
        if parsed.node is not None or not syntax:
            shape = "is empty" if data is None else "is not a set of 'name: value' fields"
            message = f"the file {shape}: a playbook starts with a 'playbook:' section"
            syntax.append(Problem(path, 1, 1, "", message))
        raise PlaybookError(sorted(syntax, key=lambda p: (p.line, p.column)))

    def place(loc: Loc, message: str) -> Problem:
        return Problem(path, *locate(parsed.node, loc), field_path(loc), message)

    problems = [_problem(path, s) for s in parsed.duplicates]
    links = integrity_findings(data)
    extra = [finding for check in checks for finding in check(data)]
    playbook: Playbook | None = None
    try:
        playbook = Playbook.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        if links:  # the schema's own check of the same rules, already located above
            errors = [e for e in errors if e["loc"] or e["type"] != "value_error"]
        problems += [place(loc, msg) for loc, msg in schema_findings(errors, parsed.node)]
    problems += [place(loc, msg) for loc, msg in links]
    in_file = bool(syntax or problems or playbook is None)
    problems += [place(loc, msg) for loc, msg in extra]
    if in_file or problems or playbook is None:
        # On a line with a syntax error, only that error: what else is found there comes from
        # reading the line with the suggested fix, and would only repeat it.
        fixed = {p.line for p in syntax}
        kept = syntax + [p for p in problems if p.line not in fixed]
        raise PlaybookError(sorted(kept, key=lambda p: (p.line, p.column)), in_file)
    return playbook


def _problem(path: Path, slip: Slip) -> Problem:
    return Problem(path, slip.line, slip.column, field_path(slip.loc), slip.message)


@functools.cache
def _field_names() -> frozenset[str]:
    return frozenset(field_names())
