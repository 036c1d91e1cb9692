"""Benchmark (not a test): how long one role-play answer takes to score and answer.

Every answer of a labelled set (default: the tune set) is played as one practice turn
(`Practice.answer`: find the designed response, score the answer, pick the buyer's next line)
with the project's default embedder (ONNX int8 unless the settings say fp32):

    .venv/bin/python scripts/practice_bench.py
    .venv/bin/python scripts/practice_bench.py --set tests/evaluation/practice_answers_tune.jsonl

Two figures per answer, median and p95: with the playbook's key points embedded for the first
time (a new scorer per answer: the worst case, every target new) and with them already cached
(what a running action server sees after the first practice of a phase). Loading the model is
timed once, apart. The target is under 1 s per answer on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pregame.evaluation.practice import LabelledAnswer, load_answers  # noqa: E402
from pregame.playbook.library import PlaybookLibrary  # noqa: E402
from pregame.practice.scenario import BuyerLine  # noqa: E402
from pregame.practice.scoring import AnswerScorer, TextEmbedder  # noqa: E402
from pregame.practice.session import Practice, PracticeSession  # noqa: E402
from pregame.services import default_embedder  # noqa: E402
from pregame.settings import Settings  # noqa: E402

TUNE = ROOT / "tests" / "evaluation" / "practice_answers_tune.jsonl"


def one_turn(practice: Practice, playbook_lib: PlaybookLibrary, item: LabelledAnswer) -> float:
    """Seconds to play ``item`` as the only turn of a practice."""
    playbook = playbook_lib.get(item.playbook)
    line = BuyerLine(item.target.kind, item.target.id, item.buyer_line)
    session = PracticeSession(playbook.id, item.target.phase, "", 0, "practice", (line, line, line))
    started = time.perf_counter()
    turn = practice.answer(playbook, session, item.answer)
    elapsed = time.perf_counter() - started
    assert turn.feedback.points, "every answer is scored against at least one key point"
    return elapsed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(name: str, seconds: list[float]) -> None:
    ms = [s * 1000 for s in seconds]
    print(
        f"{name:<28} median {statistics.median(ms):6.1f} ms   p95 {percentile(ms, 0.95):6.1f} ms"
        f"   max {max(ms):6.1f} ms   ({len(ms)} answers)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=TUNE, help="labelled answers (JSONL)")
    args = parser.parse_args()
    settings = Settings(root=ROOT)
    library = PlaybookLibrary(settings.path(settings.playbooks_dir))
    library.refresh()
    items = load_answers(args.set, {p.id: p for p in library.playbooks()})
    embedder: TextEmbedder = default_embedder(settings)
    started = time.perf_counter()
    embedder.embed(["warm up the model"])
    print(f"{os.cpu_count()} CPUs; model {settings.model_path()} ({settings.embedding_precision})")
    print(f"model load and first embedding: {time.perf_counter() - started:.2f} s (once)")
    cold = [
        one_turn(Practice(AnswerScorer(embedder, settings.practice_pass_mark)), library, item)
        for item in items
    ]
    shared = Practice(AnswerScorer(embedder, settings.practice_pass_mark))
    for item in items:  # fill the cache as earlier practices would
        one_turn(shared, library, item)
    warm = [one_turn(shared, library, item) for item in items]
    report("key points not yet cached", cold)
    report("key points cached", warm)


if __name__ == "__main__":
    main()
