"""Where a loc is in the YAML text: the line and column of the offending key or value."""

from __future__ import annotations

import yaml

from pregame.playbook.draft import KEY, Loc

NULL_TAG = "tag:yaml.org,2002:null"


def locate(root: yaml.Node | None, loc: Loc) -> tuple[int, int]:
    """1-based line and column of ``loc`` in the tree under ``root``.

    A loc ending in :data:`~pregame.playbook.draft.KEY` gives its key; an empty value
    (``do:`` with nothing after it) gives its key too, on the line where the field is written.
    A loc that leaves the tree (a missing field) gives the deepest place it reaches.
    """
    if root is None:
        return 1, 1
    current: yaml.Node = root
    key: yaml.Node | None = None
    for part in loc:
        if part == KEY:
            current = key if key is not None else current
            break
        found = _child(current, part)
        if found is None:
            break
        key, current = found
    if key is not None and current is not key and is_empty(current):
        current = key
    return current.start_mark.line + 1, current.start_mark.column + 1


def node_at(root: yaml.Node | None, loc: Loc) -> yaml.Node | None:
    """The value node at ``loc``, or None when the tree does not reach it."""
    current = root
    for part in loc:
        if current is None or part == KEY:
            return current
        found = _child(current, part)
        current = found[1] if found is not None else None
    return current


def is_empty(node: yaml.Node) -> bool:
    """Whether ``node`` is a value left out (``field:`` with nothing after it)."""
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG and node.value == ""


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        found = None
        for key, value in node.value:  # the last of duplicate keys is the one YAML keeps
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                found = (key, value)
        return found
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return None, node.value[part]
    return None


def loc_at_line(root: yaml.Node | None, line: int) -> Loc:
    """The loc of the field or list item written on ``line`` (1-based): in each mapping or
    list, the last entry that starts on or before it, down to the one that starts on it;
    ``()`` when none does."""
    target = line - 1
    loc: Loc = ()
    node = root
    while node is not None:
        entries: list[tuple[str | int, yaml.Node, yaml.Node]] = []
        if isinstance(node, yaml.MappingNode):
            entries = [(str(key.value), key, value) for key, value in node.value]
        elif isinstance(node, yaml.SequenceNode):
            entries = [(index, item, item) for index, item in enumerate(node.value)]
        started = [entry for entry in entries if entry[1].start_mark.line <= target]
        if not started:
            break
        part, head, node = started[-1]
        loc = (*loc, part)
        if head.start_mark.line == target:
            break  # the field or item written on that line, not what it holds
    return loc
