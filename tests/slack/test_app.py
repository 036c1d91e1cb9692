"""The wiring over the Events API: signatures, the URL check, parallel threads, Slack's rate
limits, the startup token check."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from slack_sdk.errors import SlackApiError

from pregame.settings import Settings
from pregame.slack.app import serve
from pregame.slack.blocks.primitives import header
from pregame.slack.config import SlackSettings
from pregame.stack.processes import free_port
from tests.support.slack_edge import LoopThread, MockSlack, click, mention, sign
from tests.support.slack_harness import (
    SECRET,
    Harness,
    posted_in,
)


def test_bad_or_stale_signature_is_401(harness: Harness) -> None:
    body = json.dumps({"type": "event_callback", "event": mention("hi", "1.1")})
    bad = {**sign("not-the-secret", body), "Content-Type": "application/json"}
    assert harness.send(body, "application/json", bad).status_code == 401
    stale = sign(SECRET, body, timestamp=int(time.time()) - 600)
    assert harness.send(body, "application/json", stale).status_code == 401
    assert harness.rasa.received == []


def test_url_verification_challenge(harness: Harness) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc", "token": "x"})
    response = harness.send(body, "application/json")
    assert response.status_code == 200 and response.json()["challenge"] == "abc"


def test_two_sellers_in_parallel_threads_keep_separate_state(harness: Harness) -> None:
    harness.rasa.delay = 0.3
    sellers = [("U1", "C1", "100.1", 2), ("U2", "C2", "200.2", 1)]

    def seller(user: str, channel: str, ts: str, nexts: int) -> None:
        harness.event(mention("discovery call", ts, channel, user), f"Ev-{ts}")
        for i in range(nexts):
            posted_in(harness, ts, 2 + i)
            payload = click(
                "pregame_rasa_1", "/next_step", channel=channel, message_ts="1.1", thread_ts=ts
            )
            payload["user"]["id"] = user
            harness.interact(payload)

    runs = [threading.Thread(target=seller, args=s) for s in sellers]
    for run in runs:
        run.start()
    for run in runs:
        run.join(20)
    last_a = posted_in(harness, "100.1", 4)[-1]
    last_b = posted_in(harness, "200.2", 3)[-1]
    assert header("Discovery · step 3 of 4") in last_a["blocks"]
    assert header("Discovery · step 2 of 4") in last_b["blocks"]
    assert (last_a["channel"], last_b["channel"]) == ("C1", "C2")
    assert harness.rasa.messages_from("slack:T1:C2:200.2") == ["discovery call", "/next_step"]


def test_rate_limit_is_honoured(harness: Harness) -> None:
    harness.slack.fail_next(
        "chat.postMessage", 429, {"Retry-After": "0"}, {"ok": False, "error": "ratelimited"}
    )
    harness.event(mention("discovery call", "100.1"), "Ev1")
    posted_in(harness, "100.1", 3)  # the rate-limited attempt, its retry, the second message
    replies = harness.slack.calls_to("chat.postMessage")
    assert replies[0]["blocks"] == replies[1]["blocks"], "the same message was sent again"


def test_http_mode_refuses_a_bad_bot_token_at_startup(
    loop: LoopThread, mock_slack: MockSlack, project: Path
) -> None:
    mock_slack.fail_next("auth.test", 200, {}, {"ok": False, "error": "invalid_auth"})
    settings = Settings(root=project, data_dir=project / ".pregame", rasa_port=free_port())
    slack = SlackSettings(bot_token="xoxb-bad", signing_secret=SECRET, api_url=mock_slack.url)
    with pytest.raises(SlackApiError) as refused:
        loop.run(serve(settings, slack, http=True, host="127.0.0.1", port=0), timeout=5)
    assert refused.value.response["error"] == "invalid_auth"
    assert mock_slack.calls_to("auth.test")
