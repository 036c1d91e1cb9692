"""Typed access to Chroma: the client, our collections, and chunks read back as records.

This is the one module that talks to Chroma. Query and get results (Chroma's columnar dicts) are
converted here, once, into small typed records; nothing else parses them. Chroma itself is
imported only when a client is opened, so importing this module stays cheap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from pregame.retrieval.metadata import Scalar

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from chromadb.api.types import GetResult, Include, PyEmbedding, Where

KNOWLEDGE = "knowledge"
PLAYBOOKS = "playbooks"

Metadata = Mapping[str, Scalar]
"""A chunk's metadata as we write it: flat scalar values."""


@dataclass(frozen=True)
class Record:
    """One stored chunk: its id, text and metadata."""

    id: str
    text: str
    metadata: Metadata


@dataclass(frozen=True)
class Hit(Record):
    """A chunk found by a vector query, with its cosine distance to the query."""

    distance: float


@dataclass(frozen=True, eq=False)
class Embedded(Record):
    """A chunk read back with its stored vector."""

    embedding: NDArray[np.float64]


def open_client(path: Path | None = None, host: str = "", port: int = 8000) -> ClientAPI:
    """A persistent Chroma client in ``path``, an HTTP client when ``host`` is set, or an
    in-memory one when neither is given."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if host:
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    if path is None:
        return chromadb.EphemeralClient(settings=settings)
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def collection(client: ClientAPI, name: str, embedder_name: str) -> ChunkCollection:
    """Get or create a collection; we always pass our own vectors, never Chroma's embedder."""
    raw = client.get_or_create_collection(
        name=name,
        embedding_function=None,
        metadata={
            "hnsw:space": "cosine",
            "embedding_model": embedder_name,
            "description": f"Pregame {name} chunks",
        },
    )
    return ChunkCollection(raw)


class ChunkCollection:
    """One Chroma collection of chunks; every read returns typed records."""

    def __init__(self, raw: Collection) -> None:
        self.raw = raw

    @property
    def name(self) -> str:
        return self.raw.name

    def count(self) -> int:
        return int(self.raw.count())

    def ids(self, where: Mapping[str, Any] | None = None) -> list[str]:
        """The ids of every chunk (matching ``where``), without reading anything else."""
        return list(self.raw.get(where=_where(where), include=[])["ids"])

    def records(
        self,
        ids: Sequence[str] | None = None,
        where: Mapping[str, Any] | None = None,
        *,
        text: bool = True,
    ) -> list[Record]:
        """Chunks by id and/or filter; without ``text`` only metadata is read (``text`` is "")."""
        include: Include = ["metadatas", "documents"] if text else ["metadatas"]
        got = self.raw.get(ids=_ids(ids), where=_where(where), include=include)
        return [
            Record(chunk_id, doc, meta)
            for chunk_id, doc, meta in zip(got["ids"], _texts(got), _metadatas(got), strict=True)
        ]

    def embedded(self, ids: Sequence[str]) -> list[Embedded]:
        """Chunks with their stored vectors."""
        if not ids:
            return []
        got = self.raw.get(ids=list(ids), include=["documents", "metadatas", "embeddings"])
        vectors = got["embeddings"]
        rows = [] if vectors is None else [np.asarray(v, dtype=np.float64) for v in vectors]
        return [
            Embedded(chunk_id, doc, meta, row)
            for chunk_id, doc, meta, row in zip(
                got["ids"], _texts(got), _metadatas(got), rows, strict=True
            )
        ]

    def query(
        self, vector: Sequence[float], n: int, where: Mapping[str, Any] | None = None
    ) -> list[Hit]:
        """The ``n`` chunks nearest to ``vector`` (cosine), nearest first."""
        queries: list[PyEmbedding] = [list(vector)]
        result = self.raw.query(
            query_embeddings=queries,
            n_results=n,
            where=_where(where),
            include=["documents", "metadatas", "distances"],
        )
        docs = (result["documents"] or [[]])[0]
        metas = (result["metadatas"] or [[]])[0]
        distances = (result["distances"] or [[]])[0]
        return [
            Hit(chunk_id, doc or "", _scalars(meta), float(dist))
            for chunk_id, doc, meta, dist in zip(
                result["ids"][0], docs, metas, distances, strict=True
            )
        ]

    def upsert(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        metadatas: Sequence[Metadata],
        embeddings: Sequence[Sequence[float]],
    ) -> None:
        vectors: list[PyEmbedding] = [list(e) for e in embeddings]
        self.raw.upsert(
            ids=list(ids),
            documents=list(texts),
            metadatas=[dict(m) for m in metadatas],
            embeddings=vectors,
        )

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            self.raw.delete(ids=list(ids))


def _ids(ids: Sequence[str] | None) -> list[str] | None:
    return None if ids is None else list(ids)


def _where(where: Mapping[str, Any] | None) -> Where | None:
    return dict(where) if where else None


def _texts(got: GetResult) -> list[str]:
    docs = got["documents"]
    return [""] * len(got["ids"]) if docs is None else [d or "" for d in docs]


def _metadatas(got: GetResult) -> list[Metadata]:
    metas = got["metadatas"]
    return [{}] * len(got["ids"]) if metas is None else [_scalars(m) for m in metas]


def _scalars(meta: Mapping[str, object] | None) -> Metadata:
    """Our metadata values are scalars; anything else Chroma might hold is left out."""
    return {k: v for k, v in (meta or {}).items() if isinstance(v, str | int | float | bool)}
