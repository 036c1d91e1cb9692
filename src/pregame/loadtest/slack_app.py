"""The real Slack app (``python -m pregame.slack --http``) as a child process of a load test,
pointed at the load test's mock Slack Web API and at a running bot."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Mapping
from pathlib import Path

import httpx

from pregame.stack.groups import signal_group, spawn, terminate
from pregame.stack.processes import free_port, tail

LOAD_BOT_TOKEN = "xoxb-loadtest"  # the mock Slack Web API takes any token


class SlackAppFailed(RuntimeError):
    """The Slack app stopped, or did not answer, before the load began."""


@contextlib.asynccontextmanager
async def slack_app_process(
    api_url: str,
    signing_secret: str,
    *,
    env: Mapping[str, str],
    cwd: Path,
    log: Path,
    start_timeout: float = 120.0,
) -> AsyncIterator[str]:
    """Start the Slack app in HTTP mode on a free loopback port and yield its events URL once
    ``/health`` answers; stop it (Ctrl-C, then SIGTERM) after the block.

    ``env`` is the app's environment (``PREGAME_*`` for the bot it talks to, and whatever else
    it needs); its Slack settings are set here: a made-up bot token, ``signing_secret`` and
    ``SLACK_API_URL=api_url``.
    """
    port = free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pregame.slack", "--http", "--host", "127.0.0.1"]
    child_env = {
        **env,
        "SLACK_BOT_TOKEN": LOAD_BOT_TOKEN,
        "SLACK_SIGNING_SECRET": signing_secret,
        "SLACK_API_URL": api_url,
    }
    popen = spawn([*cmd, "--port", str(port)], cwd, child_env, log)
    base = f"http://127.0.0.1:{port}"
    try:
        await _wait_healthy(popen, f"{base}/health", log, start_timeout)
        yield f"{base}/slack/events"
    finally:
        await asyncio.to_thread(_stop, popen)


async def _wait_healthy(
    popen: subprocess.Popen[bytes], url: str, log: Path, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(timeout=2) as http:
        while time.monotonic() < deadline:
            if popen.poll() is not None:
                raise SlackAppFailed(
                    f"The Slack app exited with code {popen.returncode} before it was ready. "
                    f"Its log ({log}) ends with:\n{tail(log, 15)}"
                )
            with contextlib.suppress(httpx.HTTPError):
                if (await http.get(url)).status_code == 200:
                    return
            await asyncio.sleep(0.2)
    raise SlackAppFailed(f"The Slack app did not answer {url} within {timeout:g} s (log: {log}).")


def _stop(popen: subprocess.Popen[bytes]) -> None:
    if popen.poll() is None:
        signal_group(popen.pid, signal.SIGINT)  # the app's own clean stop
        with contextlib.suppress(subprocess.TimeoutExpired):
            popen.wait(timeout=15)
    terminate([popen], grace=5)
