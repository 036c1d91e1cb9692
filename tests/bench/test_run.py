"""The whole benchmark on a tiny corpus, with the hashing embedder standing in for both models."""

from __future__ import annotations

from pregame.bench.run import run_bench
from pregame.evaluation.questions import load_questions
from tests.support.fakes import HashingEmbedder
from tests.support.paths import FIXTURES

CORPUS = FIXTURES / "retrieval" / "corpus"


def test_run_bench_measures_every_figure() -> None:
    said: list[str] = []
    questions = load_questions(FIXTURES / "retrieval" / "questions.jsonl")
    result = run_bench(
        CORPUS,
        HashingEmbedder(),
        HashingEmbedder(),
        questions=questions,
        sample=4,
        rounds=2,
        query_passes=1,
        say=said.append,
    )
    assert (result.files, result.chunks, result.sample) == (5, 11, 4)
    assert len(result.baseline.rounds) == len(result.fast.rounds) == 2
    assert result.cosine_mean == 1.0 or abs(result.cosine_mean - 1.0) < 1e-6, "same embedder"
    assert result.index_seconds > 0 and result.baseline_index_seconds
    assert len(result.query_ms) == len(questions)
    assert result.reindexed_chunks >= 1 and result.reindex_seconds > 0
    assert result.quality is not None and set(result.quality.scores) == {
        "lexical",
        "dense",
        "hybrid",
    }
    assert result.baseline_quality is not None
    assert set(result.baseline_quality.scores) == {"dense", "hybrid"}
    assert result.quality.scores["hybrid"].mrr == 1.0
    assert "re-indexing after one changed file" in said
    assert (CORPUS / "pricing.md").read_text().count("Benchmark note") == 0, "a copy was changed"


def test_run_bench_without_questions_or_baseline_index() -> None:
    result = run_bench(
        CORPUS, HashingEmbedder(), HashingEmbedder(), sample=3, rounds=1, baseline_index=False
    )
    assert result.quality is None and result.baseline_quality is None
    assert result.baseline_index_seconds is None
    assert len(result.query_ms) == 3 * min(60, result.chunks)
    assert "baseline_index" not in result.as_dict()
