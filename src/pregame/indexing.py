"""Index knowledge folders and playbooks into Chroma (what `pregame index` runs)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pregame.playbook.schema import Playbook
from pregame.retrieval import store
from pregame.retrieval.indexer import IndexReport, Progress, indexed_hashes, sync
from pregame.retrieval.sources import playbook_chunks, scan_folder
from pregame.services import Services


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


def index_default(services: Services, progress: Progress | None = None) -> IndexRun:
    """Index the project's knowledge/ folder and its valid playbooks, pruning deleted files."""
    settings = services.settings
    run = IndexRun()
    index_folder(services, settings.path(settings.knowledge_dir), "knowledge", run, progress)
    library = services.library
    run.reports.append(sync_playbooks(services, library.by_file(), progress))
    run.errors.update({str(p): str(e) for p, e in library.errors.items()})
    return run


def sync_playbooks(
    services: Services, playbooks: dict[Path, Playbook], progress: Progress | None = None
) -> IndexReport:
    """Index the steps of the given playbooks, dropping playbooks that are gone."""
    root = services.settings.root
    sources = {}
    for path, playbook in playbooks.items():
        source = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        sources[source] = playbook_chunks(playbook, source, services.embedder.name)
    return sync(
        services.collection(store.PLAYBOOKS),
        sources,
        services.embedder,
        scope="playbooks",
        progress=progress,
    )


def index_folders(
    services: Services, folders: Sequence[Path], progress: Progress | None = None
) -> IndexRun:
    """Index extra folders into the knowledge collection, paths relative to each folder."""
    run = IndexRun()
    for folder in folders:
        index_folder(services, folder, str(folder.resolve()), run, progress)
    return run


def index_folder(
    services: Services, folder: Path, scope: str, run: IndexRun, progress: Progress | None = None
) -> IndexReport:
    """Index one folder as ``scope``: only new or changed files are parsed and embedded.

    A file that cannot be parsed is reported in ``run.errors`` and keeps what was indexed for it.
    """
    coll = services.collection(store.KNOWLEDGE)
    scan = scan_folder(
        folder,
        known=indexed_hashes(coll, scope),
        size=services.chunking,
        salt=services.embedder.name,
    )
    run.errors.update(scan.errors)
    report = sync(
        coll,
        scan.sources,
        services.embedder,
        scope=scope,
        unchanged=scan.unchanged,
        failed=scan.errors,
        progress=progress,
    )
    run.reports.append(report)
    return report
