"""Where the CPU of a turn goes, on a running stack (BENCHMARKS.md, "Where a turn's CPU goes").

    .venv/bin/pregame up &                      # any profile; this attaches to it
    .venv/bin/python scripts/turn_profile.py --sellers 20 --turns 20 [--label after]

It reads the stack's process ids from its status file, runs `pregame loadtest`'s driver
(closed loop), and reports:
- CPU seconds per turn of each Rasa server and action server (user + system, from /proc: the
  figure that does not depend on what else runs on the machine);
- what each process was doing, from py-spy samples taken during the same run, grouped into the
  parts of a turn (NLU, each policy, the tracker store, the action call, our actions). A sample
  is a thread seen running Python, so a share is of the time spent busy, which includes waits
  in system calls (a SQLite commit waits for the disk) and, on a loaded machine, for a core.
Each share is also given as milliseconds per turn (share x the process's CPU per turn).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pregame.loadtest.run import LoadResult, run_load  # noqa: E402
from pregame.rasa_client import AsyncRasaClient  # noqa: E402
from pregame.settings import Settings  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")

# The parts of a turn, matched against the frames of a sample from the innermost outwards; the
# first part whose pattern matches a frame takes the sample. Order matters: inner parts first.
RASA_PARTS: list[tuple[str, str]] = [
    ("checking the action server's reply (jsonschema)", r"jsonschema/"),
    ("NLU: DIET", r"diet_classifier\.py"),
    ("NLU: featurizers and tokenizer", r"rasa/nlu/(featurizers|tokenizers)/"),
    ("policy: RulePolicy", r"rule_policy\.py"),
    ("policy: MemoizationPolicy", r"memoization\.py"),
    ("policy: TEDPolicy", r"ted_policy\.py"),
    ("policies: states from the tracker", r"featurizers/tracker_featurizers\.py|policy\.py"),
    ("NLU: other graph nodes", r"_parse_message_with_graph"),
    ("policies: ensemble and graph", r"_predict_next_with_tracker"),
    ("tracker store: save (SQL)", r"^save \(.*tracker_store\.py"),
    ("tracker store: read and replay", r"^(_?retrieve|get_or_create_tracker) \(.*tracker_store"),
    ("lock store", r"lock_store\.py"),
    ("calling the action server (HTTP)", r"rasa/utils/endpoints\.py"),
    ("running actions (other)", r"rasa/core/actions/"),
    ("HTTP server, channel and other", r"."),
]
ACTION_PARTS: list[tuple[str, str]] = [
    ("embedding (ONNX)", r"onnxruntime|onnx_embedder\.py|embeddings\.py"),
    ("search: Chroma", r"chromadb/"),
    ("search: BM25 and fusion", r"lexical\.py|search\.py|bm25s"),
    ("objection matching", r"coach/objections\.py"),
    ("coach: plays, cards and replies", r"pregame/coach/|pregame/replies\.py"),
    ("playbook library refresh", r"pregame/playbook/"),
    ("our actions (other)", r"/actions/"),
    ("action server (rasa_sdk, HTTP)", r"."),
]


def status(settings: Settings) -> list[dict[str, object]]:
    path = settings.path(settings.data_dir) / "run" / "status.json"
    processes: list[dict[str, object]] = json.loads(path.read_text())["processes"]
    return processes


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


EVENT_LOOP = "event loop (native: sockets, and waiting)"
LOOP_LEAF = re.compile(r"^(serve \(.*sanic/server/runners|run_forever \(|_run_once \()")
"""A sample whose innermost Python frame is the loop itself is inside uvloop's native code:
socket work or waiting for it. It is counted apart and not charged with CPU."""


def classify(raw: Path, parts: list[tuple[str, str]]) -> Counter[str]:
    """Samples per part, from py-spy's raw (collapsed) output."""
    compiled = [(name, re.compile(pattern)) for name, pattern in parts]
    out: Counter[str] = Counter()
    for line in raw.read_text().splitlines():
        if not line.strip():
            continue
        stack, count = line.rsplit(" ", 1)
        frames = stack.split(";")[::-1]
        if LOOP_LEAF.search(frames[0]):
            out[EVENT_LOOP] += int(count)
            continue
        for name, pattern in compiled:
            if any(pattern.search(frame) for frame in frames):
                out[name] += int(count)
                break
    return out


def load(url: str, sellers: int, turns: int) -> LoadResult:
    async def go() -> LoadResult:
        client = AsyncRasaClient(url, timeout=60)
        try:
            return await run_load(client, sellers, turns)
        finally:
            await client.close()

    return asyncio.run(go())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sellers", type=int, default=20)
    parser.add_argument("--turns", type=int, default=20)
    parser.add_argument("--label", default="run")
    parser.add_argument("--rate", type=int, default=100, help="py-spy samples per second")
    args = parser.parse_args()

    settings = Settings(root=ROOT)
    processes = [p for p in status(settings) if p["name"] in ("rasa", "actions")]
    pids = {f"{p['name']}:{p['pid']}": int(str(p["pid"])) for p in processes}
    out_dir = Path(tempfile.mkdtemp(prefix="turn-profile-"))
    spies = {
        key: subprocess.Popen(
            [
                str(Path(sys.executable).parent / "py-spy"),
                "record",
                "-p",
                str(pid),
                "-r",
                str(args.rate),
                "--format",
                "raw",
                "--nonblocking",
                "-o",
                str(out_dir / f"{pid}.txt"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for key, pid in pids.items()
    }
    before = {key: cpu_seconds(pid) for key, pid in pids.items()}
    result = load(settings.rasa_url, args.sellers, args.turns)
    after = {key: cpu_seconds(pid) for key, pid in pids.items()}
    for spy in spies.values():
        spy.send_signal(signal.SIGINT)
    for spy in spies.values():
        spy.wait(timeout=60)

    turns = result.sellers * result.turns
    print(f"# {args.label}: {result.summary()}")
    figures: dict[str, object] = {"label": args.label, "turns": turns, "processes": {}}
    for key, pid in pids.items():
        ms_per_turn = 1000 * (after[key] - before[key]) / turns
        parts = RASA_PARTS if key.startswith("rasa") else ACTION_PARTS
        samples = classify(out_dir / f"{pid}.txt", parts)
        loop = samples.pop(EVENT_LOOP, 0)
        total = sum(samples.values()) or 1
        print(
            f"\n{key}: {ms_per_turn:.1f} ms CPU per turn ({total} busy samples; "
            f"{loop} more in the {EVENT_LOOP})"
        )
        breakdown: dict[str, float] = {}
        for name, _ in parts:
            share = samples[name] / total
            breakdown[name] = round(share, 3)
            if share >= 0.005:
                print(f"  {100 * share:5.1f}%  {share * ms_per_turn:6.1f} ms  {name}")
        figures["processes"][key] = {"cpu_ms_per_turn": round(ms_per_turn, 1), "shares": breakdown}  # type: ignore[index]
    print("\n" + json.dumps(figures))


if __name__ == "__main__":
    main()
