from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from chromadb.api import ClientAPI

from pregame.retrieval import store
from pregame.retrieval.indexer import sync
from pregame.retrieval.search import ChromaSearcher
from pregame.retrieval.sources import scan_folder
from tests.support.fakes import HashingEmbedder


class CountingEmbedder(HashingEmbedder):
    def __init__(self) -> None:
        self.embedded = 0

    def embed(self, texts: Any) -> list[list[float]]:
        self.embedded += len(texts)
        return super().embed(texts)


def _write(folder: Path, name: str, body: str) -> None:
    (folder / name).write_text(f"---\ntitle: {name}\n---\n# {name}\n\n{body}\n")


def _collection(chroma: ClientAPI) -> store.ChunkCollection:
    return store.collection(chroma, f"t{uuid.uuid4().hex[:8]}", "hashing")


def _texts(coll: store.ChunkCollection) -> list[str]:
    return [record.text for record in coll.records()]


def test_incremental_sync(tmp_path: Path, chroma: ClientAPI) -> None:
    _write(tmp_path, "a.md", "alpha pricing discounts")
    _write(tmp_path, "b.md", "bravo security review")
    coll, embedder = _collection(chroma), CountingEmbedder()

    first = sync(coll, scan_folder(tmp_path).sources, embedder, scope="k")
    assert sorted(first.added) == ["a.md", "b.md"] and embedder.embedded == 2

    again = sync(coll, scan_folder(tmp_path).sources, embedder, scope="k")
    assert again.unchanged == 2 and embedder.embedded == 2

    _write(tmp_path, "a.md", "alpha pricing changed")
    (tmp_path / "b.md").unlink()
    third = sync(coll, scan_folder(tmp_path).sources, embedder, scope="k")
    assert third.updated == ["a.md"] and third.removed == ["b.md"]
    assert embedder.embedded == 3
    docs = _texts(coll)
    assert docs == ["alpha pricing changed"]


def test_scopes_do_not_prune_each_other(tmp_path: Path, chroma: ClientAPI) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    _write(one, "same.md", "first folder")
    _write(two, "same.md", "second folder")
    coll, embedder = _collection(chroma), HashingEmbedder()
    sync(coll, scan_folder(one).sources, embedder, scope="one")
    sync(coll, scan_folder(two).sources, embedder, scope="two")
    assert coll.count() == 2
    sync(coll, {}, embedder, scope="two")
    assert _texts(coll) == ["first folder"]


def test_unreadable_file_is_reported_and_skipped(tmp_path: Path) -> None:
    _write(tmp_path, "good.md", "fine")
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe\x00 not utf-8 \xff")
    scan = scan_folder(tmp_path)
    assert list(scan.sources) == ["good.md"]
    assert "bad.md" in scan.errors


def test_search_floor_filters_and_diversity(tmp_path: Path, chroma: ClientAPI) -> None:
    body = "\n\n".join([f"## Part {i}\n\npricing discount approval rules" for i in range(4)])
    _write(tmp_path, "pricing.md", body)
    _write(tmp_path, "pricing-faq.md", "pricing discount approval questions")
    _write(tmp_path, "security.md", "security questionnaire soc2")
    coll, embedder = _collection(chroma), HashingEmbedder()
    sync(coll, scan_folder(tmp_path).sources, embedder, scope="k")
    searcher = ChromaSearcher(coll, embedder, floor=0.3)

    hits = searcher.search("discount approval", k=3)
    assert {h.source for h in hits[:2]} == {"pricing.md", "pricing-faq.md"}
    assert all(h.score >= 0.3 for h in hits)
    assert searcher.search("kubernetes autoscaling", k=3) == []

    only = searcher.search("discount approval", k=5, filters={"source": "pricing-faq.md"})
    assert [h.source for h in only] == ["pricing-faq.md"]
    assert only[0].citation == "pricing-faq.md (pricing-faq.md)"


def test_a_file_that_stops_parsing_keeps_what_was_indexed(
    tmp_path: Path, chroma: ClientAPI
) -> None:
    _write(tmp_path, "a.md", "alpha pricing")
    _write(tmp_path, "b.md", "bravo security")
    coll, embedder = _collection(chroma), HashingEmbedder()
    sync(coll, scan_folder(tmp_path).sources, embedder, scope="k")
    (tmp_path / "b.md").write_bytes(b"\xff\xfe broken now")
    scan = scan_folder(tmp_path)
    report = sync(coll, scan.sources, embedder, scope="k", failed=scan.errors)
    assert report.removed == [] and report.kept == ["b.md"]
    assert sorted(_texts(coll)) == ["alpha pricing", "bravo security"]


def test_known_unchanged_files_are_not_parsed_again(
    tmp_path: Path, chroma: ClientAPI, monkeypatch: Any
) -> None:
    from pregame.retrieval import indexer, sources

    _write(tmp_path, "a.md", "alpha")
    _write(tmp_path, "b.md", "bravo")
    coll, embedder = _collection(chroma), CountingEmbedder()
    sync(coll, scan_folder(tmp_path).sources, embedder, scope="k")
    parsed: list[str] = []
    real = sources.file_chunks
    monkeypatch.setattr(
        sources,
        "file_chunks",
        lambda p, s, d=None, size=None: parsed.append(s) or real(p, s, d, size),
    )
    _write(tmp_path, "b.md", "bravo changed")
    scan = scan_folder(tmp_path, known=indexer.indexed_hashes(coll, "k"))
    report = sync(coll, scan.sources, embedder, scope="k", unchanged=scan.unchanged)
    assert parsed == ["b.md"]
    assert report.unchanged == 1 and report.updated == ["b.md"] and report.removed == []
    assert embedder.embedded == 3


def test_chunk_ids_are_stable_and_shrinking_files_lose_stale_chunks(
    tmp_path: Path, chroma: ClientAPI
) -> None:
    long = "\n\n".join(f"## Part {i}\n\n" + "words about pricing " * 30 for i in range(3))
    _write(tmp_path, "a.md", long)
    coll, embedder = _collection(chroma), HashingEmbedder()
    sync(coll, scan_folder(tmp_path).sources, embedder, scope="k")
    ids = sorted(coll.ids())
    assert ids == ["k:a.md#0", "k:a.md#1", "k:a.md#2"]
    _write(tmp_path, "a.md", "short now")
    sync(coll, scan_folder(tmp_path).sources, embedder, scope="k")
    assert coll.ids() == ["k:a.md#0"]


def test_a_run_that_stops_half_way_is_finished_by_the_next(
    tmp_path: Path, chroma: ClientAPI
) -> None:
    from pregame.retrieval.indexer import indexed_hashes

    class FailsOnSecondCall(HashingEmbedder):
        calls = 0

        def embed(self, texts: Any) -> list[list[float]]:
            self.calls += 1
            if self.calls == 2:
                raise RuntimeError("killed")
            return super().embed(texts)

    parts = [f"## P{i}\n\n" + f"part {i} " * 150 for i in range(3)]
    _write(tmp_path, "a.md", "\n\n".join(parts))
    coll = _collection(chroma)
    sync(coll, scan_folder(tmp_path).sources, HashingEmbedder(), scope="k", batch=1)
    old_hash, indexed = indexed_hashes(coll, "k")["a.md"], coll.count()
    _write(tmp_path, "a.md", "\n\n".join(p.replace("part", "piece") for p in parts))
    with pytest.raises(RuntimeError):
        sync(coll, scan_folder(tmp_path).sources, FailsOnSecondCall(), scope="k", batch=1)
    assert coll.count() == indexed  # nothing lost
    assert indexed_hashes(coll, "k")["a.md"] == old_hash  # the marker was not rewritten yet
    report = sync(coll, scan_folder(tmp_path).sources, HashingEmbedder(), scope="k", batch=1)
    assert report.updated == ["a.md"]
    assert all("piece" in doc for doc in _texts(coll))


def test_new_chunking_rules_or_another_embedder_reindex_every_file(
    tmp_path: Path, chroma: ClientAPI
) -> None:
    from pregame.retrieval.chunks import ChunkSize
    from pregame.retrieval.indexer import indexed_hashes

    _write(tmp_path, "a.md", "alpha pricing")
    coll, embedder = _collection(chroma), CountingEmbedder()
    sync(coll, scan_folder(tmp_path, salt="model-int8").sources, embedder, scope="k")
    known = indexed_hashes(coll, "k")
    assert scan_folder(tmp_path, known=known, salt="model-int8").unchanged == {"a.md"}
    assert "a.md" in scan_folder(tmp_path, known=known, salt="model-fp32").sources
    smaller = ChunkSize(limit=400, overlap=40)
    assert "a.md" in scan_folder(tmp_path, known=known, size=smaller, salt="model-int8").sources
