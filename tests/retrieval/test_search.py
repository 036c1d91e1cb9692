"""Hybrid search: fusion, cosine scores, the floor, filters, boosts, freshness, diversity, and a
Chroma server that stops answering."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import pytest
from chromadb.api import ClientAPI

from pregame.retrieval import store
from pregame.retrieval.indexer import sync
from pregame.retrieval.lexical import Bm25Index, matches
from pregame.retrieval.search import ChromaSearcher, Context, Passage, diversify
from pregame.retrieval.sources import scan_folder
from tests.support.chroma_server import ChromaServer
from tests.support.fakes import HashingEmbedder
from tests.support.paths import FIXTURES

CORPUS = FIXTURES / "retrieval" / "corpus"


@pytest.fixture
def coll(chroma: ClientAPI) -> store.ChunkCollection:
    coll = store.collection(chroma, f"s{uuid.uuid4().hex[:8]}", "hashing")
    sync(coll, scan_folder(CORPUS).sources, HashingEmbedder(), scope="k")
    return coll


def test_every_passage_carries_its_citation(coll: store.ChunkCollection) -> None:
    searcher = ChromaSearcher(coll, HashingEmbedder(), floor=0.1)
    (hit, *_) = searcher.search("customer data encrypted at rest", k=3)
    assert hit.source == "security-faq.html"
    assert hit.heading == "Encryption"
    assert hit.citation == "Security questionnaire FAQ (https://example.com/security-faq)"


def test_score_is_the_cosine_whichever_method_found_it(coll: store.ChunkCollection) -> None:
    embedder = HashingEmbedder()
    dense = ChromaSearcher(coll, embedder, floor=-1.0, mode="dense").rank("deal desk approve")
    lexical = ChromaSearcher(coll, embedder, floor=-1.0, mode="lexical").rank("deal desk approve")
    cosine = {p.metadata["_id"]: p.score for p in dense}
    assert lexical, "BM25 finds the discount section"
    for passage in lexical:
        assert passage.score == pytest.approx(cosine[passage.metadata["_id"]], abs=1e-5)


def test_lexical_ranking_finds_stemmed_words() -> None:
    index = Bm25Index(["approvals for discounts", "security questionnaire", "renewal calls"])
    assert [hit.index for hit in index.top("who approves a discount", 3)] == [0]
    assert index.top("kubernetes", 3) == []


def test_below_the_floor_means_nothing(coll: store.ChunkCollection) -> None:
    searcher = ChromaSearcher(coll, HashingEmbedder(), floor=0.2)
    assert searcher.search("what's our parental leave policy?") == []
    assert searcher.search("   ") == []


def test_filters_apply_to_both_methods(coll: store.ChunkCollection) -> None:
    searcher = ChromaSearcher(coll, HashingEmbedder(), floor=-1.0)
    hits = searcher.search("renewal price", k=10, filters={"type": "call guide"})
    assert hits and {h.source for h in hits} == {"renewal-call-guide.pdf"}
    assert matches({"type": "pricing"}, {"type": {"$in": ["pricing", "battlecard"]}})
    assert not matches({"type": "pricing"}, {"type": {"$ne": "pricing"}})


def test_context_boosts_passages_tagged_for_the_phase(coll: store.ChunkCollection) -> None:
    searcher = ChromaSearcher(coll, HashingEmbedder(), floor=-1.0, boost=1.0)
    query = "price lock multi year renewal"
    plain = [p.source for p in searcher.search(query, k=2)]
    boosted = searcher.search(query, k=2, context=Context(phase="negotiation"))
    assert plain[0] == "renewal-call-guide.pdf"
    assert boosted[0].source == "pricing.md"


@pytest.mark.parametrize("background", [False, True])
def test_lexical_index_follows_changes(tmp_path: Path, chroma: ClientAPI, background: bool) -> None:
    (tmp_path / "a.md").write_text("# A\n\nquarterly business review agenda")
    coll = store.collection(chroma, f"s{uuid.uuid4().hex[:8]}", "hashing")
    embedder = HashingEmbedder()
    now = [0.0]
    searcher = ChromaSearcher(
        coll,
        embedder,
        floor=-1.0,
        mode="lexical",
        refresh_seconds=5,
        refresh_in_background=background,
        clock=lambda: now[0],
    )
    sync(coll, scan_folder(tmp_path).sources, embedder, scope="k")
    searcher.refresh()
    assert searcher.search("zebra") == []
    (tmp_path / "a.md").write_text("# A\n\nzebra stripes pricing")
    sync(coll, scan_folder(tmp_path).sources, embedder, scope="k")
    now[0] = 10.0
    assert searcher.search("zebra") == [], "searching does not check for changes"
    now[0] = 1.0
    searcher.refresh()
    assert searcher.search("zebra") == []  # checked at most every refresh_seconds
    now[0] = 10.0
    searcher.refresh()
    first = searcher.search("zebra")
    if background:
        assert searcher._refresher is not None
        searcher._refresher.join(timeout=30)
        first = searcher.search("zebra")
    assert [p.source for p in first] == ["a.md"]


def _p(source: str, score: float) -> Passage:
    return Passage("t", score, source, "T", "", "", {})


def test_one_document_does_not_fill_all_slots() -> None:
    ranked = [_p("a.md", 0.9), _p("a.md", 0.8), _p("a.md", 0.7), _p("b.md", 0.5)]
    assert [p.source for p in diversify(ranked, 3, presorted=True)] == ["a.md", "b.md", "a.md"]
    shuffled = [ranked[3], ranked[1], ranked[0]]
    assert [p.score for p in diversify(shuffled, 2)] == [0.9, 0.5]


def test_a_server_that_stops_answering_fails_searches_but_not_refreshes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server = ChromaServer(tmp_path).start()
    try:
        client = store.open_client(host="127.0.0.1", port=server.port)
        # Long enough for a fresh server's first query on a busy machine; short for the paused one.
        deadlines = store.Deadlines(read_seconds=1.5, bulk_seconds=1.5, max_calls=2)
        coll = store.collection(client, f"s{uuid.uuid4().hex[:8]}", "hashing", deadlines)
        sync(coll, scan_folder(CORPUS).sources, HashingEmbedder(), scope="k")
        now = [0.0]
        searcher = ChromaSearcher(
            coll, HashingEmbedder(), floor=-1.0, refresh_in_background=False, clock=lambda: now[0]
        )
        searcher.refresh()
        before = [p.metadata["_id"] for p in searcher.search("deal desk approve")]
        server.pause()
        try:
            with caplog.at_level(logging.INFO, logger="pregame.retrieval.search"):
                for now[0] in (10.0, 20.0, 30.0):
                    searcher.refresh()  # keeps the index it has; never raises
                ChromaSearcher(coll, HashingEmbedder()).refresh()  # nor when it has none yet
                with pytest.raises(store.StoreUnavailable):
                    searcher.search("deal desk approve")
        finally:
            server.resume()
        now[0] = 40.0
        with caplog.at_level(logging.INFO, logger="pregame.retrieval.search"):
            searcher.refresh()
        assert [p.metadata["_id"] for p in searcher.search("deal desk approve")] == before
    finally:
        server.stop()
    lines = [(r.levelname, r.getMessage()) for r in caplog.records]
    warned = [message for level, message in lines if level == "WARNING"]
    assert len(warned) == 2, lines  # once for the searcher with an index, once for the new one
    assert all("search index not refreshed: Chroma did not answer" in w for w in warned)
    assert ("INFO", f"{coll.name} search index refreshed: Chroma answers again") in lines
