"""The real Slack app (``python -m pregame.slack --http``, a child process) pointed at the load
test's mock Slack Web API and at a fake Rasa that repeats each seller's words."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from pregame.loadtest.slack_api import MockSlackApi
from pregame.loadtest.slack_app import slack_app_process
from tests.support.fake_rasa import FakeRasa
from tests.support.paths import ROOT
from tests.support.slack_edge import LoopThread

SECRET = "loadtest-signing-secret"


@dataclass
class EchoRasa(FakeRasa):
    """Repeats the seller's message before the fake's usual answer, so a reply names the
    seller's company when the seller did; ``mixed_up`` answers everyone with the first message
    it got (a bot that mixes up conversations); ``down`` answers every turn with HTTP 503."""

    mixed_up: bool = False
    down: bool = False
    first: str = ""

    async def _webhook(self, request: web.Request) -> web.Response:
        if self.down:  # a bot that answers every turn with an error
            return web.json_response({"error": "down"}, status=503)
        return await super()._webhook(request)

    def reply(self, sender: str, text: str) -> list[dict[str, Any]]:
        self.first = self.first or text
        said = self.first if self.mixed_up else text
        return [{"recipient_id": sender, "text": f"You said: {said}"}, *super().reply(sender, text)]


def app_env(rasa_port: int, data: Path) -> dict[str, str]:
    """This environment without the developer's Pregame settings, plus the fake Rasa's port
    and a data folder of the test's own (its SQLite store)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREGAME_", "SLACK_"))}
    return env | {"PREGAME_RASA_PORT": str(rasa_port), "PREGAME_DATA_DIR": str(data)}


@dataclass
class SlackUnderLoad:
    loop: LoopThread
    mock: MockSlackApi
    rasa: EchoRasa
    events_url: str


@pytest.fixture(scope="module")
def slack_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SlackUnderLoad]:
    """One Slack app process for the module's loads (each load has a channel of its own)."""
    data = tmp_path_factory.mktemp("slack-app")
    loop = LoopThread()
    mock, rasa = MockSlackApi(), EchoRasa()
    loop.run(mock.start())
    loop.run(rasa.start())
    app: AbstractAsyncContextManager[str] = slack_app_process(
        mock.url, SECRET, env=app_env(rasa.port, data), cwd=ROOT, log=data / "slack.log"
    )
    try:
        events_url = loop.run(app.__aenter__(), timeout=150)
        yield SlackUnderLoad(loop, mock, rasa, events_url)
        loop.run(app.__aexit__(None, None, None), timeout=60)
    finally:
        loop.run(rasa.stop())
        loop.run(mock.stop())
        loop.close()


@pytest.fixture
def under_load(slack_app: SlackUnderLoad) -> SlackUnderLoad:
    slack_app.rasa.mixed_up, slack_app.rasa.down, slack_app.rasa.first = False, False, ""
    return slack_app
