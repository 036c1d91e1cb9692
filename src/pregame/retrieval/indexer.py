"""Incremental indexing: only new or changed sources are embedded; deleted ones are removed."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from pregame.retrieval.chunks import Chunk
from pregame.retrieval.embeddings import Embedder
from pregame.retrieval.store import ChunkCollection

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
    kept: list[str] = field(default_factory=list)
    chunks: int = 0

    @property
    def files(self) -> int:
        return len(self.added) + len(self.updated) + self.unchanged + len(self.kept)

    def summary(self) -> str:
        kept = f", {len(self.kept)} kept as indexed before" if self.kept else ""
        return (
            f"{self.collection}: {len(self.added)} added, {len(self.updated)} updated, "
            f"{len(self.removed)} removed, {self.unchanged} unchanged{kept}, "
            f"{self.chunks} chunks embedded"
        )


@dataclass
class _Indexed:
    ids: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)


MARKER = "marker"
"""Metadata flag on each source's first chunk, written after the source's other chunks: a source
whose marker carries the new hash was written completely."""


def _indexed(coll: ChunkCollection, scope: str) -> dict[str, _Indexed]:
    """What ``scope`` holds: chunk ids per source, and the hash on each source's marker chunk.

    Reads ids for every chunk but metadata only for one chunk per source, so a large collection
    answers in milliseconds rather than seconds.
    """
    state: dict[str, _Indexed] = {}
    prefix = f"{scope}:"
    for chunk_id in coll.ids(where={"scope": scope}):
        source = chunk_id.removeprefix(prefix).rsplit("#", 1)[0]
        state.setdefault(source, _Indexed()).ids.add(chunk_id)
    markers = coll.records(where={"$and": [{"scope": scope}, {MARKER: True}]}, text=False)
    for marker in markers:
        entry = state.get(str(marker.metadata.get("source", "")))
        if entry is not None:
            entry.hashes.add(str(marker.metadata.get("hash", "")))
    return state


def indexed_hashes(coll: ChunkCollection, scope: str) -> dict[str, str]:
    """Source path -> content hash of what the collection holds now for ``scope``.

    A source without a complete write (a run stopped half way through it) maps to "", so the
    next run embeds it again.
    """
    return {
        source: next(iter(entry.hashes)) if len(entry.hashes) == 1 else ""
        for source, entry in _indexed(coll, scope).items()
    }


def sync(
    coll: ChunkCollection,
    sources: dict[str, list[Chunk]],
    embedder: Embedder,
    *,
    scope: str,
    unchanged: Collection[str] = (),
    failed: Collection[str] = (),
    batch: int = 256,
    progress: Progress | None = None,
) -> IndexReport:
    """Make ``coll`` hold exactly ``sources`` (path -> chunks) for ``scope``.

    A scope is one indexed folder: sources of other scopes are left alone, so indexing an
    extra folder never removes the project's own knowledge. Only changed sources are embedded.
    ``unchanged`` names sources the caller already knows are unchanged (not re-parsed) and
    ``failed`` those that could not be parsed this time: both keep what is indexed for them.
    New chunks are written before stale ones are deleted, so a run that stops half way loses
    nothing that was indexed.
    """
    report = IndexReport(collection=coll.name)
    before = _indexed(coll, scope)
    todo: list[Chunk] = []
    markers: list[Chunk] = []
    for source, chunks in sources.items():
        new_hash = str(chunks[0].metadata.get("hash", "")) if chunks else ""
        old = before.get(source)
        ids = {f"{scope}:{c.id}" for c in chunks}
        if old is not None and old.hashes == {new_hash} and old.ids == ids and new_hash:
            report.unchanged += 1
            continue
        (report.updated if old is not None else report.added).append(source)
        todo.extend(chunks[1:])
        markers.extend(chunks[:1])
    report.unchanged += len(set(unchanged) & set(before))
    report.kept = sorted(set(failed) & set(before))
    report.removed = sorted(set(before) - set(sources) - set(unchanged) - set(failed))
    marked = {c.id for c in markers}
    todo.extend(markers)  # each source's marker last: it says the source is complete
    for start in range(0, len(todo), batch):
        part = todo[start : start + batch]
        coll.upsert(
            ids=[f"{scope}:{c.id}" for c in part],
            texts=[c.text for c in part],
            metadatas=[{**c.metadata, "scope": scope, MARKER: c.id in marked} for c in part],
            embeddings=embedder.embed([c.embed_text for c in part]),
        )
        report.chunks += len(part)
        if progress:
            progress(len(part), len(todo))
    stale: set[str] = set()
    for source in report.updated:
        stale |= before[source].ids - {f"{scope}:{c.id}" for c in sources[source]}
    for source in report.removed:
        stale |= before[source].ids
    coll.delete(sorted(stale))
    return report
