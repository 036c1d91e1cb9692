"""Index knowledge folders and playbooks into Chroma (what `pregame index` runs)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pregame.playbook.schema import Playbook
from pregame.retrieval import store
from pregame.retrieval.indexer import IndexReport, Progress, sync
from pregame.retrieval.sources import playbook_chunks, scan_folder
from pregame.services import Services


@dataclass
class IndexRun:
    reports: list[IndexReport] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def index_default(services: Services, progress: Progress | None = None) -> IndexRun:
    """Index the project's knowledge/ folder and its valid playbooks, pruning deleted files."""
    settings = services.settings
    run = IndexRun()
    scan = scan_folder(settings.path(settings.knowledge_dir))
    run.errors.update(scan.errors)
    run.reports.append(
        sync(
            services.collection(store.KNOWLEDGE),
            scan.sources,
            services.embedder,
            scope="knowledge",
            progress=progress,
        )
    )
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
        sources[source] = playbook_chunks(playbook, source)
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
        scan = scan_folder(folder)
        run.errors.update(scan.errors)
        run.reports.append(
            sync(
                services.collection(store.KNOWLEDGE),
                scan.sources,
                services.embedder,
                scope=str(folder.resolve()),
                progress=progress,
            )
        )
    return run
