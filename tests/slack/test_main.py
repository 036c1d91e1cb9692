"""Running the Slack app (``pregame.slack.main.run``, through ``python -m pregame.slack``): says
what is missing, serves the Events API as a real process, explains a refused connection."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from pregame.slack.__main__ import main
from pregame.stack.processes import free_port
from tests.support.paths import ROOT
from tests.support.slack_edge import MockSlack, sign


@pytest.fixture
def no_slack_env(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name in ("BOT_TOKEN", "APP_TOKEN", "SIGNING_SECRET", "API_URL"):
        monkeypatch.delenv(f"SLACK_{name}", raising=False)
    monkeypatch.chdir(str(tmp_path))  # no .env


def output(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_missing_tokens_are_named(
    no_slack_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([]) == 2
    result = output(capsys)
    assert "SLACK_BOT_TOKEN" in result and "SLACK_APP_TOKEN" in result
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    assert main(["--http"]) == 2
    result = output(capsys)
    assert "SLACK_SIGNING_SECRET" in result and "SLACK_BOT_TOKEN" not in result


def stop(process: subprocess.Popen[bytes], signum: signal.Signals) -> str:
    """Send ``signum``; the process's whole output once it exits. If it has not exited in 60 s,
    fail with every thread's stack (faulthandler, on SIGABRT), to show where it hangs."""
    process.send_signal(signum)
    try:
        return process.communicate(timeout=60)[0].decode()
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
        stacks = process.communicate(timeout=30)[0].decode()
        pytest.fail(f"no exit 60 s after {signum.name}; its stacks:\n{stacks[-6000:]}")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_http_mode_serves_signed_requests_and_refuses_bad_ones(
    mock_slack: MockSlack, tmp_path: Path, signum: signal.Signals
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "PYTHONFAULTHANDLER": "1",
        "PREGAME_DATA_DIR": str(tmp_path),  # its SQL store, not the project's
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_URL": mock_slack.url,  # the bot token is checked at startup
        "PREGAME_RASA_PORT": str(free_port()),
    }
    cmd = [
        sys.executable,
        "-m",
        "pregame.slack",
        "--http",
        "--port",
        str(port),
        "--host",
        "127.0.0.1",
    ]
    process = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        body = json.dumps({"type": "url_verification", "challenge": "c1"})
        good = {**sign("secret", body), "Content-Type": "application/json"}
        response = httpx.post(f"{base}/slack/events", content=body, headers=good)
        assert response.json()["challenge"] == "c1"
        bad = {**sign("other", body), "Content-Type": "application/json"}
        assert httpx.post(f"{base}/slack/events", content=body, headers=bad).status_code == 401
    finally:
        output = stop(process, signum)
    assert "Events API on http://127.0.0.1" in output
    assert f"{signum.name}: stopping" in output and "Stopped." in output
    assert process.returncode == 0


def test_a_refused_token_is_a_clear_error(
    no_slack_env: None,
    mock_slack: MockSlack,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    mock_slack.fail_next("apps.connections.open", 200, {}, {"ok": False, "error": "invalid_auth"})
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1",
        "SLACK_API_URL": mock_slack.url,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main([]) == 1
    assert "Slack refused the connection: invalid_auth" in output(capsys)
    assert mock_slack.calls_to("apps.connections.open")


def test_an_unreachable_slack_is_one_clear_line(
    no_slack_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    with socket.socket() as probe:  # a loopback port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1",
        "SLACK_API_URL": f"http://127.0.0.1:{port}/api/",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main([]) == 1
    result = output(capsys)
    assert "Cannot reach Slack at http://127.0.0.1:" in result
    assert "Traceback" not in result


def test_an_unreachable_sql_store_is_one_clear_line_without_the_password(
    no_slack_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1",
        "PREGAME_DATABASE_URL": f"postgresql://u:pw-canary-33@127.0.0.1:{free_port()}/db",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main([]) == 1
    result = output(capsys)
    assert "Cannot use the SQL store (OperationalError)" in result
    assert "pw-canary-33" not in result and "Traceback" not in result
