"""Faults in the default profile (one machine, one replica, the SQLite store): the seller's view
within seconds, and the state after."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pregame.indexing import index_default
from pregame.rasa_client import RasaClient
from pregame.replies import BotMessage, message_type
from pregame.services import build_services
from pregame.settings import Settings
from pregame.stack.processes import free_port
from pregame.stack.rasa import train
from pregame.stack.stack import Stack
from tests.support.paths import ROOT

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data = tmp_path_factory.mktemp("pregame-faults")
    settings = Settings(
        root=ROOT,
        data_dir=data,
        playbooks_dir=ROOT / "playbooks",
        rasa_port=free_port(),
        action_port=free_port(),
    )
    index_default(build_services(settings))
    return settings


def start(settings: Settings, run_dir: Path) -> Stack:
    stack = Stack(
        settings,
        train(settings).model,
        rasa_port=settings.rasa_port,
        action_port=settings.action_port,
        run_dir=run_dir,
    )
    stack.__enter__()
    return stack


@pytest.fixture(scope="module")
def stack(settings: Settings) -> Iterator[Stack]:
    running = start(settings, settings.run_dir)
    yield running
    running.stop()


def step_of(messages: list[BotMessage]) -> dict[str, object]:
    (step,) = [m["custom"] for m in messages if message_type(m).value == "step"]
    return step


def test_a_killed_action_server_gets_a_friendly_reply_and_the_play_survives(
    stack: Stack, settings: Settings
) -> None:
    client = RasaClient(f"http://127.0.0.1:{settings.rasa_port}")
    sender = "fault-actions"
    assert (
        step_of(client.send(sender, "discovery call with the CFO at Bellows tomorrow"))["index"]
        == 0
    )
    actions = next(p for p in stack.supervisor.processes if p.name == "actions")
    os.kill(actions.popen.pid, signal.SIGKILL)
    started = time.monotonic()
    reply = client.send(sender, "next")
    assert time.monotonic() - started < 5
    assert [message_type(m).value for m in reply] == ["error"]
    assert "send it again" in str(reply[0].get("text"))
    deadline = time.monotonic() + 120  # the supervisor restarts it (a new process, then up)
    while (actions.restarts == 0 or actions.state.value != "up") and time.monotonic() < deadline:
        time.sleep(0.5)
    assert actions.restarts == 1 and actions.state.value == "up"
    step = step_of(client.send(sender, "next"))
    assert (step["index"], step["persona"]) == (1, "cfo")  # where the seller was, not lost


def test_conversations_resume_after_the_stack_is_stopped_and_started(
    stack: Stack, settings: Settings
) -> None:
    client = RasaClient(f"http://127.0.0.1:{settings.rasa_port}")
    sender = "fault-restart"
    client.send(sender, "discovery call with the CTO at Woodgrove tomorrow")
    assert step_of(client.send(sender, "next"))["index"] == 1
    stack.stop()
    again = start(settings, settings.run_dir)
    try:
        step = step_of(client.send(sender, "next"))
        assert (step["index"], step["persona"]) == (2, "cto")
    finally:
        again.stop()
