"""Health checks and warm-up go through an injected transport: no real server needed."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from pregame.rasa_client import RasaClient
from pregame.stack.processes import StackError, Supervisor, http_ok
from pregame.stack.stack import warm_up

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def test_warm_up_runs_the_warm_up_action() -> None:
    seen: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        return httpx.Response(200, json={"events": [], "responses": []})

    warm_up("http://actions/webhook", 5, httpx.MockTransport(handler))
    assert seen[0]["next_action"] == "action_pregame_warm_up"


def test_a_failing_warm_up_is_a_stack_error() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(500, text="no coach"))
    with pytest.raises(StackError, match="failed to warm up: no coach"):
        warm_up("http://actions/webhook", 5, transport)


def test_http_ok_probe() -> None:
    answers: Iterator[httpx.Response | Exception] = iter(
        [httpx.ConnectError("refused"), httpx.Response(503), httpx.Response(200)]
    )

    def handler(request: httpx.Request) -> httpx.Response:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    probe = http_ok("http://actions/health", httpx.MockTransport(handler))
    assert [probe(), probe(), probe()] == [False, False, True]


def test_rasa_is_ready_once_a_model_is_loaded(tmp_path: Path) -> None:
    """The stack waits on RasaClient.ready(): /status with a model file."""
    status = iter([{"model_file": None}, {"model_file": "models/pregame-1.tar.gz"}])
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=next(status)))
    client = RasaClient("http://rasa", transport=transport)
    supervisor = Supervisor(tmp_path)
    process = supervisor.start("rasa", SLEEPER, cwd=tmp_path, env=dict(os.environ))
    try:
        supervisor.wait_ready(process, "http://rasa/status", 10, client.ready)
    finally:
        supervisor.stop_all()
        client.close()


def test_wait_ready_gives_up_with_the_log(tmp_path: Path) -> None:
    supervisor = Supervisor(
        tmp_path, transport=httpx.MockTransport(lambda request: httpx.Response(404))
    )
    process = supervisor.start("actions", SLEEPER, cwd=tmp_path, env=dict(os.environ))
    try:
        with pytest.raises(StackError, match="was not ready at http://actions/health after 1s"):
            supervisor.wait_ready(process, "http://actions/health", 1)
    finally:
        supervisor.stop_all()
