"""Which files are playbooks: the one discovery rule for `pregame validate` and the library."""

from __future__ import annotations

from pathlib import Path

SUFFIXES = ("*.yml", "*.yaml")


def playbook_files(*targets: Path) -> list[Path]:
    """Playbook files among ``targets``, sorted: a file given is kept as it is, a folder gives
    its ``*.yml`` and ``*.yaml`` files (not its sub-folders'). A file named twice counts once."""
    found: set[Path] = set()
    for target in targets:
        if target.is_file():
            found.add(target)
        else:
            found.update(f for pattern in SUFFIXES for f in target.glob(pattern) if f.is_file())
    return sorted(found)
