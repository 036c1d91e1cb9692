"""Broken playbook files as their owners hear of them in Slack: which file, whose, what is wrong.

A file is stale when the version on disk is broken and the bot serves an older one (or none):
:meth:`PlaybookLibrary.stale <pregame.playbook.library.PlaybookLibrary.stale>` says so after a
refresh. Its owner is the ``owner`` of the version served; for a file never loaded, the owner
written in the broken file when it can still be read. The owner is reached in Slack like the
weekly digest reaches owners (:class:`~pregame.insights.people.Roster`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from pregame.insights.people import Roster
from pregame.playbook.library import PlaybookLibrary

_WHERE = re.compile(r"^\s*(\d+):(\d+):\s*(.*)$", re.DOTALL)


@dataclass(frozen=True)
class StaleAlert:
    """One broken playbook file, for its owner and the managers."""

    file: str
    """As the project names it (relative to the project folder): ``playbooks/x.yml``."""
    sha256: str
    """The broken content: an owner hears once per broken version."""
    error: str
    """The first problem: ``line:column: field: message``."""
    problems: int
    owner: str
    """The owner field ("" when it cannot be told)."""
    slack_id: str | None
    """Where to DM the owner; None when the owner has no Slack id (``PREGAME_OWNERS``)."""
    served_at: float | None
    """Modification time of the version sellers get; None when they get none."""
    title: str | None = None
    """The served version's title."""

    @property
    def line(self) -> int | None:
        found = _WHERE.match(self.error)
        return int(found.group(1)) if found else None

    @property
    def column(self) -> int | None:
        found = _WHERE.match(self.error)
        return int(found.group(2)) if found else None

    @property
    def message(self) -> str:
        """The problem without its line and column (its field path first, when it has one)."""
        found = _WHERE.match(self.error)
        return found.group(3) if found else self.error


def project_path(path: Path, root: Path) -> str:
    """``path`` relative to the project folder (as `pregame validate` takes it), else whole."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def owner_in_file(path: Path) -> str | None:
    """The ``playbook.owner`` written in a file the schema rejects; None if the YAML cannot be
    read or holds no owner."""
    try:
        data = yaml.safe_load(path.read_bytes())
    except (OSError, yaml.YAMLError):
        return None
    meta = data.get("playbook") if isinstance(data, dict) else None
    owner = meta.get("owner") if isinstance(meta, dict) else None
    return (owner.strip() or None) if isinstance(owner, str) else None


def stale_alerts(library: PlaybookLibrary, root: Path, roster: Roster) -> list[StaleAlert]:
    """The library's stale files as of its last refresh, with their owners (blocking: reads a
    broken file that was never loaded, for its owner)."""
    served = library.by_file()
    alerts = []
    for stale in library.stale():
        live = served.get(stale.file)
        owner = live.playbook.owner if live is not None else owner_in_file(stale.file)
        alerts.append(
            StaleAlert(
                file=project_path(stale.file, root),
                sha256=stale.broken_sha256,
                error=stale.error,
                problems=stale.problems,
                owner=owner or "",
                slack_id=roster.slack_id(owner) if owner else None,
                served_at=stale.served_at,
                title=live.title if live is not None else None,
            )
        )
    return alerts


def live_titles(library: PlaybookLibrary, root: Path) -> dict[str, str]:
    """Each file the library serves as it is on disk (not stale), with its playbook's title."""
    broken = {s.file for s in library.stale()}
    return {
        project_path(path, root): playbook.title
        for path, playbook in library.by_file().items()
        if path not in broken
    }
