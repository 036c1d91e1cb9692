"""Benchmark: how long a Rasa server takes from start to ready, and what a prediction costs.

Starts ``rasa run`` on a free loopback port with the given model (and extra environment, to
compare tuning options), waits until ``/status`` reports the model, and prints the wall time,
the CPU seconds of the server (user + system, its whole process tree) and, with
``--predictions N``, the mean wall and CPU per NLU parse and per policy prediction. Run it on a
quiet machine; CPU seconds are the figure that does not depend on what else runs.

    .venv/bin/python scripts/rasa_start_bench.py --model models/pregame-*.tar.gz \
        --runs 2 --predictions 50 [--env KEY=VALUE ...] [--no-tuning]

Not a test: the figures go to BENCHMARKS.md ("Rasa server start time").
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from pregame.stack.tuning import rasa_command, rasa_tuning_env  # noqa: E402

TEXTS = [
    "I have a call with Acme tomorrow",
    "next",
    "they say it is too expensive",
    "what should I ask the CFO",
    "show me a case study",
    "thanks",
]
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tree_cpu(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and its live descendants (and reaped children)."""
    total = 0.0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
        total += (utime + stime + cutime + cstime) / CLK_TCK
        pids.extend(int(c) for c in children)
    return total


def start(
    model: str, env: dict[str, str], log: Path, tuned: bool
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    rasa = ROOT / ".venv-rasa/bin/rasa"
    credentials = log.with_suffix(".credentials.yml")
    credentials.write_text("rest:\n")  # Rasa's plain REST channel: the bench needs no limits
    cmd = [
        *(rasa_command(rasa) if tuned else [str(rasa)]),
        "run",
        "--enable-api",
        "--model",
        model,
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
        "--credentials",
        str(credentials),
    ]
    with log.open("wb") as out:
        popen = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return popen, f"http://127.0.0.1:{port}"


def wait_ready(popen: subprocess.Popen[bytes], url: str, timeout: float = 400.0) -> None:
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0) as http:
        while time.monotonic() < deadline:
            if popen.poll() is not None:
                raise SystemExit(f"rasa exited with {popen.returncode}")
            try:
                if http.get(f"{url}/status").json().get("model_file"):
                    return
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.1)
    raise SystemExit("rasa was not ready in time")


Call = tuple[str, dict[str, str]]


def per_call(pid: int, calls: list[Call], http: httpx.Client) -> tuple[float, float]:
    """Mean wall and CPU milliseconds per call."""
    cpu0, wall0 = tree_cpu(pid), time.perf_counter()
    for path, body in calls:
        response = http.post(path, json=body)
        response.raise_for_status()
    n = len(calls)
    return (time.perf_counter() - wall0) * 1000 / n, (tree_cpu(pid) - cpu0) * 1000 / n


def predictions(pid: int, url: str, n: int) -> dict[str, float]:
    with httpx.Client(base_url=url, timeout=60.0) as http:
        parses = [("/model/parse", {"text": TEXTS[i % len(TEXTS)]}) for i in range(n)]
        parse_wall, parse_cpu = per_call(pid, parses, http)
        sender = f"bench-{uuid.uuid4().hex[:8]}"
        conv = f"/conversations/{sender}"
        predict_wall = predict_cpu = 0.0
        for i in range(n):
            message = {"text": TEXTS[i % len(TEXTS)], "sender": "user"}
            http.post(f"{conv}/messages", json=message).raise_for_status()
            wall, cpu = per_call(pid, [(f"{conv}/predict", {})], http)
            predict_wall += wall
            predict_cpu += cpu
            event = {"event": "action", "name": "action_listen"}
            http.post(f"{conv}/tracker/events", json=event).raise_for_status()
    return {
        "parse_wall_ms": round(parse_wall, 1),
        "parse_cpu_ms": round(parse_cpu, 1),
        "predict_wall_ms": round(predict_wall / n, 1),
        "predict_cpu_ms": round(predict_cpu / n, 1),
    }


def run_once(
    model: str, env: dict[str, str], n_predictions: int, log: Path, tuned: bool
) -> dict[str, float]:
    started = time.monotonic()
    popen, url = start(model, env, log, tuned)
    try:
        wait_ready(popen, url)
        result: dict[str, float] = {
            "ready_wall_s": round(time.monotonic() - started, 1),
            "ready_cpu_s": round(tree_cpu(popen.pid), 1),
        }
        if n_predictions:
            result.update(predictions(popen.pid, url, n_predictions))
        return result
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(popen.pid, signal.SIGKILL)
        popen.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--predictions", type=int, default=0)
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the server")
    parser.add_argument(
        "--no-tuning", action="store_true", help="plain `rasa run`, without pregame's tuning"
    )
    parser.add_argument("--log", default="/tmp/rasa-start-bench.log")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so the server is stopped too
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    if not args.no_tuning:
        env.update(rasa_tuning_env())
    env.update(dict(item.split("=", 1) for item in args.env))
    results = [
        run_once(args.model, env, args.predictions, Path(args.log), not args.no_tuning)
        for _ in range(args.runs)
    ]
    for result in results:
        print(json.dumps(result))
    if len(results) > 1:
        summary = {k: statistics.median(r[k] for r in results) for k in results[0]}
        print("median", json.dumps(summary))


if __name__ == "__main__":
    main()
