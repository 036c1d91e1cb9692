"""Score fusion of dense and BM25 candidates at the level of documents."""

from __future__ import annotations

from pregame.retrieval.fusion import Candidate, fuse, lexical_text


def ids(found: list[tuple[Candidate, float]]) -> list[str]:
    return [c.chunk_id for c, _ in found]


def test_a_document_both_methods_like_beats_one_only_a_single_method_likes() -> None:
    both = Candidate("both", "a.md", cosine=0.55, bm25=8.0)
    dense_only = Candidate("dense", "b.md", cosine=0.60, bm25=0.0)
    lexical_only = Candidate("lexical", "c.md", cosine=0.20, bm25=10.0)
    assert ids(fuse([dense_only, lexical_only, both]))[0] == "both"


def test_the_weight_picks_one_method_at_its_ends() -> None:
    found = [Candidate("x", "a.md", 0.7, 1.0), Candidate("y", "b.md", 0.3, 9.0)]
    assert ids(fuse(found, lexical_weight=0.0)) == ["x", "y"]
    assert ids(fuse(found, lexical_weight=1.0)) == ["y", "x"]


def test_a_document_counts_at_its_best_chunks_and_keeps_its_chunks_together() -> None:
    found = [
        Candidate("a1", "a.md", 0.70, 0.0),
        Candidate("b1", "b.md", 0.60, 5.0),
        Candidate("a2", "a.md", 0.30, 6.0),
    ]
    # a.md: best cosine 0.70 and best BM25 6.0 (from different chunks) beats b.md on both;
    # within a.md, a2 (all of BM25, some of dense) comes before a1 (dense only).
    assert ids(fuse(found)) == ["a2", "a1", "b1"]


def test_a_boost_lifts_a_tagged_chunks_document() -> None:
    found = [Candidate("x", "a.md", 0.60, 5.0), Candidate("y", "b.md", 0.55, 4.5)]
    assert ids(fuse(found))[0] == "x"
    assert ids(fuse(found, boost={"y": 1.3}))[0] == "y"


def test_the_document_score_is_1_for_the_best_of_both_methods() -> None:
    found = fuse([Candidate("x", "a.md", 0.6, 5.0), Candidate("y", "b.md", 0.3, 5.0)])
    assert [round(score, 3) for _, score in found] == [1.0, 0.75]


def test_nothing_in_nothing_out() -> None:
    assert fuse([]) == []


def test_titles_and_headings_weigh_more_than_body_words() -> None:
    text = lexical_text("body words", "Mutual action plan", "Template")
    assert text.count("Mutual action plan") == 3 and text.count("Template") == 2
    assert lexical_text("only body", "", "") == "only body"
