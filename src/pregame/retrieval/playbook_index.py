"""The playbooks' steps and objections in the search index, kept in step with the library."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from pathlib import Path

from pregame.playbook.library import OnChange
from pregame.playbook.schema import Playbook
from pregame.retrieval.embeddings import Embedder
from pregame.retrieval.indexer import IndexReport, Progress, sync
from pregame.retrieval.sources import playbook_chunks
from pregame.retrieval.store import ChunkCollection

log = logging.getLogger(__name__)


def sync_playbooks(
    coll: ChunkCollection,
    playbooks: Mapping[Path, Playbook],
    embedder: Embedder,
    root: Path,
    progress: Progress | None = None,
) -> IndexReport:
    """Index the steps of the given playbooks, dropping playbooks that are gone.

    Sources are named by their path relative to ``root`` (the project folder) when they are
    inside it.
    """
    sources = {}
    for path, playbook in playbooks.items():
        source = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        sources[source] = playbook_chunks(playbook, source, embedder.name)
    return sync(coll, sources, embedder, scope="playbooks", progress=progress)


def reindex_in_background(coll: ChunkCollection, embedder: Embedder, root: Path) -> OnChange:
    """A library listener that re-indexes changed playbooks off the request path, so no seller
    waits for embeddings."""
    lock = threading.Lock()

    def reindex(playbooks: dict[Path, Playbook]) -> None:
        with lock:
            try:
                report = sync_playbooks(coll, playbooks, embedder, root)
            except Exception:
                log.exception("re-indexing playbooks failed; search may show old steps")
                return
        if report.added or report.updated or report.removed:
            log.info("re-indexed playbooks: %s", report.summary())

    def on_change(playbooks: dict[Path, Playbook]) -> None:
        threading.Thread(target=reindex, args=(playbooks,), daemon=True).start()

    return on_change
