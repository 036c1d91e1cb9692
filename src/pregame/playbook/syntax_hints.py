"""What a YAML syntax error most likely means, where the mistake is, and the fix.

Each rule looks at PyYAML's error and the lines around it. A rule that knows the fix returns
the lines with it applied, so the parser can go on and find the next problem.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection

import yaml

from pregame.playbook.syntax_quotes import open_quote, quote_value, text_after_quote
from pregame.playbook.syntax_text import (
    KEY_LINE,
    Diagnosis,
    SyntaxSpot,
    escape,
    expected_indent,
    indent,
    indent_by,
    is_structure,
    key_above,
    next_line,
    open_blocks,
    previous_line,
    spaces,
)

NO_SPACE = re.compile(r"^(?P<lead> *(?:- +)*)(?P<key>\w[\w-]*):(?P<value>[^\s:].*)$")
SPECIAL = re.compile(r"^ *(?:- +)*(?:[\w-]+: +)?(?P<char>[!&*%@`])")
KEY_AFTER = re.compile(r"(?P<key>[^\s:]+):(?:\s|$)")
NO_DASH_SPACE = re.compile(r"^(?P<indent> *)-(?P<rest>[^\s-].*)$")

Rule = Callable[[SyntaxSpot], Diagnosis | None]


def diagnose(
    lines: list[str], exc: yaml.MarkedYAMLError, field_names: Collection[str]
) -> Diagnosis:
    """The most likely mistake behind ``exc`` in ``lines``, said plainly."""
    mark = exc.problem_mark
    error = SyntaxSpot(
        lines,
        mark.line if mark else 0,
        mark.column if mark else 0,
        exc.problem or "",
        exc.context or "",
        exc.context_mark,
        field_names,
    )
    rules: list[Rule] = [
        _tab,
        _special_character,
        open_quote,
        text_after_quote,
        _open_bracket,
        _no_space_after_colon,
        _no_space_after_dash,
        _text_block,
        _line_above,
        _colon,
        _indentation,
    ]
    for rule in rules:
        found = rule(error)
        if found is not None:
            return found
    return Diagnosis(
        error.line + 1,
        error.column + 1,
        f"YAML syntax error: {error.problem or error.context}; check this line and the one "
        "above: indentation lined up with the fields around it (spaces, not tabs), quotes "
        "closed, and a space after each ':' and '-'",
    )


def _tab(e: SyntaxSpot) -> Diagnosis | None:
    if "\\t" not in e.problem and "\t" not in e.problem:
        return None
    text = e.text(e.line)
    if text[: e.column].strip(" \t"):
        fixed = text[: e.column] + " " + text[e.column + 1 :]
    else:
        fixed = " " * expected_indent(e.lines, e.line) + text.lstrip(" \t")
    return Diagnosis(
        e.line + 1,
        e.column + 1,
        "this line has a tab character; YAML needs spaces for indentation and after ':': "
        "replace the tab with spaces (set your editor to insert spaces for Tab)",
        e.replace(e.line, fixed),
    )


def _special_character(e: SyntaxSpot) -> Diagnosis | None:
    """``- !id: x``, ``do: *really* listen``: at the start of a key or value, ! & * % @ and `
    mean something to YAML (a tag, an anchor, an alias) or are reserved."""
    above = previous_line(e.lines, e.line)
    for line in (e.line, *([] if above is None else [above])):
        text = e.text(line)
        found = SPECIAL.match(text)
        if found is None:
            continue
        start = found.start("char")
        if text[start + 1 : start + 2].isspace():
            return Diagnosis(
                line + 1,
                start + 1,
                f"a stray '{found['char']}' (YAML reads it as a special character): remove it",
                e.replace(line, text[:start] + " " + text[start + 1 :]),
            )
        key = KEY_AFTER.match(text, start)
        end = key.end("key") if key is not None else len(text.rstrip())
        quoted = '"' + escape(text[start:end]) + '"'
        what = "a field name" if key is not None else "a value"
        return Diagnosis(
            line + 1,
            start + 1,
            f"'{found['char']}' at the start of {what} has a special meaning in YAML: put it in "
            f"quotes, like {quoted}",
            e.replace(line, text[:start] + quoted + text[end:]),
        )
    return None


def _open_bracket(e: SyntaxSpot) -> Diagnosis | None:
    """``tags: [a, b`` with no ``]``: the parser notices on a later line."""
    kind = {"while parsing a flow sequence": "]", "while parsing a flow mapping": "}"}
    close = kind.get(e.context)
    if close is None or e.context_mark is None or e.context_mark.line == e.line:
        return None
    line, column = e.context_mark.line, e.context_mark.column
    opened = e.text(line)[column : column + 1]
    return Diagnosis(
        line + 1,
        column + 1,
        f"the {opened} opened here is not closed on this line: add {close} at the end of the list",
        e.replace(line, e.text(line).rstrip() + close),
    )


def _no_space_after_colon(e: SyntaxSpot) -> Diagnosis | None:
    if e.context != "while scanning a simple key" or e.context_mark is None:
        return None
    line = e.context_mark.line
    text = e.text(line)
    match = NO_SPACE.match(text)
    if match is not None:
        colon = len(match["lead"]) + len(match["key"])
        return Diagnosis(
            line + 1,
            colon + 1,
            f"put a space after the colon: write '{match['key']}: {match['value'].strip()}'",
            e.replace(line, text[: colon + 1] + " " + text[colon + 1 :]),
        )
    parent = key_above(e.lines, line, indent(text) + 1)
    if parent is None:
        return None
    key, column, owner = parent
    after = next_line(e.lines, line)
    if after is not None and indent(e.text(after)) == indent(text) and not is_structure(text):
        return Diagnosis(  # a whole text at the field's own indentation
            owner + 1,
            column + 1,
            f"the text of '{key}' (from line {line + 1}) must be indented more than '{key}' "
            f"itself: indent the text further, or check the indentation of '{key}'",
        )
    return Diagnosis(
        line + 1,
        indent(text) + 1,
        f"this line has no 'field:' in front: if it continues the text of '{key}', indent it "
        f"more than '{key}' ({column + 2} spaces); otherwise write it as 'field: value'",
        e.replace(line, " " * (column + 2) + text.lstrip()),
    )


def _no_space_after_dash(e: SyntaxSpot) -> Diagnosis | None:
    text = e.text(e.line)
    match = NO_DASH_SPACE.match(text)
    if match is None or len(match["indent"]) != e.column:
        return None
    dash = len(match["indent"])
    return Diagnosis(
        e.line + 1,
        dash + 1,
        f"put a space after '-' to start a list item: write '- {match['rest'].strip()}'",
        e.replace(e.line, text[: dash + 1] + " " + text[dash + 1 :]),
    )


def _line_above(e: SyntaxSpot) -> Diagnosis | None:
    """The line where the parser gave up lines up with the line after it: then the odd one out
    is most likely the line above (mis-indented, or a stray character that changed it)."""
    text = e.text(e.line)
    match = KEY_LINE.match(text)
    starts = e.column == indent(text) or (match is not None and match.end("key") == e.column)
    known = e.problem.startswith("expected <block end>") or e.problem.startswith("mapping values")
    if not (known and starts and is_structure(text)):
        return None
    after, above = next_line(e.lines, e.line), previous_line(e.lines, e.line)
    if after is None or above is None or not is_structure(e.text(after)):
        return None
    width = indent(text)
    dash = text.lstrip().startswith("-")
    if indent(e.text(after)) != width or e.text(after).lstrip().startswith("-") != dash:
        return None
    return Diagnosis(
        above + 1,
        indent(e.text(above)) + 1,
        f"lines {e.line + 1} and {after + 1} are indented {spaces(width)}, which does not fit "
        f"under this line: check the indentation of this line, and look on it for a stray or "
        "missing character (a quote, a colon, a dash)",
    )


def _colon(e: SyntaxSpot) -> Diagnosis | None:
    """ "mapping values are not allowed here": a field indented too far (YAML reads it as more
    text of the field above), or a value with ': ' in it."""
    if e.problem != "mapping values are not allowed here":
        return None
    text = e.text(e.line)
    match = KEY_LINE.match(text)
    at_key = match is not None and match.end("key") == e.column
    if match is not None and at_key and match["key"] in e.field_names:
        column = len(match["indent"]) + len(match["dash"])
        sibling = key_above(e.lines, e.line, column)
        if sibling is not None:
            key, target, line = sibling
            shift = column - target
            fixed = text[shift:] if not text[:shift].strip() else None
            return Diagnosis(
                e.line + 1,
                column + 1,
                f"'{match['key']}' is indented {spaces(column)} but '{key}' on line {line + 1} "
                f"uses {target}, so YAML reads it as more text of '{key}': "
                f"{indent_by(target)} to line it up",
                e.replace(e.line, fixed) if fixed is not None else None,
            )
    if match is not None and not at_key:
        start = e.line
    else:
        above = key_above(e.lines, e.line, indent(text))
        start = above[2] if above is not None else e.line
    return quote_value(e, start)


def _text_block(e: SyntaxSpot) -> Diagnosis | None:
    """A line of a field's text indented differently from the others: YAML takes the first
    line's indentation for the whole text, so a first line one space too far ends it early."""
    text = e.text(e.line)
    if not e.problem.startswith("expected <block end>") or is_structure(text):
        return None
    owner = key_above(e.lines, e.line, indent(text))
    if owner is None:
        return None
    key, column, line = owner
    block = []
    for index in range(line + 1, len(e.lines)):
        if not e.lines[index].strip():
            continue
        if indent(e.lines[index]) <= column or is_structure(e.lines[index]):
            break
        block.append(index)
    indents = [indent(e.lines[i]) for i in block]
    usual = max(set(indents), key=indents.count) if indents else indent(text)
    odd = next((i for i in block if indent(e.lines[i]) != usual), None)
    if odd is None:
        return None
    width = indent(e.lines[odd])
    return Diagnosis(
        odd + 1,
        width + 1,
        f"this line of the text of '{key}' is indented {spaces(width)} but the others use "
        f"{usual}: start every line of the text at the same column",
        e.replace(odd, " " * usual + e.lines[odd].lstrip()),
    )


def _indentation(e: SyntaxSpot) -> Diagnosis | None:
    text = e.text(e.line)
    if not e.problem.startswith("expected <block end>") or indent(text) != e.column:
        return None
    if not is_structure(text):
        return None
    dash = text.lstrip().startswith("-")
    options = open_blocks(e.lines, e.line)
    same_kind = [o for o in options if o[3] == dash] or options
    if not same_kind:
        return None
    column = e.column
    target, line, name, _ = min(same_kind, key=lambda o: (abs(o[0] - column), -o[0]))
    if target == column:
        return None
    match = KEY_LINE.match(text)
    what = "this list item" if dash else f"'{match['key']}'" if match else "this line"
    fixed = " " * target + text.lstrip()
    return Diagnosis(
        e.line + 1,
        column + 1,
        f"{what} is indented {spaces(column)}, but {name} on line {line + 1} uses {target}: "
        f"{indent_by(target)} to line it up (YAML nests by indentation)",
        e.replace(e.line, fixed),
    )
