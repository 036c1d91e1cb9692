"""Typed access to Chroma: the client, our collections, and chunks read back as records.

This is the one module that talks to Chroma. Query and get results (Chroma's columnar dicts) are
converted here, once, into small typed records; nothing else parses them. Chroma itself is
imported only when a client is opened, so importing this module stays cheap.

Every call has a deadline, and a Chroma that is down, unreachable or too slow raises
:class:`StoreUnavailable` (never hangs): Chroma's HTTP client (chromadb 1.5) waits without any
timeout and has no setting for one, so each call runs in a worker thread that the caller stops
waiting for. Reads a seller waits for (count, query, vectors by id) get ``read_seconds``;
full scans and writes, which run off the request path, get ``bulk_seconds``. A call that
outlives its deadline finishes (or fails) in its thread when the server answers again; at most
``max_calls`` such calls per collection are in flight, so a hung server cannot pile up threads.
Nothing here holds a connection of its own: the client reconnects on the next call.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
from numpy.typing import NDArray

from pregame.retrieval.metadata import Scalar

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from chromadb.api.types import GetResult, Include, PyEmbedding, Where

KNOWLEDGE = "knowledge"
PLAYBOOKS = "playbooks"

READ_SECONDS = 2.0
"""How long a seller's turn waits for one Chroma read before the coach answers without it."""
BULK_SECONDS = 30.0
"""How long a full scan (the lexical index's rebuild) or a write may take."""
MAX_CALLS = 8
"""Calls to one collection in flight at once; more wait for a slot within their deadline."""

T = TypeVar("T")


class StoreUnavailable(RuntimeError):
    """Chroma did not answer: the server is down, unreachable, failing or slower than the
    deadline. The message says which call and why, in one line."""


@dataclass(frozen=True)
class Deadlines:
    """How long calls to Chroma may take (seconds), and how many may be in flight."""

    read_seconds: float = READ_SECONDS
    bulk_seconds: float = BULK_SECONDS
    max_calls: int = MAX_CALLS

    def __post_init__(self) -> None:
        if min(self.read_seconds, self.bulk_seconds) <= 0 or self.max_calls < 1:
            raise ValueError(f"deadlines must be positive and max_calls at least 1: {self}")


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
        # The constructor asks the server for its tenant: bounded like every other call.
        return _Calls(Deadlines()).run(
            f"connect to {host}:{port}",
            READ_SECONDS,
            lambda: chromadb.HttpClient(host=host, port=port, settings=settings),
        )
    if path is None:
        return chromadb.EphemeralClient(settings=settings)
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def collection(
    client: ClientAPI, name: str, embedder_name: str, deadlines: Deadlines | None = None
) -> ChunkCollection:
    """Get or create a collection; we always pass our own vectors, never Chroma's embedder."""
    calls = _Calls(deadlines or Deadlines())
    raw = calls.run(
        f"open collection {name}",
        calls.deadlines.read_seconds,
        lambda: client.get_or_create_collection(
            name=name,
            embedding_function=None,
            metadata={
                "hnsw:space": "cosine",
                "embedding_model": embedder_name,
                "description": f"Pregame {name} chunks",
            },
        ),
    )
    return ChunkCollection(raw, calls)


class ChunkCollection:
    """One Chroma collection of chunks; every read returns typed records.

    Every method raises :class:`StoreUnavailable` when Chroma does not answer in time.
    """

    def __init__(self, raw: Collection, calls: _Calls | None = None) -> None:
        self.raw = raw
        self._calls = calls or _Calls(Deadlines())

    @property
    def name(self) -> str:
        return self.raw.name

    def _read(self, what: str, call: Callable[[], T]) -> T:
        return self._calls.run(f"{what} {self.name}", self._calls.deadlines.read_seconds, call)

    def _bulk(self, what: str, call: Callable[[], T]) -> T:
        return self._calls.run(f"{what} {self.name}", self._calls.deadlines.bulk_seconds, call)

    def count(self) -> int:
        return int(self._read("count", self.raw.count))

    def ids(self, where: Mapping[str, Any] | None = None) -> list[str]:
        """The ids of every chunk (matching ``where``), without reading anything else."""
        got = self._bulk("list ids of", lambda: self.raw.get(where=_where(where), include=[]))
        return list(got["ids"])

    def records(
        self,
        ids: Sequence[str] | None = None,
        where: Mapping[str, Any] | None = None,
        *,
        text: bool = True,
    ) -> list[Record]:
        """Chunks by id and/or filter; without ``text`` only metadata is read (``text`` is "")."""
        include: Include = ["metadatas", "documents"] if text else ["metadatas"]
        got = self._bulk(
            "read", lambda: self.raw.get(ids=_ids(ids), where=_where(where), include=include)
        )
        return [
            Record(chunk_id, doc, meta)
            for chunk_id, doc, meta in zip(got["ids"], _texts(got), _metadatas(got), strict=True)
        ]

    def embedded(self, ids: Sequence[str]) -> list[Embedded]:
        """Chunks with their stored vectors."""
        if not ids:
            return []
        got = self._read(
            "read vectors from",
            lambda: self.raw.get(ids=list(ids), include=["documents", "metadatas", "embeddings"]),
        )
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
        result = self._read(
            "query",
            lambda: self.raw.query(
                query_embeddings=queries,
                n_results=n,
                where=_where(where),
                include=["documents", "metadatas", "distances"],
            ),
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
        self._bulk(
            "write to",
            lambda: self.raw.upsert(
                ids=list(ids),
                documents=list(texts),
                metadatas=[dict(m) for m in metadatas],
                embeddings=vectors,
            ),
        )

    def delete(self, ids: Sequence[str]) -> None:
        if ids:
            self._bulk("delete from", lambda: self.raw.delete(ids=list(ids)))


class _Calls:
    """Runs calls to Chroma with a deadline, at most ``max_calls`` at once.

    Each call gets a daemon thread: a thread stuck on a server that stopped answering must not
    keep the process from exiting (``concurrent.futures`` joins its workers at exit). Upserts
    and deletes are idempotent, so a write that outlives its deadline and lands later is
    harmless.
    """

    def __init__(self, deadlines: Deadlines) -> None:
        self.deadlines = deadlines
        self._slots = threading.BoundedSemaphore(deadlines.max_calls)

    def run(self, what: str, seconds: float, call: Callable[[], T]) -> T:
        """``call()``'s result within ``seconds`` (waiting for a slot included), or
        :class:`StoreUnavailable`; any other error of the call is raised as it is."""
        deadline = time.monotonic() + seconds
        if not self._slots.acquire(timeout=seconds):
            raise StoreUnavailable(
                f"Chroma did not answer ({what}): {self.deadlines.max_calls} earlier calls "
                f"are still waiting for it"
            )
        done = threading.Event()
        outcome: list[T] = []
        failure: list[BaseException] = []

        def work() -> None:
            try:
                outcome.append(call())
            except BaseException as exc:  # handed to the caller below
                failure.append(exc)
            finally:
                self._slots.release()
                done.set()

        threading.Thread(target=work, name="pregame-chroma-call", daemon=True).start()
        if not done.wait(max(0.0, deadline - time.monotonic())):
            raise StoreUnavailable(f"Chroma did not answer ({what}) within {seconds:g}s")
        if failure:
            exc = failure[0]
            if _unreachable(exc):
                raise StoreUnavailable(
                    f"Chroma is unreachable ({what}): {type(exc).__name__}: {exc}"
                ) from exc
            raise exc
        return outcome[0]


def _unreachable(exc: BaseException) -> bool:
    """Whether ``exc`` (or what it was raised from: chromadb re-raises a refused connection as
    a ValueError) says the server is down or failing, rather than that the call was wrong."""
    import httpx
    from chromadb.errors import ChromaError

    chain: BaseException | None = exc
    for _ in range(5):
        if chain is None:
            return False
        if isinstance(chain, httpx.TransportError):  # refused, reset, timed out, closed early
            return True
        if isinstance(chain, httpx.HTTPStatusError):
            return chain.response.status_code >= 500
        if isinstance(chain, ChromaError):
            return chain.code() >= 500
        chain = chain.__cause__ or chain.__context__
    return False


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
