from __future__ import annotations

from pregame.bench.report import render
from pregame.bench.run import BenchResult, Throughput
from pregame.evaluation.metrics import Scores
from pregame.evaluation.retrieval import Evaluation


def _result(**changes: object) -> BenchResult:
    result = BenchResult(
        corpus="corpus",
        files=3,
        chunks=40,
        mean_chunk_chars=512.4,
        chunk_unit="tokens",
        longest_chunk=256,
        parse_seconds=1.25,
        sample=32,
        baseline=Throughput([10.0, 12.0, 11.0]),
        fast=Throughput([25.0, 30.0, 33.0]),
        cosine_mean=0.99512,
        cosine_min=0.98,
        index_seconds=4.0,
        query_ms=[10.0, 12.0, 14.0, 40.0],
        reindex_seconds=0.5,
        reindexed_chunks=4,
        peak_mib=900.0,
    )
    for name, value in changes.items():
        setattr(result, name, value)
    return result


def test_render_states_every_figure_next_to_its_baseline() -> None:
    text = render(_result())
    assert "Corpus: corpus: 3 files, 40 chunks, mean 512 characters" in text
    assert "longest 256 (tokens)" in text
    assert "| fp32 sentence-transformers (baseline) | 10.0, 12.0, 11.0 | 11.0 |" in text
    assert "| ONNX Runtime int8, length-sorted batches | 25.0, 30.0, 33.0 | 30.0 |" in text
    assert "Speed-up (median of per-round ratios): 2.50x" in text
    assert "mean 0.9951, min 0.9800" in text
    assert "Full index, int8: 40 chunks in 4.0 s = 10.0 chunks/s" in text
    assert "Full index, fp32 baseline" not in text
    assert "Re-index after one changed file: 0.50 s (4 chunks embedded)" in text
    assert "Peak memory (RSS, both models loaded): 900 MiB" in text
    assert "Retrieval quality" not in text


def test_render_adds_the_baseline_index_and_quality_tables() -> None:
    quality = Evaluation(k=5, scores={"hybrid": Scores(0.5, 1.0, 0.75, 0.8, k=5, questions=2)})
    text = render(_result(baseline_index_seconds=8.0, quality=quality, baseline_quality=quality))
    assert "Full index, fp32 baseline: 8.0 s = 5.0 chunks/s (int8 is 2.00x faster end to end)" in (
        text
    )
    assert "Retrieval quality, int8 index:" in text
    assert "Retrieval quality, fp32 index (baseline):" in text
    assert "| method | recall@1 | recall@5 | MRR | nDCG@5 |" in text


def test_as_dict_rounds_for_json() -> None:
    figures = _result(baseline_index_seconds=8.0).as_dict()
    assert figures["embedding"]["speedup_median_of_rounds"] == 2.5
    assert figures["index"] == {"seconds": 4.0, "chunks_per_s": 10.0}
    assert figures["baseline_index"] == {"seconds": 8.0, "chunks_per_s": 5.0}
    assert figures["query_ms"]["queries"] == 4
    assert "quality_int8" not in figures
