"""Index knowledge folders and playbooks into Chroma (what `pregame index` runs).

The functions take the parts they use (:class:`IndexParts`: settings, embedder, library,
chunking, collections), which :class:`pregame.services.Services` provides; this module does
not import the services.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pregame.playbook.library import PlaybookLibrary
from pregame.retrieval import store
from pregame.retrieval.chunks import ChunkSize
from pregame.retrieval.embeddings import Embedder
from pregame.retrieval.indexer import IndexReport, Progress, indexed_hashes, sync
from pregame.retrieval.playbook_index import sync_playbooks
from pregame.retrieval.sources import scan_folder
from pregame.settings import Settings


class IndexParts(Protocol):
    """What indexing needs: :class:`pregame.services.Services` is one."""

    @property
    def settings(self) -> Settings: ...

    @property
    def embedder(self) -> Embedder: ...

    @property
    def library(self) -> PlaybookLibrary: ...

    @property
    def chunking(self) -> ChunkSize: ...

    def collection(self, name: str) -> store.ChunkCollection: ...


@dataclass
class IndexRun:
    reports: list[IndexReport] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        """The end-of-run line: files, chunks embedded, skipped (unchanged) and errors."""
        files = sum(r.files for r in self.reports) + len(
            {e for e in self.errors if not any(e in r.kept for r in self.reports)}
        )
        chunks = sum(r.chunks for r in self.reports)
        skipped = sum(r.unchanged for r in self.reports)
        removed = sum(len(r.removed) for r in self.reports)
        return (
            f"{files} files, {chunks} chunks embedded, {skipped} unchanged files skipped, "
            f"{removed} removed, {len(self.errors)} errors"
        )


def index_default(parts: IndexParts, progress: Progress | None = None) -> IndexRun:
    """Index the project's knowledge/ folder and its valid playbooks, pruning deleted files.

    The library is refreshed first, so the playbooks indexed are the ones on disk now.
    """
    settings = parts.settings
    run = IndexRun()
    index_folder(parts, settings.path(settings.knowledge_dir), "knowledge", run, progress)
    library = parts.library
    library.refresh()
    report = sync_playbooks(
        parts.collection(store.PLAYBOOKS),
        library.by_file(),
        parts.embedder,
        settings.root,
        progress,
    )
    run.reports.append(report)
    run.errors.update({str(p): str(e) for p, e in library.errors.items()})
    return run


def index_folders(
    parts: IndexParts, folders: Sequence[Path], progress: Progress | None = None
) -> IndexRun:
    """Index extra folders into the knowledge collection, paths relative to each folder."""
    run = IndexRun()
    for folder in folders:
        index_folder(parts, folder, str(folder.resolve()), run, progress)
    return run


def index_folder(
    parts: IndexParts,
    folder: Path,
    scope: str,
    run: IndexRun,
    progress: Progress | None = None,
) -> IndexReport:
    """Index one folder as ``scope``: only new or changed files are parsed and embedded.

    A file that cannot be parsed is reported in ``run.errors`` and keeps what was indexed for it.
    """
    coll = parts.collection(store.KNOWLEDGE)
    scan = scan_folder(
        folder,
        known=indexed_hashes(coll, scope),
        size=parts.chunking,
        salt=parts.embedder.name,
    )
    run.errors.update(scan.errors)
    report = sync(
        coll,
        scan.sources,
        parts.embedder,
        scope=scope,
        unchanged=scan.unchanged,
        failed=scan.errors,
        progress=progress,
    )
    run.reports.append(report)
    return report
