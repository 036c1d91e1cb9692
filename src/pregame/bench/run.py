"""The benchmark: every figure measured in one run, each next to its baseline.

1. Embedding throughput on the same chunks: plain fp32 sentence-transformers (the baseline) and
   the ONNX Runtime int8 embedder, in interleaved rounds so both see the same machine load.
2. A full index of the corpus with the int8 embedder into a fresh Chroma store (chunks/s end to
   end: parsing, embedding, writing), and optionally with the fp32 baseline too.
3. Retrieval quality on a question set: BM25, dense and hybrid on the int8 index, and dense and
   hybrid on the fp32 index, to show quantization does not lower quality.
4. Query latency of the hybrid search, warm (model loaded, lexical index built): p50 and p95.
5. Re-index time after one file changed.
6. Peak resident memory of the process.
"""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pregame.bench.stats import evenly, median, percentile
from pregame.evaluation.questions import Question
from pregame.evaluation.retrieval import Evaluation, evaluate
from pregame.retrieval import store
from pregame.retrieval.chunks import ChunkSize
from pregame.retrieval.embeddings import Embedder
from pregame.retrieval.indexer import indexed_hashes, sync
from pregame.retrieval.search import ChromaSearcher
from pregame.retrieval.sources import scan_folder

Say = Callable[[str], None]


@dataclass
class Throughput:
    """Chunks per second of each round, for one embedder on the same sample."""

    rounds: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return median(self.rounds)


@dataclass
class BenchResult:
    corpus: str
    files: int = 0
    chunks: int = 0
    mean_chunk_chars: float = 0.0
    chunk_unit: str = "chars"
    longest_chunk: int = 0
    parse_seconds: float = 0.0
    sample: int = 0
    baseline: Throughput = field(default_factory=Throughput)
    fast: Throughput = field(default_factory=Throughput)
    cosine_mean: float = 0.0
    cosine_min: float = 0.0
    index_seconds: float = 0.0
    baseline_index_seconds: float | None = None
    quality: Evaluation | None = None
    baseline_quality: Evaluation | None = None
    query_ms: list[float] = field(default_factory=list)
    reindex_seconds: float = 0.0
    reindexed_chunks: int = 0
    peak_mib: float = 0.0

    @property
    def speedup(self) -> float:
        """Median of the per-round ratios (each round runs both embedders back to back)."""
        return median([f / b for f, b in zip(self.fast.rounds, self.baseline.rounds, strict=True)])

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "corpus": self.corpus,
            "files": self.files,
            "chunks": self.chunks,
            "mean_chunk_chars": round(self.mean_chunk_chars),
            "longest_chunk": f"{self.longest_chunk} {self.chunk_unit}",
            "parse_seconds": round(self.parse_seconds, 2),
            "embedding": {
                "sample_chunks": self.sample,
                "baseline_fp32_chunks_per_s": [round(x, 2) for x in self.baseline.rounds],
                "onnx_int8_chunks_per_s": [round(x, 2) for x in self.fast.rounds],
                "baseline_median": round(self.baseline.median, 2),
                "onnx_int8_median": round(self.fast.median, 2),
                "speedup_median_of_rounds": round(self.speedup, 2),
                "cosine_to_baseline_mean": round(self.cosine_mean, 4),
                "cosine_to_baseline_min": round(self.cosine_min, 4),
            },
            "index": {
                "seconds": round(self.index_seconds, 1),
                "chunks_per_s": round(self.chunks / self.index_seconds, 2),
            },
            "query_ms": {
                "queries": len(self.query_ms),
                "p50": round(percentile(self.query_ms, 50), 2),
                "p95": round(percentile(self.query_ms, 95), 2),
            },
            "reindex_one_file": {
                "seconds": round(self.reindex_seconds, 3),
                "chunks_embedded": self.reindexed_chunks,
            },
            "peak_rss_mib": round(self.peak_mib),
        }
        if self.baseline_index_seconds:
            out["baseline_index"] = {
                "seconds": round(self.baseline_index_seconds, 1),
                "chunks_per_s": round(self.chunks / self.baseline_index_seconds, 2),
            }
        if self.quality is not None:
            out["quality_int8"] = self.quality.as_dict()
        if self.baseline_quality is not None:
            out["quality_fp32"] = self.baseline_quality.as_dict()
        return out


def run_bench(
    corpus: Path,
    fast: Embedder,
    baseline: Embedder,
    *,
    questions: list[Question] | None = None,
    sample: int = 192,
    rounds: int = 3,
    baseline_index: bool = True,
    query_passes: int = 3,
    size: ChunkSize | None = None,
    say: Say = lambda _: None,
) -> BenchResult:
    size = size or ChunkSize()
    result = BenchResult(corpus=str(corpus), chunk_unit=size.unit)
    with tempfile.TemporaryDirectory(prefix="pregame-bench-") as tmp:
        work = Path(tmp) / "corpus"
        shutil.copytree(corpus, work)
        client = store.open_client(Path(tmp) / "chroma")

        say("parsing the corpus")
        start = time.perf_counter()
        scan = scan_folder(work, size=size)
        result.parse_seconds = time.perf_counter() - start
        chunks = [c for cs in scan.sources.values() for c in cs]
        result.files, result.chunks = scan.files, len(chunks)
        result.mean_chunk_chars = float(np.mean([len(c.embed_text) for c in chunks]))
        result.longest_chunk = max(size.length(c.embed_text) for c in chunks)

        texts = evenly([c.embed_text for c in chunks], sample)
        result.sample = len(texts)
        say(f"embedding {len(texts)} chunks, {rounds} interleaved rounds: fp32 vs ONNX int8")
        baseline.embed(texts[:2])  # load both models before timing
        fast.embed(texts[:2])
        cosines = np.zeros(0)
        for number in range(rounds):
            start = time.perf_counter()
            base_vectors = np.asarray(baseline.embed(texts))
            result.baseline.rounds.append(len(texts) / (time.perf_counter() - start))
            start = time.perf_counter()
            fast_vectors = np.asarray(fast.embed(texts))
            result.fast.rounds.append(len(texts) / (time.perf_counter() - start))
            cosines = (base_vectors * fast_vectors).sum(axis=1)
            say(
                f"  round {number + 1}: fp32 {result.baseline.rounds[-1]:.1f} chunks/s, "
                f"int8 {result.fast.rounds[-1]:.1f} chunks/s"
            )
        result.cosine_mean, result.cosine_min = float(cosines.mean()), float(cosines.min())

        say(f"indexing {result.chunks} chunks with the ONNX int8 embedder")
        coll = store.collection(client, "bench-int8", "int8")
        start = time.perf_counter()
        scan = scan_folder(work, known=indexed_hashes(coll, "bench"), size=size)
        sync(coll, scan.sources, fast, scope="bench")
        result.index_seconds = time.perf_counter() - start
        say(f"  {result.index_seconds:.0f} s")

        fp32 = None
        if baseline_index:
            say(f"indexing {result.chunks} chunks with fp32 sentence-transformers (baseline)")
            fp32 = store.collection(client, "bench-fp32", "fp32")
            start = time.perf_counter()
            sync(fp32, scan_folder(work, size=size).sources, baseline, scope="bench")
            result.baseline_index_seconds = time.perf_counter() - start
            say(f"  {result.baseline_index_seconds:.0f} s")

        if questions:
            say(f"evaluating {len(questions)} questions")
            result.quality = evaluate(coll, fast, questions)
            if fp32 is not None:
                result.baseline_quality = evaluate(
                    fp32, baseline, questions, modes=("dense", "hybrid")
                )

        say("timing warm hybrid queries")
        searcher = ChromaSearcher(coll, fast, floor=0.35)
        queries = (
            [q.text for q in questions] if questions else evenly([c.text[:80] for c in chunks], 60)
        )
        for query in queries:  # warm-up: model, lexical index, Chroma caches
            searcher.search(query, k=5)
        for _ in range(query_passes):
            for query in queries:
                start = time.perf_counter()
                searcher.search(query, k=5)
                result.query_ms.append((time.perf_counter() - start) * 1000)

        say("re-indexing after one changed file")
        changed = work / sorted(scan.sources)[len(scan.sources) // 2]
        with changed.open("a", encoding="utf-8") as f:
            f.write("\n\n## Benchmark note\n\nThis paragraph was added to time a re-index.\n")
        start = time.perf_counter()
        rescan = scan_folder(work, known=indexed_hashes(coll, "bench"), size=size)
        report = sync(coll, rescan.sources, fast, scope="bench", unchanged=rescan.unchanged)
        result.reindex_seconds = time.perf_counter() - start
        result.reindexed_chunks = report.chunks
        if report.updated != [changed.relative_to(work).as_posix()]:
            raise RuntimeError(f"expected one updated file, got {report.summary()}")
    result.peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result
