"""Schema errors in a sales manager's words: what is wrong, what was expected, did you mean.

Pydantic says "Input should be 'thought', 'content', ... or 'loyalty'" and "invalid date
separator"; this module says "unknown interaction point 'valeu'; did you mean 'value'?" and
"expected a date as YYYY-MM-DD, got '2024/11/01'", each at a loc (see
:mod:`pregame.playbook.draft`).
"""

from __future__ import annotations

import re
import types
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic_core import ErrorDetails

from pregame.playbook.draft import KEY, Finding, Loc
from pregame.playbook.locate import is_empty, node_at
from pregame.playbook.schema import Playbook
from pregame.playbook.suggest import closest, did_you_mean

KEY_VALUE = re.compile(r"^[\w-]+:\S")


def field_names() -> set[str]:
    """Every field name of the schema, at any depth."""
    names: set[str] = set()
    todo: list[type[BaseModel]] = [Playbook]
    while todo:
        model = todo.pop()
        for name, info in model.model_fields.items():
            names.add(name)
            inner = _model_in(info.annotation)
            if inner is not None and not names.issuperset(inner.model_fields):
                todo.append(inner)
    return names


def schema_findings(errors: list[ErrorDetails], root: yaml.Node | None) -> list[Finding]:
    """One finding per pydantic error, with a message that says what to write instead. A
    required field reported missing next to an unknown field that is its misspelling is left
    out: the unknown field's did-you-mean says it all."""
    findings = [(_loc(err), _message(err, root)) for err in errors]
    misspelt = {
        (loc[:-2], hint)
        for loc, message in findings
        if loc[-1:] == (KEY,) and (hint := _suggested(message)) is not None
    }
    return [
        (loc, message)
        for (loc, message), err in zip(findings, errors, strict=True)
        if not (err["type"] == "missing" and (loc, str(err["loc"][-1])) in misspelt)
    ]


def _loc(err: ErrorDetails) -> Loc:
    loc = tuple(err["loc"])
    if err["type"] == "extra_forbidden":
        return (*loc, KEY)
    if err["type"] == "missing":
        return loc[:-1]
    return loc


def _suggested(message: str) -> str | None:
    found = re.search(r"did you mean '([^']+)'\?", message)
    return found[1] if found else None


def _message(err: ErrorDetails, root: yaml.Node | None) -> str:
    loc, kind, value = tuple(err["loc"]), err["type"], err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _allowed_fields(loc[:-1])
        return f"unknown field '{name}'; {did_you_mean(name, allowed, 'field')}"
    if kind == "missing":
        return f"required field '{loc[-1]}' is missing"
    if kind == "enum":
        return _enum_message(loc, value)
    if kind.startswith("date"):
        return f"expected a date as YYYY-MM-DD, got {_shown(value, loc, root)}"
    if kind == "string_pattern_mismatch":
        slug = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")
        suggestion = f" (for example '{slug}')" if slug else ""
        return f"an id uses only lowercase letters, digits and dashes{suggestion}; got '{value}'"
    if kind == "string_type":
        return _not_text(value, loc, root)
    if kind == "string_too_short":
        return "must not be empty: write the text, or remove the field"
    if kind == "too_short":
        return "needs at least one entry (a line starting with '- ' under it)"
    if kind == "list_type":
        return (
            f"expected a list (one '- item' per line, or items in square brackets), "
            f"got {_shown(value, loc, root)}"
        )
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        message = (
            f"expected fields here (indented 'name: value' lines), got {_shown(value, loc, root)}"
        )
        if isinstance(value, str) and KEY_VALUE.match(value):
            name, _, rest = value.partition(":")
            message += f"; put a space after the colon: '{name}: {rest}'"
        return message
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {_shown(value, loc, root)}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, got {value}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}, got {value}"
    return str(err["msg"]).removeprefix("Value error, ")


def _enum_message(loc: Loc, value: Any) -> str:
    enum = _type_at(loc)
    if not (isinstance(enum, type) and issubclass(enum, Enum)):
        return f"'{value}' is not one of the allowed values"
    kind = re.sub(r"(?<!^)([A-Z])", r" \1", enum.__name__).lower()
    choices = [str(member.value) for member in enum]
    hint = closest(str(value), choices)
    fix = f"did you mean '{hint}'? " if hint is not None else ""
    return f"unknown {kind} '{value}'; {fix}({kind}s: {', '.join(choices)})"


def _not_text(value: Any, loc: Loc, root: yaml.Node | None) -> str:
    node = node_at(root, loc)
    if node is not None and is_empty(node):
        if isinstance(loc[-1], int):
            return "this list item is empty: write the text after '- ', or remove the line"
        return f"'{loc[-1]}' has no value: write it after '{loc[-1]}:'"
    if isinstance(node, yaml.ScalarNode) and node.value:
        read_as = {bool: "true/false", int: "a number", float: "a number"}.get(type(value))
        if read_as is not None:
            return (
                f"expected text, got '{node.value}', which YAML reads as {read_as}: "
                f'put it in quotes: "{node.value}"'
            )
    if isinstance(node, yaml.MappingNode) and len(node.value) == 1:
        key, item = node.value[0]
        if isinstance(key, yaml.ScalarNode) and isinstance(item, yaml.ScalarNode):
            return (
                "expected text, but the ': ' in it makes YAML read a 'field: value' pair: put "
                f'the text in quotes: "{key.value}: {item.value}"'
            )
    return f"expected text, got {_shown(value, loc, root)}"


def _shown(value: Any, loc: Loc, root: yaml.Node | None) -> str:
    """The value as the author wrote it, for a message."""
    node = node_at(root, loc)
    if isinstance(node, yaml.ScalarNode):
        return f"'{node.value}'" if node.value else "nothing"
    if isinstance(node, yaml.SequenceNode) or isinstance(value, list):
        return "a list"
    if isinstance(node, yaml.MappingNode) or isinstance(value, dict):
        return "a group of fields"
    return f"'{value}'"


def _allowed_fields(loc: Loc) -> list[str]:
    """Field names of the model at ``loc``."""
    model = _type_at(loc)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _type_at(loc: Loc) -> Any:
    """The schema's type at ``loc`` (a model, an enum, ...), or None when it has none."""
    current: Any = Playbook
    for index, part in enumerate(loc):
        current = _unwrap(current)
        origin = get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return None
            current = info.annotation
        elif origin is list and isinstance(part, int):
            current = get_args(current)[0]
        elif origin is dict:
            key_type, value_type = get_args(current)
            if loc[index + 1 : index + 2] == (KEY,):
                return _unwrap(key_type)
            current = value_type
        else:
            return None
    return _unwrap(current)


def _unwrap(annotation: Any) -> Any:
    """``X`` from ``Annotated[X, ...]`` and ``X | None``."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
