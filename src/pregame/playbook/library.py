"""The set of playbooks the bot serves, reloaded from disk when :meth:`refresh` is called.

Files are loaded through the same checks `pregame validate` applies, so a playbook that
validate rejects is never served. An invalid edit never replaces a working playbook: the last
valid version stays live and the problem is kept in :attr:`PlaybookLibrary.errors` (and logged).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pregame.playbook.files import playbook_files
from pregame.playbook.loader import Check, PlaybookError, load_playbook
from pregame.playbook.schema import Playbook

log = logging.getLogger(__name__)

OnChange = Callable[[dict[Path, Playbook]], None]


@dataclass(frozen=True)
class _Entry:
    mtime_ns: int
    playbook: Playbook | None


@dataclass(frozen=True)
class _Served:
    """What the last refresh left live; replaced as a whole, so readers never see half of it."""

    by_file: dict[Path, Playbook] = field(default_factory=dict)
    by_id: dict[str, Playbook] = field(default_factory=dict)
    ordered: list[Playbook] = field(default_factory=list)


class PlaybookLibrary:
    """Playbooks from one folder, keyed by playbook id.

    :meth:`refresh` is the only method that reads the disk; :meth:`playbooks`, :meth:`get`,
    :meth:`by_file` and :attr:`errors` describe what the last refresh found. ``checks`` run on
    every file loaded (for example: do its knowledge references exist?). ``on_change`` is called
    with every valid playbook (by file) after a refresh that changed something, for example to
    re-index the playbooks' steps for search.
    """

    def __init__(
        self,
        folder: Path,
        checks: Sequence[Check] = (),
        on_change: OnChange | None = None,
    ) -> None:
        self.folder = folder
        self.checks = list(checks)
        self.on_change = on_change
        self.errors: dict[Path, PlaybookError] = {}
        self._files: dict[Path, _Entry] = {}
        self._served = _Served()
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Load added or changed files and drop deleted ones (a stat per file).

        A file that failed is tried again on every refresh, since what a check depends on (the
        knowledge documents) may have changed without the file changing.
        """
        with self._lock:
            valid = dict(self._served.by_file)
            errors = dict(self.errors)
            present = {p: p.stat().st_mtime_ns for p in playbook_files(self.folder)}
            for gone in set(self._files) - set(present):
                self._files.pop(gone)
                valid.pop(gone, None)
                errors.pop(gone, None)
            for path, mtime in present.items():
                known = self._files.get(path)
                if known is not None and known.mtime_ns == mtime and path not in errors:
                    continue
                try:
                    playbook = load_playbook(path, self.checks)
                except PlaybookError as exc:
                    if str(errors.get(path)) != str(exc):
                        log.error(
                            "playbook %s is invalid; serving last valid version:\n%s", path, exc
                        )
                    errors[path] = exc
                    self._files[path] = _Entry(mtime, None)
                    continue
                errors.pop(path, None)
                self._files[path] = _Entry(mtime, playbook)
                valid[path] = playbook
            changed = valid != self._served.by_file
            self.errors = errors
            if changed:
                ordered = sorted(valid.values(), key=lambda p: p.id)
                self._served = _Served(valid, {p.id: p for p in reversed(ordered)}, ordered)
            if changed and self.on_change is not None:
                try:
                    self.on_change(dict(valid))
                except Exception:  # a failing listener must not stop the playbooks loading
                    log.exception("playbook change listener failed")

    def by_file(self) -> dict[Path, Playbook]:
        """Every valid playbook, keyed by its file."""
        return dict(self._served.by_file)

    def playbooks(self) -> list[Playbook]:
        """Every valid playbook, by id."""
        return list(self._served.ordered)

    def get(self, playbook_id: str) -> Playbook:
        """The playbook with this id; :class:`KeyError` if none is served."""
        return self._served.by_id[playbook_id]
