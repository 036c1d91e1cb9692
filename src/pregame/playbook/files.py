"""Which files are playbooks (the one discovery rule for `pregame validate` and the library),
and which folder is the project they belong to."""

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


def project_root(
    start: Path, playbooks: Path = Path("playbooks"), data: Path = Path(".pregame")
) -> Path | None:
    """The nearest folder at or above ``start`` that is a Pregame project: one with a
    ``playbooks`` folder and a ``pyproject.toml`` or a ``data`` folder (``.pregame``)."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        marked = (folder / "pyproject.toml").is_file() or (folder / data).is_dir()
        if marked and (folder / playbooks).is_dir():
            return folder
    return None
