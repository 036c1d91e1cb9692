"""The production profile end to end: real PostgreSQL, Redis and nginx, two replicas each of
the Rasa server and the action server, simulated sellers, and the faults an operator meets.

Each fault test states the seller's view (what they got, how fast) and the state after (the
conversation's events in PostgreSQL: nothing lost, nothing twice).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from pregame.indexing import index_default
from pregame.loadtest.run import LoadResult, run_load
from pregame.rasa_client import AsyncRasaClient, RasaClient
from pregame.replies import message_type
from pregame.services import build_services
from pregame.settings import Settings
from pregame.stack.processes import Process, free_port
from pregame.stack.rasa import train
from pregame.stack.stack import Endpoints, Stack
from pregame.store.database import engine_url
from tests.support.paths import ROOT
from tests.support.servers import PostgresServer, RedisServer

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists(),
        reason="nginx is installed by `make services`",
    ),
]


@dataclass
class Production:
    settings: Settings
    stack: Stack
    endpoints: Endpoints
    postgres: PostgresServer

    def process(self, name: str) -> Process:
        return next(p for p in self.stack.supervisor.processes if p.name == name)

    def user_turns(self, sender: str) -> int:
        """How many of the seller's messages the tracker store holds."""
        engine = create_engine(engine_url(self.settings.database))
        try:
            with engine.connect() as conn:
                query = "select count(*) from events where sender_id = :s and type_name = 'user'"
                return int(conn.execute(text(query), {"s": sender}).scalar_one())
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Production]:
    data = tmp_path_factory.mktemp("pregame-production")
    postgres, redis = PostgresServer().start(), RedisServer().start()
    settings = Settings(
        root=ROOT,
        data_dir=data,
        playbooks_dir=ROOT / "playbooks",
        database_url=postgres.url,
        redis_url=redis.url,
        replicas=2,
        rasa_port=free_port(),
        action_port=free_port(),
    )
    try:
        index_default(build_services(settings))
        model = train(settings).model
        stack = Stack(
            settings,
            model,
            rasa_port=settings.rasa_port,
            action_port=settings.action_port,
            run_dir=data / "run",
        )
        with stack as endpoints:
            yield Production(settings, stack, endpoints, postgres)
    finally:
        postgres.stop()
        redis.stop()


def load(production: Production, sellers: int, turns: int) -> LoadResult:
    async def go() -> LoadResult:
        client = AsyncRasaClient(production.endpoints.rasa_url, timeout=30)
        try:
            return await run_load(client, sellers, turns)
        finally:
            await client.close()

    return asyncio.run(go())


def kinds(messages: list[object]) -> list[str]:
    return [message_type(m).value for m in messages]  # type: ignore[arg-type]


def wait_up(production: Production, name: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        process = production.process(name)
        if process.restarts and process.state.value == "up":
            return
        time.sleep(0.5)
    raise AssertionError(f"{name} was not restarted: {production.process(name)}")


def test_any_replica_serves_any_turn_in_order(production: Production) -> None:
    result = load(production, sellers=8, turns=6)
    assert (result.errors, result.lost, result.crosstalk) == (0, 0, 0), result.summary()
    # Each seller's six turns went to whichever replica was free, and all six are stored once.
    senders = {t.seller for t in result.results}
    assert len(senders) == 8
    client = RasaClient(production.endpoints.rasa_url)
    said = ["discovery call with the CFO at Coho tomorrow", "next", "next", "back"]
    replies = [client.send("in-order", m) for m in said]
    steps = [m["custom"]["index"] for r in replies for m in r if message_type(m).value == "step"]
    assert steps == [0, 1, 2, 1]
    assert production.user_turns("in-order") == 4


def test_a_killed_rasa_replica_loses_no_turn(production: Production) -> None:
    outcome: dict[str, LoadResult] = {}
    worker = threading.Thread(target=lambda: outcome.update(r=load(production, 6, 24)))
    worker.start()
    time.sleep(2.0)
    os.kill(production.process("rasa-1").popen.pid, signal.SIGKILL)
    worker.join(300)
    result = outcome["r"]
    problems = [(t.seller, t.number, t.error) for t in result.results if not t.ok]
    assert (result.errors, result.lost, result.crosstalk) == (0, 0, 0), (result.summary(), problems)
    assert max(t.seconds for t in result.results) < 5, "the other replica answers at once"
    wait_up(production, "rasa-1")


def test_a_killed_action_server_costs_the_seller_nothing(production: Production) -> None:
    client = RasaClient(production.endpoints.rasa_url)
    sender = "action-fault"
    first = client.send(sender, "discovery call with the CTO at Lucerne tomorrow")
    assert "step" in kinds(first)
    os.kill(production.process("actions-1").popen.pid, signal.SIGKILL)
    started = time.monotonic()
    after = client.send(sender, "next")
    assert time.monotonic() - started < 5
    (step,) = [m["custom"] for m in after if message_type(m).value == "step"]
    assert step["index"] == 1 and step["persona"] == "cto"  # the play's state survived
    wait_up(production, "actions-1")


def test_postgresql_restarted_under_the_stack(production: Production) -> None:
    client = RasaClient(production.endpoints.rasa_url)
    sender = "pg-restart"
    assert "step" in kinds(client.send(sender, "discovery call with the CFO at Datum tomorrow"))
    production.postgres.restart_server()
    answers = []
    for message in ("next", "next"):
        answers.append(kinds(client.send(sender, message)))
    assert answers[-1] == ["step"]
    assert production.user_turns(sender) == 3
