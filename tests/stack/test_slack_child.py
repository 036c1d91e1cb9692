"""`pregame up` and its Slack child process: a stopped Slack app is reported, never hidden."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from pregame.cli.run import slack_args
from pregame.settings import Settings
from pregame.slack import config
from pregame.stack.processes import RestartPolicy, Supervisor
from pregame.stack.slack_child import READY, SlackChild, start_slack_app
from pregame.stack.status import State
from tests.support.slack_edge import MockSlack


def _out(line: str) -> None:
    print(line)


def _err(line: str) -> None:
    print(line, file=sys.stderr)


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
    args = slack_args()
    assert args == [], "Socket Mode: both tokens are set"
    child = start_slack_app(settings, args, say=_out, warn=_err)
    try:
        child.process.popen.wait(30)  # it has exited; what was said about it?
        out = capsys.readouterr()
        said = out.out + out.err
        assert "started" not in said and "connected" not in said
        assert "The Slack app stopped (exit code 1)" in said
        assert "Slack refused the connection: invalid_auth" in said, "the end of its log"
    finally:
        child.stop()


def _state(child: SlackChild) -> State:
    return child.process.state


def test_a_slack_app_that_stops_after_connecting_is_restarted_then_given_up(
    tmp_path: Path,
) -> None:
    script = f"print({READY!r}, flush=True); import time; time.sleep(0.5); raise SystemExit(3)"
    warned: list[str] = []
    policy = RestartPolicy(max_quick_deaths=3, base=0.1, cap=0.2)
    supervisor = Supervisor(tmp_path, policy=policy, warn=warned.append)
    child = SlackChild.start(
        tmp_path, [sys.executable, "-c", script], cwd=tmp_path, env={}, supervisor=supervisor
    )
    try:
        assert child.wait_ready(10) is True
        assert child.process.state is State.up
        assert child.stopped() is None, "still running"
        deadline = time.monotonic() + 30
        while _state(child) is not State.failed:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert child.process.restarts == 2
        assert "slack (pid" in warned[0] and "exit code 3" in warned[0] and READY in warned[0]
        assert "not restarting" in warned[-1]
        assert child.stopped() is None, "the supervisor said it already"
    finally:
        child.stop()
    assert not supervisor.processes


def test_the_slack_app_logs_the_line_up_waits_for() -> None:
    assert config.READY == READY


def test_report_stopped_warns_once(tmp_path: Path) -> None:
    crash = [sys.executable, "-c", "raise SystemExit(2)"]
    child = SlackChild.start(tmp_path, crash, cwd=tmp_path, env={})
    try:
        child.process.popen.wait(10)
        warned: list[str] = []
        child.report_stopped(warned.append)
        child.report_stopped(warned.append)
        assert len(warned) == 1 and "exit code 2" in warned[0]
    finally:
        child.stop()
