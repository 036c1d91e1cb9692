"""The Chroma server fails under the production profile (PostgreSQL, Redis, a Chroma server that
`pregame up` starts and supervises; one replica): hung (SIGSTOP) and killed (SIGKILL).

The seller's view: within 5 s, the real answer for whatever needs no search (steps, the play's
designed content, playbook objections) and a message that the knowledge base is out of reach for
what does. The state after: the play's step is where it was, every turn is stored, and once Chroma
answers again the next question is answered from the knowledge base without restarting anything.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, text

from pregame.rasa_client import RasaClient
from pregame.replies import BotMessage, message_type
from pregame.settings import Settings
from pregame.stack.processes import Process, free_port
from pregame.stack.rasa import train
from pregame.stack.stack import Stack
from pregame.store.database import engine_url
from tests.support.paths import ROOT
from tests.support.servers import PostgresServer, RedisServer

pytestmark = pytest.mark.e2e

UNREACHABLE = "I can't reach the knowledge base right now"
QUESTION = "what are the discount guardrails"
FAULT_LINE = "answered without the knowledge base"


@dataclass
class ChromaStack:
    settings: Settings
    stack: Stack
    client: RasaClient

    def process(self, name: str) -> Process:
        return next(p for p in self.stack.supervisor.processes if p.name == name)

    def say(self, sender: str, message: str) -> tuple[list[BotMessage], float]:
        """The seller's view of one turn: the bot's messages and how long they took."""
        started = time.monotonic()
        reply = self.client.send(sender, message)
        return reply, time.monotonic() - started

    def user_turns(self, sender: str) -> int:
        engine = create_engine(engine_url(self.settings.database))
        try:
            with engine.connect() as conn:
                query = "select count(*) from events where sender_id = :s and type_name = 'user'"
                return int(conn.execute(text(query), {"s": sender}).scalar_one())
        finally:
            engine.dispose()

    def fault_lines(self) -> list[str]:
        log = self.settings.run_dir / "actions.log"
        return [line for line in log.read_text().splitlines() if FAULT_LINE in line]


@pytest.fixture(scope="module")
def chroma_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaStack]:
    data = tmp_path_factory.mktemp("pregame-chroma-fault")
    postgres, redis = PostgresServer().start(), RedisServer().start()
    settings = Settings(
        root=ROOT,
        data_dir=data,
        playbooks_dir=ROOT / "playbooks",
        database_url=postgres.url,
        redis_url=redis.url,
        chroma_host="127.0.0.1",
        chroma_port=free_port(),
        rasa_port=free_port(),
        action_port=free_port(),
    )
    try:
        # As an admin would: index into the store folder, then `pregame up` serves it.
        folder = {k: v for k, v in settings.to_env().items() if k != "PREGAME_CHROMA_HOST"}
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREGAME_")}
        subprocess.run(
            [str(ROOT / ".venv/bin/pregame"), "index"],
            env={**env, **folder},
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=600,
        )
        stack = Stack(
            settings,
            train(settings).model,
            rasa_port=settings.rasa_port,
            action_port=settings.action_port,
            run_dir=settings.run_dir,
        )
        client = RasaClient(settings.rasa_url, timeout=30)
        with stack:
            yield ChromaStack(settings, stack, client)
        client.close()
    finally:
        postgres.stop()
        redis.stop()


def kinds(messages: list[BotMessage]) -> list[str]:
    return [message_type(m).value for m in messages]


def custom(messages: list[BotMessage], kind: str) -> dict[str, object]:
    (found,) = [m["custom"] for m in messages if message_type(m).value == kind]
    return found


def test_a_hung_chroma_gets_a_friendly_reply_and_the_play_goes_on(
    chroma_stack: ChromaStack,
) -> None:
    bot, sender = chroma_stack, "chroma-hang"
    chroma = bot.process("chroma")
    reply, _ = bot.say(sender, "I have a discovery call with a CFO tomorrow")
    assert custom(reply, "step")["index"] == 0
    assert kinds(bot.say(sender, QUESTION)[0]) == ["answer"]
    lines_before = len(bot.fault_lines())

    os.kill(chroma.popen.pid, signal.SIGSTOP)  # accepts connections, never answers
    try:
        question, question_s = bot.say(sender, QUESTION)
        content, content_s = bot.say(sender, "what should I send them?")
        objection, objection_s = bot.say(sender, "they say we're too expensive")
        step, step_s = bot.say(sender, "next")
    finally:
        os.kill(chroma.popen.pid, signal.SIGCONT)

    assert max(question_s, content_s, objection_s, step_s) < 5, (
        question_s, content_s, objection_s, step_s)  # fmt: skip
    assert kinds(question) == ["error"] and str(question[0]["text"]).startswith(UNREACHABLE)
    assert "Your play is where you left it" in str(question[0]["text"])
    # The play's own recommendations, saying the knowledge base was not searched.
    assert str(content[0]["text"]).startswith(f"{UNREACHABLE}, so this is only what the playbook")
    items = custom(content, "content")["items"]
    assert isinstance(items, list) and items
    assert {i["why"] for i in items} == {"recommended in the playbook"}
    assert custom(objection, "objection")["objection"] == "too-expensive"
    assert (custom(step, "step")["index"], custom(step, "step")["persona"]) == (1, "cfo")
    assert len(bot.fault_lines()) - lines_before == 2  # one line per turn it could not search

    # Chroma answers again: the next question is answered normally, nothing was restarted.
    assert kinds(bot.say(sender, QUESTION)[0]) == ["answer"]
    assert chroma.restarts == 0 and bot.process("actions").restarts == 0
    assert custom(bot.say(sender, "next")[0], "step")["index"] == 2
    assert bot.user_turns(sender) == 8  # every turn stored once


def test_a_killed_chroma_gets_a_friendly_reply_until_the_supervisor_restarts_it(
    chroma_stack: ChromaStack,
) -> None:
    bot, sender = chroma_stack, "chroma-kill"
    chroma = bot.process("chroma")
    restarts = chroma.restarts
    reply, _ = bot.say(sender, "discovery call with the CTO at Lucerne tomorrow")
    assert custom(reply, "step")["index"] == 0

    os.kill(chroma.popen.pid, signal.SIGKILL)
    question, question_s = bot.say(sender, QUESTION)  # before the restarted one is ready
    step, step_s = bot.say(sender, "next")
    assert max(question_s, step_s) < 5, (question_s, step_s)
    assert kinds(question) == ["error"] and str(question[0]["text"]).startswith(UNREACHABLE)
    assert (custom(step, "step")["index"], custom(step, "step")["persona"]) == (1, "cto")

    deadline = time.monotonic() + 90
    while (chroma.restarts == restarts or chroma.state.value != "up") and (
        time.monotonic() < deadline
    ):
        time.sleep(0.2)
    assert chroma.restarts == restarts + 1 and chroma.state.value == "up"
    # The action server reconnects by itself: answers from the knowledge base again.
    again, _ = bot.say(sender, QUESTION)
    assert kinds(again) == ["answer"]
    content, _ = bot.say(sender, "what should I send them?")
    assert str(content[0]["text"]).startswith("Here is what I'd use:")
    assert bot.process("actions").restarts == 0
    assert bot.user_turns(sender) == 5
    assert "Traceback" not in (bot.settings.run_dir / "actions.log").read_text()
