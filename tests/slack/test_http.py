"""The Events API endpoint: signature before parsing, 400 or 401 with one log line and no body,
and no token or secret in any log (canary values)."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from pregame.slack.http import Malformed, parse_body
from pregame.stack.processes import free_port
from tests.support.paths import ROOT
from tests.support.slack_edge import MockSlack, click, form, mention, sign
from tests.support.slack_harness import SECRET, Harness, posted_in

CANARY_TOKEN = "xoxb-canary-7c1e9a0b5d3f"
CANARY_SECRET = "canary-signing-secret-41d2a7"
BODY_MARK = "body-marker-5f3e"  # in every rejected body; must not be logged

MALFORMED = [
    ("application/json", '{"type": "event_callback", "event": {"text": "' + BODY_MARK),
    ("application/json", json.dumps([BODY_MARK])),
    ("application/json", json.dumps({"type": "event_callback", "event": BODY_MARK})),
    ("application/x-www-form-urlencoded", form({"payload": "{" + BODY_MARK})),
    ("application/x-www-form-urlencoded", form({"payload": json.dumps([BODY_MARK])})),
]


def test_parse_body_as_bolt_would() -> None:
    assert parse_body(b'{"type": "x"}', "application/json") == {"type": "x"}
    assert parse_body(form({"payload": '{"a": 1}'}).encode(), None) == {"a": 1}
    assert parse_body(b"command=%2Fpregame&text=hi", None) == {"command": "/pregame", "text": "hi"}
    assert parse_body(b"", "application/json") == {}
    for bad in (b"\xff\xfe", b"[1]", b'{"a":'):
        with pytest.raises(Malformed):
            parse_body(bad, "application/json")


CLIENT_LOGGERS = {"httpx", "httpcore"}  # the test's own HTTP client
SCHEDULER = {"apscheduler"}  # the minute-by-minute stale-playbook check may run meanwhile


def server_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What the app logged about requests (not the test's HTTP client, not the scheduler)."""
    return [
        r.getMessage()
        for r in caplog.records
        if r.name.split(".")[0] not in CLIENT_LOGGERS | SCHEDULER
    ]


@pytest.mark.parametrize(("content_type", "body"), MALFORMED)
def test_a_malformed_body_is_400_signed_and_401_unsigned_with_one_line_each(
    harness: Harness, caplog: pytest.LogCaptureFixture, content_type: str, body: str
) -> None:
    with caplog.at_level(logging.DEBUG):
        signed = harness.send(body, content_type)
        time.sleep(0.1)
        signed_lines = server_lines(caplog)
        caplog.clear()
        unsigned = httpx.post(harness.url, content=body, headers={"Content-Type": content_type})
        bad = {**sign("not-the-secret", body), "Content-Type": content_type}
        badly_signed = httpx.post(harness.url, content=body, headers=bad)
        time.sleep(0.1)
        rejected_lines = server_lines(caplog)
    assert signed.status_code == 400 and signed.json()["ok"] is False
    assert (unsigned.status_code, badly_signed.status_code) == (401, 401)
    assert len(signed_lines) == 1 and "malformed body" in signed_lines[0]
    assert len(rejected_lines) == 2
    assert all("bad or stale signature" in line for line in rejected_lines)
    assert not any(BODY_MARK in line for line in signed_lines + rejected_lines)
    assert harness.rasa.received == []


def test_bolt_never_logs_a_rejected_body(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    body = json.dumps({"type": "event_callback", "event": mention(BODY_MARK, "1.1")})
    stale = sign(SECRET, body, timestamp=int(time.time()) - 600)
    with caplog.at_level(logging.DEBUG):
        assert harness.send(body, "application/json", stale).status_code == 401
        time.sleep(0.1)
    (line,) = server_lines(caplog)
    assert "bad or stale signature" in line and BODY_MARK not in caplog.text


def test_no_token_or_secret_in_the_in_process_logs(
    make_harness: Callable[..., Harness],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", CANARY_TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", CANARY_SECRET)
    with caplog.at_level(logging.DEBUG):
        harness = make_harness(token=CANARY_TOKEN, secret=CANARY_SECRET)

        def post(body: str, secret: str, content_type: str = "application/json") -> int:
            headers = {**sign(secret, body), "Content-Type": content_type}
            return httpx.post(harness.url, content=body, headers=headers).status_code

        event = {"type": "event_callback", "event_id": "Ev1", "team_id": "T1",
                 "event": mention("discovery call", "100.1")}  # fmt: skip
        assert post(json.dumps(event), CANARY_SECRET) == 200
        posted_in(harness, "100.1", 2)
        clicked = click(
            "pregame_feedback_helpful", "{}", channel="C1", message_ts="2.2", thread_ts="100.1"
        )
        assert (
            post(
                form({"payload": json.dumps(clicked)}),
                CANARY_SECRET,
                "application/x-www-form-urlencoded",
            )
            == 200
        )
        harness.slack.wait_for("chat.update")
        assert post("[1]", CANARY_SECRET) == 400
        assert post(json.dumps(event), "not-the-secret") == 401
        time.sleep(0.2)
    assert caplog.records, "the app logged at all"
    assert CANARY_TOKEN not in caplog.text and CANARY_SECRET not in caplog.text


def test_no_token_or_secret_in_the_process_output(mock_slack: MockSlack, tmp_path: Path) -> None:
    """The real ``python -m pregame.slack --http`` with canary secrets, good and bad requests."""
    port = free_port()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": CANARY_TOKEN,
        "SLACK_SIGNING_SECRET": CANARY_SECRET,
        "SLACK_API_URL": mock_slack.url,
        "PREGAME_RASA_PORT": str(free_port()),  # nothing there: a turn gets the friendly reply
        "PREGAME_DATA_DIR": str(tmp_path),
    }
    cmd = [sys.executable, "-m", "pregame.slack", "--http", "--port", str(port),
           "--host", "127.0.0.1"]  # fmt: skip
    process = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        url = f"{base}/slack/events"

        def post(body: str, secret: str, content_type: str = "application/json") -> int:
            headers = {**sign(secret, body), "Content-Type": content_type}
            return httpx.post(url, content=body, headers=headers, timeout=10).status_code

        good = json.dumps({"type": "event_callback", "event_id": "Ev1", "team_id": "T1",
                           "event": mention("discovery call", "100.1")})  # fmt: skip
        assert post(good, CANARY_SECRET) == 200
        mock_slack.wait_for("chat.postMessage")
        assert post(good, "wrong-secret") == 401
        assert post("{not json", CANARY_SECRET) == 400
        assert (
            post(form({"payload": "[1]"}), CANARY_SECRET, "application/x-www-form-urlencoded")
            == 400
        )
    finally:
        process.send_signal(signal.SIGINT)
        try:
            outputs = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:  # what it logged is the point here, not its exit
            process.kill()
            outputs = process.communicate()
        out, err = (b.decode() for b in outputs)
    logged = out + err
    assert "rejected POST /slack/events" in logged and "Events API at" in logged
    assert CANARY_TOKEN not in logged and CANARY_SECRET not in logged
