"""Explanations of quoting mistakes: a quote left open, a quote inside a quoted value, and a
value with ': ' in it that needs quotes."""

from __future__ import annotations

import yaml

from pregame.playbook.syntax_text import (
    KEY_LINE,
    Diagnosis,
    SyntaxSpot,
    at_or_after,
    escape,
    indent,
)

QUOTES = {'"': "double", "'": "single"}


def open_quote(e: SyntaxSpot) -> Diagnosis | None:
    """A quote opened and not closed on its line: reported where it opened, not where YAML
    found the quote that closes it (often many lines later)."""
    if e.context == "while scanning a quoted scalar" and e.context_mark is not None:
        start = (e.context_mark.line, e.context_mark.column)
        until = "the end of the file" if "end of stream" in e.problem else f"line {e.line + 1}"
    else:
        token = _quoted_across_lines_ending_on(e)
        if token is None:
            return None
        start = (token.start_mark.line, token.start_mark.column)
        until = f"the next {e.text(start[0])[start[1]]} on line {token.end_mark.line + 1}"
    line, column = start
    quote = e.text(line)[column : column + 1]
    if quote not in QUOTES:
        return None
    return Diagnosis(
        line + 1,
        column + 1,
        f"the {QUOTES[quote]} quote ({quote}) opened here is not closed on this line, so YAML "
        f"reads everything up to {until} as one value: add the closing {quote} at the end of "
        "the value",
        e.replace(line, e.text(line).rstrip() + quote),
    )


def _quoted_across_lines_ending_on(e: SyntaxSpot) -> yaml.ScalarToken | None:
    """A quoted value that spans lines and ends on the line where the parser gave up: the
    quote that ends it is most likely the opening quote of a later value."""
    found = None
    for token in e.tokens:
        if token.start_mark.line > e.line:
            break
        if (
            isinstance(token, yaml.ScalarToken)
            and token.style in QUOTES
            and token.start_mark.line < token.end_mark.line == e.line
        ):
            found = token
    return found


def text_after_quote(e: SyntaxSpot) -> Diagnosis | None:
    """``do: "We said "yes" to them"``: the value ends at the second quote."""
    before = [t for t in e.tokens if not at_or_after(e, t.start_mark)]
    last = before[-1] if before else None
    if (
        not isinstance(last, yaml.ScalarToken)
        or last.style not in QUOTES
        or last.start_mark.line != e.line
        or last.end_mark.line != e.line
    ):
        return None
    quote, column = last.style, last.start_mark.column
    other = "'" if quote == '"' else '"'
    escaped = '\\"' if quote == '"' else "''"
    value = e.text(e.line)[column:].rstrip()
    repaired = None
    if len(value) > 1 and value.endswith(quote):
        inner = value[1:-1].replace(quote, escaped) if quote == "'" else escape(value[1:-1])
        repaired = e.replace(e.line, e.text(e.line)[:column] + quote + inner + quote)
    return Diagnosis(
        e.line + 1,
        column + 1,
        f"this value in {quote}...{quote} ends at column {last.end_mark.column}, but more text "
        f"follows it: to put a {quote} inside the value write {escaped}, or put the whole value "
        f"in {other}...{other} instead",
        repaired,
    )


def quote_value(e: SyntaxSpot, line: int) -> Diagnosis | None:
    """The value of the field on ``line`` has ': ' in it: it needs quotes (over all its lines)."""
    match = KEY_LINE.match(e.text(line))
    if match is None or not match["rest"].strip():
        return None
    key, rest = match["key"], match["rest"]
    start = match.end("key") + 1 + len(rest) - len(rest.lstrip())
    column = len(match["indent"]) + len(match["dash"])
    end = line
    for later in range(line + 1, len(e.lines)):
        if e.lines[later].strip() and indent(e.lines[later]) <= column:
            break
        if e.lines[later].strip():
            end = later
    value = " ".join(e.lines[i].strip() for i in range(line, end + 1))
    value = value[value.index(rest.strip()) :]
    preview = value if len(value) <= 50 else value[:47] + "..."
    fixed = list(e.lines)
    fixed[line] = fixed[line][:start] + '"' + escape(fixed[line][start:].rstrip())
    for i in range(line + 1, end + 1):
        fixed[i] = escape(fixed[i])
    fixed[end] = fixed[end].rstrip() + '"'
    return Diagnosis(
        line + 1,
        start + 1,
        f"the value of '{key}' contains ': ', which YAML reads as the start of another field: "
        f'put the whole value in quotes, like {key}: "{preview}"',
        fixed,
    )
