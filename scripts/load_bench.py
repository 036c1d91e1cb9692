"""Load figures for BENCHMARKS.md ("Production profile"): one profile per run.

    .venv/bin/python scripts/load_bench.py --profile default      # SQLite, one replica
    .venv/bin/python scripts/load_bench.py --profile production --replicas 2
    .venv/bin/python scripts/load_bench.py --profile baseline --baseline-root /tmp/baseline

``production`` starts its own PostgreSQL and Redis (tests/support/servers.py); ``baseline``
runs `pregame up` from another checkout (for example the commit before the production
profile, in a git worktree) against the same knowledge and model. Each run prints one JSON line
per measurement: idle memory of the whole stack, then `pregame loadtest`'s figures for one
seller x 30 turns, 20 x 10, 50 x 20 (closed loop), 5 turns/s arriving at a fixed rate, and the
CPU seconds each kind of process spent per turn during the 50 x 20 run. With ``--abuse``, also a
100 KB message and a 1,000-turn flood from one sender while 20 other sellers talk.

With ``--cold N``, N fresh stacks one after another, each timed from the moment it reports
ready: one seller's script twice, the slowest turn against the median (``--busy``: while a full
indexing job runs on the same machine)::

    .venv/bin/python scripts/load_bench.py --profile default --cold 3 [--busy]
    .venv/bin/python scripts/load_bench.py --profile baseline --cold 3 [--busy]

With ``--slack`` the same loads go through the Slack app instead of the REST channel: the real
app (``python -m pregame.slack --http``) started against the stack and a mock Slack Web API,
signed events in, latency to the first reply posted in the seller's thread (see
``pregame.loadtest.slack_run``)::

    .venv/bin/python scripts/load_bench.py --profile default --slack
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pregame.loadtest.run import LoadResult, run_load  # noqa: E402
from pregame.loadtest.slack_api import MockSlackApi  # noqa: E402
from pregame.loadtest.slack_app import slack_app_process  # noqa: E402
from pregame.loadtest.slack_run import bot_env, run_slack_load  # noqa: E402
from pregame.rasa_client import AsyncRasaClient  # noqa: E402
from pregame.settings import Settings  # noqa: E402
from pregame.stack.processes import free_port  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def cmdline(pid: int) -> str:
    try:
        return (Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")).decode()
    except OSError:
        return ""


def kind(pid: int) -> str:
    line = cmdline(pid)
    for name, marker in (  # the action servers' command lines name rasa too: they go first
        ("slack", "pregame.slack"),
        ("actions", "action_server"),
        ("actions", "rasa_sdk"),
        ("rasa", "rasa"),
        ("nginx", "nginx"),
        ("postgres", "postgres"),
        ("redis", "redis-server"),
    ):
        if marker in line:
            return name
    return "other"


def rss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def cpu_by_kind(pids: list[int]) -> dict[str, float]:
    out: dict[str, float] = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds = (int(fields[11]) + int(fields[12])) / TICKS
        out[kind(pid)] = out.get(kind(pid), 0.0) + seconds
    return out


def load(url: str, sellers: int, turns: int, rate: float | None = None) -> LoadResult:
    async def go() -> LoadResult:
        client = AsyncRasaClient(url, timeout=30)
        try:
            return await run_load(client, sellers, turns, rate=rate)
        finally:
            await client.close()

    return asyncio.run(go())


def emit(profile: str, name: str, **figures: object) -> None:
    print(json.dumps({"profile": profile, "measure": name, **figures}), flush=True)


@contextmanager
def new_stack(args: argparse.Namespace) -> Iterator[tuple[str, list[int], dict[str, str]]]:
    from pregame.indexing import index_default
    from pregame.services import build_services
    from pregame.stack.rasa import train
    from pregame.stack.stack import Stack
    from tests.support.servers import PostgresServer, RedisServer

    servers: list[PostgresServer | RedisServer] = []
    extra: dict[str, object] = {}
    if args.profile == "production":
        pg, redis = PostgresServer().start(), RedisServer().start()
        servers += [pg, redis]
        extra = {"database_url": pg.url, "redis_url": redis.url}
    data = Path(args.data)
    settings = Settings(
        root=ROOT,
        data_dir=data,
        replicas=args.replicas,
        rasa_port=free_port(),
        action_port=free_port(),
        **extra,  # type: ignore[arg-type]
    )
    index_default(build_services(settings))
    model = train(settings).model
    try:
        stack = Stack(
            settings, model, rasa_port=settings.rasa_port, action_port=settings.action_port
        )
        with stack as endpoints:
            pids = [p.popen.pid for p in stack.supervisor.processes]
            for server in servers:
                if isinstance(server, RedisServer) and server.process is not None:
                    pids.append(server.process.pid)
            yield endpoints.rasa_url, pids, settings.to_env()
    finally:
        for server in servers:
            server.stop()


@contextmanager
def baseline_stack(args: argparse.Namespace) -> Iterator[tuple[str, list[int], dict[str, str]]]:
    root = Path(args.baseline_root)
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    for key in [k for k in env if k.startswith("PREGAME_")]:
        env.pop(key)
    process = subprocess.Popen(
        [sys.executable, "-c", "from pregame.cli import app; app()", "up"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = "http://127.0.0.1:5005"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            body = {"sender": "bench-probe", "message": "hello"}
            if httpx.post(f"{url}/webhooks/rest/webhook", json=body, timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(1)
    try:
        yield url, [process.pid], {**bot_env(url), "PREGAME_DATA_DIR": args.data}
    finally:
        os.killpg(process.pid, signal.SIGINT)
        process.wait(60)


def attack(kind: str, url: str) -> list[int]:
    """The attacker: one 100 KB message, or 1,000 turns at once from one sender."""

    async def go() -> list[int]:
        statuses: list[int] = []
        limits = httpx.Limits(max_connections=1000)
        async with httpx.AsyncClient(timeout=60, limits=limits) as http:

            async def one(message: str, sender: str) -> None:
                body = {"sender": sender, "message": message}
                try:
                    r = await http.post(f"{url}/webhooks/rest/webhook", json=body)
                    statuses.append(r.status_code)
                except httpx.HTTPError:
                    statuses.append(0)

            if kind == "big":
                await one("x" * 100_000, "big-sender")
            else:
                await asyncio.gather(*(one(f"next {i}", "flooder") for i in range(1000)))
        return statuses

    return asyncio.run(go())


def main() -> None:
    if "--attack" in sys.argv:
        kind, url = sys.argv[sys.argv.index("--attack") + 1], sys.argv[sys.argv.index("--url") + 1]
        print(json.dumps(attack(kind, url)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=["default", "production", "baseline"], required=True)
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--baseline-root", default="/tmp/baseline")
    parser.add_argument("--data", default="/tmp/load-bench-data")
    parser.add_argument("--abuse", action="store_true")
    parser.add_argument("--only-abuse", action="store_true", help="skip the closed-loop runs")
    parser.add_argument("--slack", action="store_true", help="the loads through the Slack app")
    parser.add_argument(
        "--cold", type=int, default=0, metavar="N", help="N fresh stacks: their first turns"
    )
    parser.add_argument(
        "--busy", action="store_true", help="with --cold: an indexing job runs meanwhile"
    )
    args = parser.parse_args()
    name = f"{args.profile}-{args.replicas}" if args.profile != "baseline" else "baseline"
    if args.cold:
        for round_ in range(1, args.cold + 1):
            cold_start(args, f"{name}{'-busy' if args.busy else ''}", round_)
        return
    stack = baseline_stack(args) if args.profile == "baseline" else new_stack(args)
    with stack as (url, roots, env):
        time.sleep(10)  # settle before the idle reading
        pids = [p for r in roots for p in tree(r)]
        emit(name, "idle memory", rss_mib=round(rss_mib(pids)))
        if args.slack:
            asyncio.run(through_slack(f"{name}-slack", env, roots, Path(args.data)))
            return
        if args.only_abuse:
            abuse(name, url, roots)
            return
        for sellers, turns in ((1, 30), (20, 10)):
            emit(name, f"{sellers}x{turns}", **load(url, sellers, turns).as_dict())
        before = cpu_by_kind(pids)
        result = load(url, 50, 20)
        after = cpu_by_kind([p for r in roots for p in tree(r)])
        per_turn = {k: round((after.get(k, 0) - before.get(k, 0)) / 1000 * 1000, 1)
                    for k in after}  # fmt: skip
        emit(name, "50x20", **result.as_dict(), cpu_ms_per_turn=per_turn)
        emit(name, "rate 5/s", **load(url, 30, 10, rate=5.0).as_dict())
        if args.abuse:
            abuse(name, url, roots)


def cold_start(args: argparse.Namespace, name: str, round_: int) -> None:
    """One fresh stack: one seller's script twice from the moment the stack reports ready.

    Every first turn of a kind (first play, objection, content, prep, question) is in the first
    pass; the figure is the slowest turn against the median of both passes. With ``--busy`` a
    full indexing job of ../shared/corpus (into a folder of its own) starts with the stack.
    """
    from pregame.loadtest.script import TURNS

    busy: subprocess.Popen[bytes] | None = None
    if args.busy:
        busy_env = {**os.environ, "PREGAME_DATA_DIR": f"{args.data}-busy-{round_}"}
        busy = subprocess.Popen(
            [sys.executable, "-m", "pregame.cli", "index", "../shared/corpus"],
            cwd=ROOT, env=busy_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
    stack = baseline_stack(args) if args.profile == "baseline" else new_stack(args)
    try:
        with stack as (url, _roots, _env):
            result = load(url, 1, 2 * len(TURNS))
    finally:
        if busy is not None:
            busy.kill()
            busy.wait()
    ordered = [t.seconds for t in sorted(result.results, key=lambda t: t.number) if t.ok]
    first = ordered[: len(TURNS)]
    median = statistics.median(ordered) if ordered else float("nan")
    slowest = max(first, default=float("nan"))
    emit(
        name, f"cold start {round_}",
        first_pass_ms=[round(s * 1000) for s in first],
        slowest_first_ms=round(slowest * 1000), slowest_turn=TURNS[first.index(slowest)],
        median_ms=round(median * 1000), ratio=round(slowest / median, 2),
        errors=result.errors, busy=bool(busy),
    )  # fmt: skip


async def through_slack(name: str, env: dict[str, str], roots: list[int], data: Path) -> None:
    """The Slack app against this stack and a mock Slack Web API; the same loads as the REST
    channel's, each turn timed to the first reply posted in the seller's thread."""
    from pregame.slack.turns import BUSY, NO_REPLY, SORRY, UNAVAILABLE

    mock = MockSlackApi()
    await mock.start()
    secret = os.urandom(16).hex()
    app_env = {**os.environ, **env}
    log = data / "loadtest-slack.log"
    try:
        async with slack_app_process(mock.url, secret, env=app_env, cwd=ROOT, log=log) as events:
            await asyncio.sleep(5)  # settle before the idle reading
            app = [p for p in tree(os.getpid()) if kind(p) == "slack"]
            emit(name, "idle memory of the Slack app", rss_mib=round(rss_mib(app)))

            def everything() -> list[int]:
                return [p for r in [*roots, *app] for p in tree(r)]

            async def load(sellers: int, turns: int, rate: float | None = None) -> LoadResult:
                return await run_slack_load(
                    events, secret, mock.following, sellers, turns, rate=rate,
                    failures=(UNAVAILABLE, SORRY, BUSY, NO_REPLY),
                )  # fmt: skip

            for sellers, turns in ((1, 30), (20, 10)):
                emit(name, f"{sellers}x{turns}", **(await load(sellers, turns)).as_dict())
            before = cpu_by_kind(everything())
            result = await load(50, 20)
            after = cpu_by_kind(everything())
            per_turn = {k: round((after.get(k, 0) - before.get(k, 0)) / 1000 * 1000, 1)
                        for k in after}  # fmt: skip
            emit(name, "50x20", **result.as_dict(), cpu_ms_per_turn=per_turn)
            emit(name, "rate 5/s", **(await load(30, 10, rate=5.0)).as_dict())
    finally:
        await mock.stop()


def abuse(name: str, url: str, roots: list[int]) -> None:
    """A 100 KB message, and a 1,000-turn flood from one sender, each beside 20 sellers whose
    100 turns arrive at 5 turns/s."""
    import threading

    async def beside(attack: object) -> tuple[LoadResult, list[int]]:
        client = AsyncRasaClient(url, timeout=30)
        statuses: list[int] = []

        async def flood() -> None:
            # Its own process, so its 1,000 requests do not slow the others' client.
            done = await asyncio.create_subprocess_exec(
                sys.executable, __file__, "--attack", str(attack), "--url", url,
                stdout=asyncio.subprocess.PIPE,
            )  # fmt: skip
            out, _ = await done.communicate()
            statuses.extend(json.loads(out))

        try:
            # The others at a realistic pace (5 turns/s arriving): their p95 is what the flood
            # must not ruin.
            result, _ = await asyncio.gather(run_load(client, 20, 5, rate=5.0), flood())
        finally:
            await client.close()
        return result, statuses

    for attack in ("big", "flood"):
        peak = [0.0]
        done = threading.Event()

        def sample(peak: list[float] = peak, done: threading.Event = done) -> None:
            while not done.is_set():
                peak[0] = max(peak[0], rss_mib([p for r in roots for p in tree(r)]))
                done.wait(0.5)

        sampler = threading.Thread(target=sample)
        sampler.start()
        result, statuses = asyncio.run(beside(attack))
        done.set()
        sampler.join()
        counts = {str(s): statuses.count(s) for s in sorted(set(statuses))}
        emit(name, f"others during {attack}", **result.as_dict(), attack_statuses=counts,
             peak_rss_mib=round(peak[0]))  # fmt: skip


if __name__ == "__main__":
    main()
