"""New reps' learning path through the real stack: the terminal's REST conversation and Slack.

Real trained Rasa model, real action server with the SQL store, real embedding model (the
practice is scored by it); only Slack itself is mocked. The right answers of a check are read
from the same check the bot asks (built here with the action server's embedder), and a good
practice answer is the playbook's own designed response: nothing is hard-coded.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from pregame.chat.terminal import render
from pregame.cli import app as cli
from pregame.cli.common import Wiring
from pregame.learning.service import Learning
from pregame.loadtest.slack_api import Post
from pregame.onboarding import Where
from pregame.playbook.library import PlaybookLibrary
from pregame.rasa_client import RasaClient, merge
from pregame.services import default_embedder
from pregame.slack.app import build_app
from pregame.slack.config import SlackSettings
from pregame.slack.http import start_http
from pregame.store.database import Database
from pregame.store.progress import Progress
from tests.support.learning_answers import OFF_TOPIC, designed_answer, right_choice
from tests.support.real_stack import RealStack
from tests.support.slack_edge import TEAM, LoopThread, MockSlack, click, form, sign

pytestmark = pytest.mark.e2e

B2B = "b2b-buyer-experience"
SECRET = "e2e-onboarding-secret"


@dataclass
class Stack:
    real: RealStack
    learning: Learning
    library: PlaybookLibrary

    @property
    def client(self) -> RasaClient:
        return RasaClient(self.real.endpoints.rasa_url)

    def slot(self, sender: str, name: str) -> Any:
        tracker = httpx.get(
            f"{self.real.endpoints.rasa_url}/conversations/{sender}/tracker",
            params={"token": self.real.endpoints.token},
            timeout=10,
        )
        return tracker.json()["slots"][name]


@pytest.fixture(scope="module")
def stack(real_stack: RealStack) -> Iterator[Stack]:
    """The learning service over the stack's store, with the action server's embedder, so
    the checks built here are the ones the bot asks."""
    settings = real_stack.settings
    library = PlaybookLibrary(settings.path(settings.playbooks_dir))
    library.refresh()
    db = Database(settings.database)
    yield Stack(real_stack, Learning(library, Progress(db), default_embedder(settings)), library)
    db.dispose()


class Rep:
    """One rep in the terminal: the REST channel's sender is the rep."""

    def __init__(self, stack: Stack, name: str) -> None:
        self.stack = stack
        self.id = f"e2e-{name}-{uuid.uuid4().hex[:6]}"
        self.transcript: list[str] = []

    def say(self, text: str) -> list[dict[str, Any]]:
        messages = [dict(m) for m in merge(self.stack.client.send(self.id, text))]
        assert messages, f"no reply to {text!r}"
        self.transcript += [f"you> {text}", "pregame>", render(messages), ""]
        return messages

    def take_check(self, first: list[dict[str, Any]], where: Where) -> dict[str, Any]:
        """Answer the check right: the first question typed, the others with its buttons."""
        messages, result = first, None
        while True:
            question = custom(messages, "quiz_question")
            choice = right_choice(self.stack.learning, self.id, where) + 1
            if question["number"] == 1:
                messages = self.say(str(choice))
            else:
                (button,) = [b for m in messages for b in m.get("buttons", [])
                             if b["title"] == str(choice)]  # fmt: skip
                messages = self.say(button["payload"])
            result = custom(messages, "quiz_result")
            assert result["correct"], result
            if result["score"] is not None:
                return result | {"buttons": messages_buttons(messages)}

    def practise(self, first: list[dict[str, Any]], good: bool) -> dict[str, Any]:
        """Answer the buyer until the summary: the designed responses, or off-topic."""
        messages = first
        playbook = self.stack.library.get(custom(first, "practice_started")["playbook"])
        for _ in range(5):
            state = self.stack.slot(self.id, "practice")
            messages = self.say(designed_answer(playbook, state) if good else OFF_TOPIC)
            turn = custom(messages, "practice_turn")
            assert (turn["score"] >= 80) is turn["passed"]
            if turn["buyer_line"] is None:
                return dict(custom(messages, "practice_summary"))
        raise AssertionError(f"the practice did not end after 5 answers: {messages}")


def custom(messages: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    found = [m["custom"] for m in messages if m.get("custom", {}).get("type") == kind]
    assert found, f"expected a {kind!r} reply, got: {messages}"
    return found[-1]


def messages_buttons(messages: list[dict[str, Any]]) -> dict[str, str]:
    return {b["title"]: b["payload"] for m in messages for b in m.get("buttons", [])}


def test_a_rep_finishes_a_phase_another_fails_practice_and_readiness_shows_both(
    stack: Stack,
) -> None:
    ana = Rep(stack, "ana")
    lesson = custom(ana.say("learn"), "lesson")
    assert (lesson["playbook"], lesson["phase"]) == (B2B, "research") and lesson["steps"]
    where = Where(B2B, "research")
    started = ana.say("learn")
    assert started[0]["text"].startswith("Knowledge check of Research and first touch")
    assert len(started) == 2 and started[1]["custom"]["type"] == "quiz_question"
    result = ana.take_check(started, where)
    assert (result["score"], result["passed"]) == (100, True)

    ana.transcript.clear()
    practice = ana.say(result["buttons"]["Practice now"])
    assert [m.get("custom", {}).get("type") for m in practice] == ["practice_started"], practice
    summary = ana.practise(practice, good=True)
    assert summary["passed"] and summary["recorded"] and summary["score"] >= 80
    print("\n--- a passed practice, as `pregame chat` shows it ---\n" + "\n".join(ana.transcript))

    # Another rep stops the check half-way, carries on, passes it, then fails the practice.
    bo = Rep(stack, "bo")
    bo.say("start my learning path")
    first = bo.say("quiz me")
    choice = right_choice(stack.learning, bo.id, where) + 1
    custom(bo.say(str(choice)), "quiz_result")
    paused = bo.say("stop")
    assert paused[0]["text"].startswith("Check paused at question 2 of 5."), paused
    resumed = bo.say("learn")
    assert "at question 2" in resumed[0]["text"]
    assert custom(resumed, "quiz_question")["number"] == 2
    assert custom(first, "quiz_question")["number"] == 1
    assert bo.take_check(resumed, where)["passed"]
    bo.transcript.clear()
    failed = bo.practise(bo.say("practice"), good=False)
    assert not failed["passed"] and failed["recorded"] and failed["score"] < 40
    print("\n--- a failed practice ---\n" + "\n".join(bo.transcript))

    progress = custom(ana.say("how am I doing?"), "progress")
    assert progress["phases"][0]["status"] == "ready" and progress["ready"] == 1
    assert progress["next_phase"] == "discovery"

    settings = stack.real.settings
    wiring = Wiring(settings=lambda: settings)
    table = CliRunner().invoke(cli, ["readiness"], obj=wiring, env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    print("\n--- pregame readiness ---\n" + table.output)
    b2b = table.output.split("B2B buyer experience playbook")[1].split("(all teams)")[1]
    rows = {line.split("│")[1].strip(): line for line in b2b.splitlines() if line.count("│") > 3}
    assert "ready" in rows[ana.id] and "1/5" in rows[ana.id]
    assert f"practice {failed['score']}" in rows[bo.id] and "0/5" in rows[bo.id]


def test_rehearse_after_a_call_prep_brief(stack: Stack) -> None:
    seller = Rep(stack, "seller")
    brief = custom(seller.say("prep me for my call with the CFO at Acme, evaluation stage"), "prep")
    started = custom(seller.say("rehearse"), "practice_started")
    assert (started["mode"], started["phase"], started["persona"]) == (
        "rehearsal",
        "evaluation",
        "cfo",
    )
    state = stack.slot(seller.id, "practice")
    assert state["lines"][0][1] == brief["objections"][0]["id"], "the brief's objections first"
    stopped = seller.say("stop")
    assert stopped[0]["text"] == "Practice stopped; it was not scored."
    assert stack.learning.progress.practice_attempts(seller.id) == []


# -- Slack -----------------------------------------------------------------------------------


@dataclass
class Slack:
    loop: LoopThread
    api: MockSlack
    url: str

    def post(self, body: str, content_type: str) -> httpx.Response:
        headers = {**sign(SECRET, body), "Content-Type": content_type}
        response = httpx.post(self.url, content=body, headers=headers, timeout=10)
        assert response.status_code == 200, response.text
        return response

    def command(self, text: str, user: str) -> dict[str, Any]:
        fields = {
            "command": "/pregame",
            "text": text,
            "team_id": TEAM,
            "channel_id": "C1",
            "user_id": user,
            "response_url": f"{self.api.url}response",
            "trigger_id": "trigger-1",
        }
        return dict(self.post(form(fields), "application/x-www-form-urlencoded").json())

    def click(self, message: Post, title: str, user: str) -> None:
        (element,) = [
            e
            for b in message.blocks
            if b["type"] == "actions"
            for e in b["elements"]
            if e["text"]["text"] == title
        ]
        payload = click(
            element["action_id"],
            element["value"],
            channel=message.channel,
            message_ts=message.ts,
            thread_ts=message.thread_ts,
            user=user,
            title=title,
        )
        self.post(form({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")

    def posts(self, channel: str, thread_ts: str, count: int, timeout: float = 60) -> list[Post]:
        """The first ``count`` messages posted in a thread (``thread_ts`` "": not in one)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            posted = self.api.posts_in(channel, thread_ts)
            if len(posted) >= count:
                return posted[:count]
            time.sleep(0.05)
        raise AssertionError(f"expected {count} posts in {channel} {thread_ts}: {self.api.posts}")


@pytest.fixture(scope="module")
def slack(real_stack: RealStack) -> Iterator[Slack]:
    loop = LoopThread()
    api = MockSlack()
    loop.run(api.start())
    settings = SlackSettings(bot_token="xoxb-e2e", signing_secret=SECRET, api_url=api.url)

    async def start() -> Any:
        app = build_app(real_stack.settings, settings)
        await app.start()
        runner, port = await start_http(app.bolt, SECRET, "127.0.0.1", 0)
        return app, runner, port

    try:
        app, runner, port = loop.run(start())
        try:
            yield Slack(loop, api, f"http://127.0.0.1:{port}/slack/events")
        finally:
            loop.run(runner.cleanup())
            loop.run(app.close())
    finally:
        loop.run(api.stop())
        loop.close()


def test_slash_learn_then_the_check_answered_with_a_button(stack: Stack, slack: Slack) -> None:
    user = f"UREP{uuid.uuid4().hex[:6].upper()}"
    dm = f"D{user}"
    ack = slack.command("learn", user)
    assert ack["response_type"] == "ephemeral" and "your lesson" in ack["text"]
    (root,) = slack.posts(dm, "", 1)
    assert root.text == "/pregame learn"
    (lesson,) = slack.posts(dm, root.ts, 1)
    assert lesson.blocks[0]["text"]["text"] == "Lesson · Research and first touch"

    slack.click(lesson, "Start the check", user)
    intro, question = slack.posts(dm, root.ts, 3)[1:]
    assert "Knowledge check of Research and first touch" in intro.text
    assert question.blocks[0]["text"]["text"] == "Knowledge check · Research and first touch"

    # The Slack user who clicked is the rep (the thread is the conversation).
    right = right_choice(stack.learning, user, Where(B2B, "research")) + 1
    slack.click(question, str(right), user)
    result, following = slack.posts(dm, root.ts, 5)[3:]
    assert result.blocks[0]["type"] == "context", "the click is quoted first"
    assert result.blocks[1]["text"]["text"] == ":white_check_mark: Right."
    assert "*Question 2 of 5*" in following.blocks[1]["text"]["text"]
    attempt = stack.learning.progress.open_check(user, B2B, "research")
    assert attempt is not None and attempt.correct == 1 and attempt.next_index == 1
