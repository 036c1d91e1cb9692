"""The Slack app under test over the Events API: signed requests in, and helpers to read what
it posted to the mock Slack Web API (see ``tests/slack/conftest.py`` for the fixtures)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from aiohttp import web

from pregame.settings import Settings
from pregame.slack.app import SlackApp
from tests.support.fake_rasa import FakeRasa
from tests.support.slack_edge import LoopThread, MockSlack, event_body, form, sign

SECRET = "test-signing-secret"


@dataclass
class Harness:
    loop: LoopThread
    slack: MockSlack
    rasa: FakeRasa
    app: SlackApp
    settings: Settings
    url: str
    runner: web.AppRunner

    def send(
        self, body: str, content_type: str, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        signed = {**sign(SECRET, body), "Content-Type": content_type, **(headers or {})}
        return httpx.post(self.url, content=body, headers=signed, timeout=10)

    def event(self, event: dict[str, Any], event_id: str, **headers: str) -> httpx.Response:
        body = json.dumps(event_body(event, event_id))
        return self.send(body, "application/json", headers)

    def interact(self, payload: dict[str, Any]) -> httpx.Response:
        body = form({"payload": json.dumps(payload)})
        return self.send(body, "application/x-www-form-urlencoded")

    def command(self, text: str, user: str = "U1", channel: str = "C1") -> httpx.Response:
        fields = {
            "command": "/pregame",
            "text": text,
            "team_id": "T1",
            "channel_id": channel,
            "user_id": user,
            "response_url": f"{self.slack.url}response",
            "trigger_id": "trigger-1",
        }
        return self.send(form(fields), "application/x-www-form-urlencoded")

    @property
    def data(self) -> Path:
        return self.settings.path(self.settings.data_dir) / "slack"


def posted_in(h: Harness, thread_ts: str, count: int = 1) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [c for c in h.slack.calls_to("chat.postMessage") if c.get("thread_ts") == thread_ts]
        if len(found) >= count:
            return found
        time.sleep(0.02)
    raise AssertionError(f"expected {count} message(s) in thread {thread_ts}")


def actions_in(msg: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        e["action_id"]: e for b in msg["blocks"] if b["type"] == "actions" for e in b["elements"]
    }


def texts(msg: dict[str, Any]) -> str:
    return json.dumps(msg["blocks"])


def wait_until(check: Callable[[], object], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check() and time.monotonic() < deadline:
        time.sleep(0.02)


def without_intents(h: Harness, *intents: str) -> None:
    """Take ``intents`` out of the harness project's copy of the Rasa domain."""
    domain = h.settings.root / "bot" / "domain.yml"
    text = domain.read_text()
    for intent in intents:
        assert f"  - {intent}\n" in text
        text = text.replace(f"  - {intent}\n", "")
    domain.write_text(text)
