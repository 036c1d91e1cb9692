"""The typed Chroma layer: results come back as records, converted in one place."""

from __future__ import annotations

import uuid

import pytest
from chromadb.api import ClientAPI

from pregame.retrieval import store


@pytest.fixture
def coll(chroma: ClientAPI) -> store.ChunkCollection:
    coll = store.collection(chroma, f"c{uuid.uuid4().hex[:8]}", "test-embedder")
    coll.upsert(
        ids=["a", "b"],
        texts=["alpha text", "bravo text"],
        metadatas=[{"source": "a.md", "n": 1, "ok": True}, {"source": "b.md", "n": 2}],
        embeddings=[[1.0, 0.0], [0.0, 1.0]],
    )
    return coll


def test_collection_is_cosine_and_names_the_embedder(coll: store.ChunkCollection) -> None:
    meta = coll.raw.metadata or {}
    assert meta["hnsw:space"] == "cosine" and meta["embedding_model"] == "test-embedder"
    assert coll.count() == 2 and coll.name.startswith("c")


def test_reads_return_records(coll: store.ChunkCollection) -> None:
    assert sorted(coll.ids()) == ["a", "b"]
    assert coll.ids(where={"source": "b.md"}) == ["b"]
    (a,) = coll.records(ids=["a"])
    assert a == store.Record("a", "alpha text", {"source": "a.md", "n": 1, "ok": True})
    (b,) = coll.records(where={"n": 2}, text=False)
    assert b.id == "b" and b.text == "" and b.metadata["source"] == "b.md"


def test_query_gives_hits_nearest_first(coll: store.ChunkCollection) -> None:
    hits = coll.query([0.9, 0.1], n=2)
    assert [h.id for h in hits] == ["a", "b"]
    assert hits[0].distance < hits[1].distance
    assert hits[0].text == "alpha text" and hits[0].metadata["source"] == "a.md"
    assert [h.id for h in coll.query([1.0, 0.0], n=2, where={"source": "b.md"})] == ["b"]


def test_embedded_reads_vectors_and_delete_removes(coll: store.ChunkCollection) -> None:
    (b,) = coll.embedded(["b"])
    assert b.embedding.tolist() == pytest.approx([0.0, 1.0])
    assert coll.embedded([]) == []
    coll.delete(["a"])
    coll.delete([])
    assert coll.ids() == ["b"]
