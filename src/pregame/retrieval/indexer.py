"""Incremental indexing: only new or changed sources are embedded; deleted ones are removed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pregame.retrieval.chunks import Chunk
from pregame.retrieval.embeddings import Embedder

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
"""Called after each batch with (chunks embedded in it, chunks to embed in all)."""


@dataclass
class IndexReport:
    """What one indexing run did."""

    collection: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    chunks: int = 0

    def summary(self) -> str:
        return (
            f"{self.collection}: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {self.unchanged} unchanged, "
            f"{self.chunks} chunks embedded"
        )


def indexed_hashes(coll: Any, scope: str) -> dict[str, str]:
    """Source path -> content hash of what the collection holds now for ``scope``."""
    got = coll.get(where={"scope": scope}, include=["metadatas"])
    return {str(m["source"]): str(m.get("hash", "")) for m in got["metadatas"] or []}


def sync(
    coll: Any,
    sources: dict[str, list[Chunk]],
    embedder: Embedder,
    *,
    scope: str,
    batch: int = 64,
    progress: Progress | None = None,
) -> IndexReport:
    """Make ``coll`` hold exactly ``sources`` (path -> chunks) for ``scope``.

    A scope is one indexed folder: sources of other scopes are left alone, so indexing an
    extra folder never removes the project's own knowledge. Only changed sources are embedded.
    """
    report = IndexReport(collection=coll.name)
    before = indexed_hashes(coll, scope)
    todo: list[Chunk] = []
    for source, chunks in sources.items():
        new_hash = str(chunks[0].metadata.get("hash", "")) if chunks else ""
        if source in before and before[source] == new_hash:
            report.unchanged += 1
            continue
        (report.updated if source in before else report.added).append(source)
        todo.extend(chunks)
    report.removed = sorted(set(before) - set(sources))
    for source in report.removed + report.updated:
        coll.delete(where={"$and": [{"scope": scope}, {"source": source}]})
    for start in range(0, len(todo), batch):
        part = todo[start : start + batch]
        coll.add(
            ids=[f"{scope}:{c.id}" for c in part],
            documents=[c.text for c in part],
            metadatas=[{**c.metadata, "scope": scope} for c in part],
            embeddings=embedder.embed([c.embed_text for c in part]),
        )
        report.chunks += len(part)
        if progress:
            progress(len(part), len(todo))
    return report
