"""`pregame up` and its Slack child process: a stopped Slack app is reported, never hidden."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from pregame import cli
from pregame.settings import Settings
from pregame.slack.child import SlackChild
from pregame.slack.config import READY
from tests.support.slack_edge import MockSlack


def test_up_reports_a_slack_app_that_exits_at_start(
    mock_slack: MockSlack,
    project: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    mock_slack.fail_next("auth.test", 200, {}, {"ok": False, "error": "invalid_auth"})
    monkeypatch.chdir(project)  # no .env
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-bad")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-1")
    monkeypatch.setenv("SLACK_API_URL", mock_slack.url)
    settings = Settings(root=project, data_dir=project / ".pregame")
    child = cli._start_slack(settings)
    try:
        if child is not None and hasattr(child, "process"):
            child.process.popen.wait(30)  # it has exited; what was said about it?
        out = capsys.readouterr()
        said = out.out + out.err
        assert "started" not in said and "connected" not in said
        assert "The Slack app stopped (exit code 1)" in said
        assert "Slack refused the connection: invalid_auth" in said, "the end of its log"
    finally:
        if child is not None:
            (child.stop if hasattr(child, "stop") else child.stop_all)()


def test_a_slack_app_that_stops_later_is_reported_once(tmp_path: Path) -> None:
    script = f"print({READY!r}, flush=True); import time; time.sleep(0.5); raise SystemExit(3)"
    child = SlackChild.start(tmp_path, [sys.executable, "-c", script], cwd=tmp_path, env={})
    try:
        assert child.wait_ready(10) is True
        assert child.stopped() is None, "still running"
        child.process.popen.wait(10)
        time.sleep(0.05)
        message = child.stopped()
        assert message is not None and "exit code 3" in message and READY in message
        assert child.stopped() is None, "said once"
    finally:
        child.stop()
