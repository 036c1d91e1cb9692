"""retrieval/lexical.py: BM25 scores and the rarity-weighted word coverage."""

from __future__ import annotations

import numpy as np
import pytest

from pregame.retrieval.lexical import Bm25Index

TEXTS = [
    "Need to talk to my boss. The CFO signs off on every purchase.",
    "Too expensive. The price is more than the budget the finance team set.",
    "Security and data concerns. Where is the data stored and who can read it.",
]


def test_bm25_gives_the_one_text_sharing_a_rare_word_all_of_the_score() -> None:
    scores = Bm25Index(TEXTS).scores("cfo worried we're a startup and might go under")
    assert scores[0] > 0 and scores[1] == scores[2] == 0


def test_coverage_weighs_that_word_against_the_rest_of_the_message() -> None:
    index = Bm25Index(TEXTS, keep_terms=True)
    long = index.coverage("cfo worried we're a startup and might go under")
    short = index.coverage("the cfo")
    assert long[0] < 0.3  # "cfo" is one of five rare words, four of which no text uses
    assert short[0] == pytest.approx(1.0)
    assert long[1] == long[2] == 0.0


def test_coverage_counts_each_word_once_and_more_for_rarer_words() -> None:
    index = Bm25Index(TEXTS, keep_terms=True)
    # "data" is in one text, "the" is a stop word; "price" and "budget" both in text 1.
    found = index.coverage("price budget price")
    assert found[1] == pytest.approx(1.0)
    mixed = index.coverage("data price")
    assert mixed[1] == pytest.approx(0.5) and mixed[2] == pytest.approx(0.5)


def test_coverage_needs_the_terms_kept_and_a_query_with_words() -> None:
    assert Bm25Index(TEXTS).coverage("price").size == 0
    assert np.array_equal(Bm25Index(TEXTS, keep_terms=True).coverage("the a"), np.zeros(3))
