"""A seller's whole flow through the Slack app, against the mock Slack Web API and the real stack.

mention -> guided step -> Next button -> content (a thread reply, no mention) -> feedback.
Real trained Rasa model, real action server, real Chroma store and embedding model; only Slack
itself is mocked (a recording Web API on a loopback port; requests signed as Slack signs them).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from pregame.slack.app import build_app
from pregame.slack.config import SlackSettings
from pregame.slack.http import start_http
from pregame.store.database import Database
from pregame.store.records import Records
from tests.support.real_stack import RealStack
from tests.support.slack_edge import (
    LoopThread,
    MockSlack,
    click,
    event_body,
    form,
    mention,
    message,
    sign,
)

pytestmark = pytest.mark.e2e

SECRET = "e2e-signing-secret"


@dataclass
class SlackStack:
    loop: LoopThread
    slack: MockSlack
    events_url: str
    rasa_url: str
    data: Path
    token: str = ""
    database: str = ""

    def post(self, body: str, content_type: str) -> httpx.Response:
        headers = {**sign(SECRET, body), "Content-Type": content_type}
        started = time.monotonic()
        response = httpx.post(self.events_url, content=body, headers=headers, timeout=10)
        assert response.status_code == 200, response.text
        assert time.monotonic() - started < 3, "Slack needs an answer within 3 seconds"
        return response

    def event(self, event: dict[str, Any], event_id: str) -> None:
        self.post(json.dumps(event_body(event, event_id)), "application/json")

    def interact(self, payload: dict[str, Any]) -> None:
        self.post(form({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def replies(self, thread_ts: str, count: int, timeout: float = 60) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            posted = [
                c for c in self.slack.calls_to("chat.postMessage") if c["thread_ts"] == thread_ts
            ]
            if len(posted) >= count:
                return posted
            time.sleep(0.05)
        raise AssertionError(
            f"expected {count} replies, got {self.slack.calls_to('chat.postMessage')}"
        )


@pytest.fixture(scope="module")
def stack(real_stack: RealStack) -> Iterator[SlackStack]:
    """The Slack app over HTTP, against the mock Slack API and the shared real stack."""
    settings = real_stack.settings
    loop = LoopThread()
    slack = MockSlack()
    loop.run(slack.start())
    slack_settings = SlackSettings(
        bot_token="xoxb-e2e", signing_secret=SECRET, api_url=slack.url, working_after=1.0
    )

    async def start() -> Any:
        app = build_app(settings, slack_settings)
        await app.start()
        runner, port = await start_http(app.bolt, slack_settings.signing_secret, "127.0.0.1", 0)
        return app, runner, port

    try:
        app, runner, port = loop.run(start())
        try:
            url = f"http://127.0.0.1:{port}/slack/events"
            endpoints = real_stack.endpoints
            yield SlackStack(
                loop,
                slack,
                url,
                endpoints.rasa_url,
                real_stack.data,
                endpoints.token,
                settings.database,
            )
        finally:
            loop.run(runner.cleanup())
            loop.run(app.close())
    finally:
        loop.run(slack.stop())
        loop.close()


def buttons(msg: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        e["text"]["text"]: e for b in msg["blocks"] if b["type"] == "actions" for e in b["elements"]
    }


def test_a_sellers_whole_flow_through_slack(stack: SlackStack) -> None:
    timings: dict[str, float] = {}

    # 1. mention in a channel -> the play starts in a thread, with a step card
    started = time.monotonic()
    stack.event(mention("I have a discovery call with a CFO tomorrow", "1700.0001"), "Ev1")
    first, card = stack.replies("1700.0001", 2)
    timings["mention"] = time.monotonic() - started
    assert "Discovery" in first["text"] and first["channel"] == "C1"
    header = card["blocks"][0]["text"]["text"]
    assert header.startswith("Discovery · step 1 of ")
    assert "*Questions to ask*" in json.dumps(card["blocks"])
    assert {"Back", "Next", "Content", "Objection", "Done"} <= set(buttons(card))

    # 2. the Next button -> step 2, in the same thread
    started = time.monotonic()
    stack.interact(
        click(
            buttons(card)["Next"]["action_id"],
            buttons(card)["Next"]["value"],
            channel="C1",
            message_ts="2002.000100",
            thread_ts="1700.0001",
            title="Next",
        )
    )
    step_two = stack.replies("1700.0001", 3)[2]
    timings["next"] = time.monotonic() - started
    assert any(
        b["type"] == "header" and b["text"]["text"].startswith("Discovery · step 2 of ")
        for b in step_two["blocks"]
    )

    # 3. a follow-up in the bot's thread, no mention -> content with titles and sources
    started = time.monotonic()
    stack.event(
        message("what should I send them?", "1700.0009", "C1", "channel", thread_ts="1700.0001"),
        "Ev2",
    )
    content = stack.replies("1700.0001", 4)[3]
    timings["content"] = time.monotonic() - started
    body = json.dumps(content["blocks"])
    assert "Here is what I'd use" in body
    sources = [s for s in ("roi-business-case-guide.md", "discovery-question-bank.md") if s in body]
    assert sources, body

    # 4. feedback on the content -> the message thanks, the bot's tracker and the log record it
    helpful = buttons(content)[":thumbsup: Helpful"]
    stack.interact(
        click(
            helpful["action_id"],
            helpful["value"],
            channel="C1",
            message_ts="2004.000100",
            thread_ts="1700.0001",
            blocks=content["blocks"],
        )
    )
    (update,) = stack.slack.wait_for("chat.update")
    assert "found this helpful" in json.dumps(update["blocks"])
    sender = "slack:T1:C1:1700.0001"  # ':' is fine in a URL path; Rasa does not unquote %3A
    feedback_slot = None
    deadline = time.monotonic() + 30
    while feedback_slot is None and time.monotonic() < deadline:
        tracker = httpx.get(
            f"{stack.rasa_url}/conversations/{sender}/tracker",
            params={"token": stack.token},  # Rasa's HTTP API needs the stack's token
            timeout=10,
        )
        feedback_slot = tracker.json()["slots"].get("feedback")
        time.sleep(0.2)
    assert feedback_slot and feedback_slot["helpful"] is True
    records = Records(Database(stack.database)).all_feedback()  # the SQL store, not JSONL
    assert records[0].about["type"] == "content"

    print("slack e2e timings (s):", {k: round(v, 2) for k, v in timings.items()})
