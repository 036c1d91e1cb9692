"""Socket Mode: the real bolt Socket Mode client connects to the mock's WebSocket."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pregame.settings import Settings
from pregame.slack.app import SlackApp, build_app, start_socket_mode
from pregame.slack.config import SlackSettings
from tests.support.fake_rasa import FakeRasa
from tests.support.slack_edge import LoopThread, MockSlack, event_body, mention


@pytest.fixture
def socket_app(
    loop: LoopThread, mock_slack: MockSlack, fake_rasa: FakeRasa, project: Path
) -> Iterator[SlackApp]:
    settings = Settings(root=project, data_dir=project / ".pregame", rasa_port=fake_rasa.port)
    slack = SlackSettings(bot_token="xoxb-test", app_token="xapp-test", api_url=mock_slack.url)

    async def start() -> tuple[SlackApp, Any]:
        app = build_app(settings, slack)
        await app.start()
        return app, await start_socket_mode(app.bolt, slack.app_token)

    app, handler = loop.run(start())
    yield app
    loop.run(handler.close_async())
    loop.run(app.close())


def received(slack: MockSlack, envelope_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        for message in slack.socket_received:
            if message.get("envelope_id") == envelope_id:
                return message
        time.sleep(0.02)
    raise AssertionError(f"no ack for {envelope_id}: {slack.socket_received}")


def test_events_are_acked_and_answered_once_across_retries(
    loop: LoopThread, mock_slack: MockSlack, fake_rasa: FakeRasa, socket_app: SlackApp
) -> None:
    envelope = {
        "envelope_id": "env-1",
        "type": "events_api",
        "accepts_response_payload": False,
        "retry_attempt": 0,
        "retry_reason": "",
        "payload": event_body(mention("discovery call with a CFO", "100.1"), "Ev1"),
    }
    loop.run(mock_slack.push(envelope))
    assert received(mock_slack, "env-1") == {"envelope_id": "env-1"}
    retry = {**envelope, "envelope_id": "env-2", "retry_attempt": 1, "retry_reason": "timeout"}
    loop.run(mock_slack.push(retry))
    received(mock_slack, "env-2")

    posts = mock_slack.wait_for("chat.postMessage", 2)
    assert {p["thread_ts"] for p in posts} == {"100.1"}
    time.sleep(0.5)
    assert len(fake_rasa.received) == 1 and len(mock_slack.calls_to("chat.postMessage")) == 2


def test_slash_command_ack_carries_the_ephemeral_reply(
    loop: LoopThread, mock_slack: MockSlack, socket_app: SlackApp
) -> None:
    command = {"command": "/pregame", "text": "help", "user_id": "U1", "team_id": "T1"}
    envelope = {
        "envelope_id": "env-3",
        "type": "slash_commands",
        "accepts_response_payload": True,
        "payload": command | {"channel_id": "C1", "trigger_id": "t", "response_url": "x"},
    }
    loop.run(mock_slack.push(envelope))
    ack = received(mock_slack, "env-3")
    assert ack["payload"]["response_type"] == "ephemeral"
    assert "/pregame play" in str(ack["payload"]["blocks"])
