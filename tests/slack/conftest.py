from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from aiohttp import web

from pregame.settings import Settings
from pregame.slack.app import SlackApp, build_app
from pregame.slack.config import SlackSettings
from pregame.slack.http import start_http
from pregame.slack.records import SlackRecords
from pregame.stack.processes import free_port
from pregame.store.database import Database
from tests.support.fake_rasa import FakeRasa
from tests.support.paths import ROOT
from tests.support.servers import PostgresServer, RedisServer
from tests.support.slack_edge import LoopThread, MockSlack
from tests.support.slack_harness import SECRET, Harness


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One real PostgreSQL server for the session; each test makes a database of its own."""
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres: PostgresServer) -> str:
    """A new, empty database on the session's PostgreSQL server."""
    import psycopg

    name = f"s_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres.url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return postgres.url.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def records(tmp_path: Path) -> Iterator[SlackRecords]:
    """The Slack app's records in a migrated SQLite file."""
    made = SlackRecords(Database(f"sqlite:///{tmp_path / 'store' / 'pregame.db'}"))
    asyncio.run(made.start())
    yield made
    made.close()


@pytest.fixture
def loop() -> Iterator[LoopThread]:
    thread = LoopThread()
    yield thread
    thread.close()


@pytest.fixture
def mock_slack(loop: LoopThread) -> Iterator[MockSlack]:
    slack = MockSlack()
    loop.run(slack.start())
    yield slack
    loop.run(slack.stop())


@pytest.fixture
def fake_rasa(loop: LoopThread) -> Iterator[FakeRasa]:
    rasa = FakeRasa()
    loop.run(rasa.start())
    yield rasa
    loop.run(rasa.stop())


@pytest.fixture
def make_harness(
    loop: LoopThread, mock_slack: MockSlack, fake_rasa: FakeRasa, project: Path
) -> Iterator[Callable[..., Harness]]:
    (project / "bot").mkdir(exist_ok=True)
    shutil.copy(ROOT / "bot" / "domain.yml", project / "bot" / "domain.yml")
    made: list[Harness] = []

    def make(
        rasa_port: int | None = None,
        *,
        token: str = "xoxb-test",
        secret: str = SECRET,
        **options: object,
    ) -> Harness:
        """``options``: more Settings (database_url, redis_url, ...)."""
        settings = Settings(
            root=project,
            data_dir=project / ".pregame",
            rasa_port=rasa_port or fake_rasa.port,
            **options,  # type: ignore[arg-type]
        )
        slack = SlackSettings(
            bot_token=token,
            app_token="xapp-test",
            signing_secret=secret,
            api_url=mock_slack.url,
            working_after=0.5,
        )

        async def start() -> tuple[SlackApp, web.AppRunner, int]:
            app = build_app(settings, slack)
            await app.start()
            runner, port = await start_http(app.bolt, slack.signing_secret, "127.0.0.1", 0)
            return app, runner, port

        app, runner, port = loop.run(start())
        url = f"http://127.0.0.1:{port}/slack/events"
        harness = Harness(loop, mock_slack, fake_rasa, app, settings, url, runner)
        made.append(harness)
        return harness

    yield make
    for h in made:
        loop.run(h.runner.cleanup())
        loop.run(h.app.close())


@pytest.fixture
def harness(make_harness: Callable[..., Harness]) -> Harness:
    return make_harness()


@pytest.fixture
def down_harness(make_harness: Callable[..., Harness]) -> Harness:
    return make_harness(rasa_port=free_port())
