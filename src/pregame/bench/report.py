"""The benchmark's figures as Markdown, ready to paste into BENCHMARKS.md."""

from __future__ import annotations

import os
import platform

from pregame.bench.run import BenchResult
from pregame.bench.stats import percentile
from pregame.evaluation.retrieval import Evaluation


def _table(rows: list[list[str]]) -> list[str]:
    header, *body = rows
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return lines


def _quality(title: str, evaluation: Evaluation) -> list[str]:
    return ["", title, "", *_table(evaluation.table())]


def render(r: BenchResult) -> str:
    base, fast = r.baseline, r.fast
    lines = [
        f"Machine: {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}",
        f"Corpus: {r.corpus}: {r.files} files, {r.chunks} chunks, "
        f"mean {r.mean_chunk_chars:.0f} characters embedded per chunk, longest "
        f"{r.longest_chunk} ({r.chunk_unit}) (parsed and chunked in {r.parse_seconds:.1f} s)",
        "",
        f"Embedding throughput, same {r.sample} chunks, {len(base.rounds)} interleaved rounds:",
        "",
        *_table(
            [
                ["embedder", "chunks/s per round", "median chunks/s"],
                [
                    "fp32 sentence-transformers (baseline)",
                    ", ".join(f"{x:.1f}" for x in base.rounds),
                    f"{base.median:.1f}",
                ],
                [
                    "ONNX Runtime int8, length-sorted batches",
                    ", ".join(f"{x:.1f}" for x in fast.rounds),
                    f"{fast.median:.1f}",
                ],
            ]
        ),
        "",
        f"Speed-up (median of per-round ratios): {r.speedup:.2f}x; cosine of int8 to fp32 "
        f"vectors: mean {r.cosine_mean:.4f}, min {r.cosine_min:.4f}",
        "",
        f"Full index, int8: {r.chunks} chunks in {r.index_seconds:.1f} s = "
        f"{r.chunks / r.index_seconds:.1f} chunks/s (parse + embed + write to Chroma)",
    ]
    if r.baseline_index_seconds:
        lines.append(
            f"Full index, fp32 baseline: {r.baseline_index_seconds:.1f} s = "
            f"{r.chunks / r.baseline_index_seconds:.1f} chunks/s "
            f"(int8 is {r.baseline_index_seconds / r.index_seconds:.2f}x faster end to end)"
        )
    lines += [
        f"Hybrid query latency, warm ({len(r.query_ms)} queries): "
        f"p50 {percentile(r.query_ms, 50):.1f} ms, p95 {percentile(r.query_ms, 95):.1f} ms",
        f"Re-index after one changed file: {r.reindex_seconds:.2f} s "
        f"({r.reindexed_chunks} chunks embedded)",
        f"Peak memory (RSS, both models loaded): {r.peak_mib:.0f} MiB",
    ]
    if r.quality is not None:
        lines += _quality("Retrieval quality, int8 index:", r.quality)
    if r.baseline_quality is not None:
        lines += _quality("Retrieval quality, fp32 index (baseline):", r.baseline_quality)
    return "\n".join(lines)
