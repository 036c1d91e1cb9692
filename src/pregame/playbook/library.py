"""The set of playbooks the bot serves, reloaded from disk when files change.

An invalid edit never replaces a working playbook: the last valid version stays live and the
problem is kept in :attr:`PlaybookLibrary.errors` (and logged).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pregame.playbook.loader import PlaybookError, load_playbook
from pregame.playbook.schema import Playbook

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Entry:
    mtime_ns: int
    playbook: Playbook | None


OnChange = Callable[[dict[Path, "Playbook"]], None]


class PlaybookLibrary:
    """Playbooks from one folder, keyed by playbook id.

    ``on_change`` is called with every valid playbook (by file) after a refresh that changed
    something, for example to re-index the playbooks' steps for search.
    """

    def __init__(self, folder: Path, on_change: OnChange | None = None) -> None:
        self.folder = folder
        self.on_change = on_change
        self._files: dict[Path, _Entry] = {}
        self._valid: dict[Path, Playbook] = {}
        self.errors: dict[Path, PlaybookError] = {}
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Re-read added or changed files and drop deleted ones (a stat per file)."""
        with self._lock:
            changed = False
            present = {p: p.stat().st_mtime_ns for p in sorted(self.folder.glob("*.y*ml"))}
            for gone in set(self._files) - set(present):
                changed = changed or gone in self._valid
                self._files.pop(gone)
                self._valid.pop(gone, None)
                self.errors.pop(gone, None)
            for path, mtime in present.items():
                known = self._files.get(path)
                if known is not None and known.mtime_ns == mtime:
                    continue
                try:
                    playbook = load_playbook(path)
                except PlaybookError as exc:
                    self.errors[path] = exc
                    self._files[path] = _Entry(mtime, None)
                    log.error("playbook %s is invalid; serving last valid version:\n%s", path, exc)
                    continue
                self.errors.pop(path, None)
                self._files[path] = _Entry(mtime, playbook)
                self._valid[path] = playbook
                changed = True
            if changed and self.on_change is not None:
                try:
                    self.on_change(dict(self._valid))
                except Exception:  # a failing listener must not stop the playbooks loading
                    log.exception("playbook change listener failed")

    def by_file(self) -> dict[Path, Playbook]:
        """Every valid playbook, keyed by its file."""
        self.refresh()
        return dict(self._valid)

    def playbooks(self) -> list[Playbook]:
        self.refresh()
        return sorted(self._valid.values(), key=lambda p: p.id)

    def get(self, playbook_id: str) -> Playbook:
        for playbook in self.playbooks():
            if playbook.id == playbook_id:
                return playbook
        raise KeyError(playbook_id)
