"""The typed Chroma layer: results come back as records, converted in one place; a Chroma that
does not answer raises StoreUnavailable within the deadline."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from chromadb.api import ClientAPI

from pregame.retrieval import store
from tests.support.chroma_server import ChromaServer


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


# -- Chroma not answering: a real server, paused (hangs) or killed (refuses) ------------------

FAST = store.Deadlines(read_seconds=0.5, bulk_seconds=0.5, max_calls=2)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    running = ChromaServer(tmp_path_factory.mktemp("chroma-server")).start()
    yield running
    running.stop()


@pytest.fixture
def served(server: ChromaServer) -> store.ChunkCollection:
    client = store.open_client(host="127.0.0.1", port=server.port)
    coll = store.collection(client, f"h{uuid.uuid4().hex[:8]}", "test-embedder", FAST)
    coll.upsert(["a"], ["alpha text"], [{"source": "a.md"}], [[1.0, 0.0]])
    return coll


def test_a_server_that_stops_answering_raises_instead_of_hanging(
    server: ChromaServer, served: store.ChunkCollection
) -> None:
    server.pause()
    try:
        for read in (served.count, lambda: served.query([1.0, 0.0], 1), served.ids):
            with pytest.raises(store.StoreUnavailable, match="did not answer"):
                read()
        # The calls above still wait in their threads: at most max_calls at once, then refused.
        with pytest.raises(store.StoreUnavailable, match="2 earlier calls are still waiting"):
            served.embedded(["a"])
    finally:
        server.resume()
    assert served.count() == 1, "the same collection answers once the server does"
    assert [h.id for h in served.query([1.0, 0.0], 1)] == ["a"]


def test_a_dead_server_is_unavailable_and_a_restarted_one_serves_the_same_collection(
    server: ChromaServer, served: store.ChunkCollection
) -> None:
    server.kill()
    try:
        with pytest.raises(store.StoreUnavailable, match=r"unreachable.*ConnectError"):
            served.count()
        with pytest.raises(store.StoreUnavailable, match="unreachable"):
            served.upsert(["b"], ["bravo"], [{"source": "b.md"}], [[0.0, 1.0]])
        with pytest.raises(store.StoreUnavailable, match=r"connect to 127\.0\.0\.1"):
            store.open_client(host="127.0.0.1", port=server.port)
    finally:
        server.start()
    assert served.ids() == ["a"], "no dead connection is kept: the next call reconnects"


def test_a_wrong_call_is_an_error_not_an_unavailable_store(coll: store.ChunkCollection) -> None:
    with pytest.raises(Exception) as raised:
        coll.query([1.0, 0.0, 0.0], n=1)  # the collection holds 2-dimensional vectors
    assert not isinstance(raised.value, store.StoreUnavailable)
    assert "dimension" in str(raised.value)


def test_deadlines_must_be_positive() -> None:
    with pytest.raises(ValueError, match="must be positive"):
        store.Deadlines(read_seconds=0)
    with pytest.raises(ValueError, match="max_calls at least 1"):
        store.Deadlines(max_calls=0)
