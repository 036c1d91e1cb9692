"""Our action server: rasa-sdk's actions, answering only callers with the token."""

from __future__ import annotations

import importlib
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pregame.stack.action_server import warm_up
from pregame.stack.processes import free_port
from tests.support.paths import ROOT

WARM_UP = {"next_action": "action_pregame_warm_up", "sender_id": "t", "version": "3.6.21",
           "tracker": {"sender_id": "t", "slots": {}, "latest_message": {}, "events": [],
                       "paused": False, "followup_action": None, "active_loop": {},
                       "latest_action_name": None}, "domain": {}}  # fmt: skip


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "PREGAME_ACTION_TOKEN": "right-token", "HF_HUB_OFFLINE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "pregame.stack.action_server", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("the action server did not start")
        yield base
    finally:
        process.terminate()
        process.wait(15)


def test_health_is_open(server: str) -> None:
    assert httpx.get(f"{server}/health").json() == {"status": "ok"}


@pytest.mark.parametrize("params", [{}, {"token": "wrong"}])
def test_webhook_without_the_token_is_refused(server: str, params: dict[str, str]) -> None:
    reply = httpx.post(f"{server}/webhook", json=WARM_UP, params=params, timeout=30)
    assert reply.status_code == 401


def test_webhook_with_the_token_runs_the_action(server: str) -> None:
    reply = httpx.post(f"{server}/webhook", json=WARM_UP, params={"token": "right-token"},
                       timeout=120)  # fmt: skip
    assert reply.status_code == 200


def test_it_refuses_to_start_without_a_token() -> None:
    env = {k: v for k, v in os.environ.items() if k != "PREGAME_ACTION_TOKEN"}
    done = subprocess.run(
        [sys.executable, "-m", "pregame.stack.action_server", "--port", str(free_port())],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0 and "PREGAME_ACTION_TOKEN" in done.stderr


def test_warm_up_runs_the_packages_warm_up_and_survives_its_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    for name, body in {
        "warm_ok": "calls = []\ndef warm_up():\n    calls.append(1)\n",
        "warm_broken": "def warm_up():\n    raise ConnectionError('chroma is not answering')\n",
        "warm_none": "",
    }.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text(body)
    monkeypatch.syspath_prepend(str(tmp_path))

    warm_up("warm_ok")
    assert importlib.import_module("warm_ok").calls == [1]
    with caplog.at_level(logging.INFO, logger="pregame.action_server"):
        warm_up("warm_broken")  # logged, not raised: the server starts cold
        warm_up("warm_none")  # nothing to warm
    assert [r.getMessage() for r in caplog.records] == [
        "warm-up failed, starting cold: chroma is not answering"
    ]
