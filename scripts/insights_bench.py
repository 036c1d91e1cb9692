"""Benchmark (not a test): every dashboard page renders in under 2 s on 100,000 events.

The events are the fixture's, recorded in real conversations through the stack, replicated with
new seller ids and dates spread over 12 weeks. Runs on SQLite, and on PostgreSQL when given a
URL or --postgres (a throwaway server from tests/support/servers.py on a free port):

    .venv/bin/python scripts/insights_bench.py --events 100000 --postgres

Each page is rendered --runs times through the app (Starlette's test client, in process) with
the real embedding model (--fake-embedder for the hashing one); the report prints the first
(cold) and the median time per page. ``--profile PAGE`` runs cProfile over that page's first
render instead (the page function called directly: the test client serves in another thread)
and prints where the time went.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine
from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pregame.dashboard.app import create_app  # noqa: E402
from pregame.dashboard.pages import SECTIONS, View  # noqa: E402
from pregame.insights.catalog import load_catalog  # noqa: E402
from pregame.insights.events import EventStore, Filters  # noqa: E402
from pregame.insights.replicate import read_events, replicate, write_events  # noqa: E402
from pregame.insights.service import Insights  # noqa: E402
from pregame.retrieval.embeddings import Embedder  # noqa: E402
from pregame.store.database import engine_url  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "insights" / "events.db"


def build(url: str, events: int) -> int:
    rows = read_events(create_engine(f"sqlite:///{FIXTURE}"))
    copies = -(-events // len(rows))
    engine = create_engine(engine_url(url))
    written = write_events(engine, replicate(rows, copies))
    engine.dispose()
    return written


def embedder(fake: bool) -> Embedder:
    if fake:
        from tests.support.fakes import HashingEmbedder

        return HashingEmbedder()
    from pregame.services import default_embedder
    from pregame.settings import Settings

    return default_embedder(Settings())


def profile(insights: Insights, page: str, label: str) -> None:
    """The pages in order, as the benchmark requests them; cProfile over ``page``'s render."""
    create_app(insights)  # the same warm-up as the app
    view = View(Filters())
    for name, (_, render) in SECTIONS.items():
        if name != page:
            render(insights, view)
            continue
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.runcall(render, insights, view)
        print(f"{label}: /{page} rendered in {time.perf_counter() - started:.3f}s (profiled)")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        return


def bench(
    url: str, label: str, model: Embedder, runs: int, page: str = ""
) -> dict[str, tuple[float, float]]:
    catalog = load_catalog(ROOT / "playbooks", ROOT / "knowledge")
    insights = Insights(EventStore.from_url(url), catalog, model)
    if page:
        profile(insights, page, label)
        insights.store.dispose()
        return {}
    client = TestClient(create_app(insights))
    results = {}
    for name in SECTIONS:
        path = "/" if name == "overview" else f"/{name}"
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text[:500]
        results[name] = (times[0], statistics.median(times))
        print(f"{label:10} {path:12} first {times[0]:6.3f}s  median {results[name][1]:6.3f}s")
    insights.store.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--postgres", action="store_true", help="Start a throwaway PostgreSQL.")
    parser.add_argument("--postgres-url", default="")
    parser.add_argument("--fake-embedder", action="store_true")
    parser.add_argument("--profile", default="", choices=["", *SECTIONS], help="cProfile a page.")
    args = parser.parse_args()
    model = embedder(args.fake_embedder)
    worst = 0.0  # the slowest render, first or later
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        print(f"sqlite: {build(url, args.events)} events")
        results = bench(url, "sqlite", model, args.runs, args.profile)
        worst = max(worst, *(max(t) for t in results.values()), 0.0)
    server = None
    pg_url = args.postgres_url
    if args.postgres and not pg_url:
        from tests.support.servers import PostgresServer

        server = PostgresServer().start()
        pg_url = server.url
    try:
        if pg_url:
            print(f"postgresql: {build(pg_url, args.events)} events")
            results = bench(pg_url, "postgresql", model, args.runs, args.profile)
            worst = max(worst, *(max(t) for t in results.values()), 0.0)
    finally:
        if server is not None:
            server.stop()
    verdict = "met" if worst < 2 else "MISSED"
    print(f"slowest page (first or median): {worst:.3f}s; target < 2 s: {verdict}")


if __name__ == "__main__":
    main()
