"""bot/channels/limited_rest.py under the Rasa runtime (.venv-rasa's Python): the REST channel
rejects malformed, oversized and flooding requests before Rasa sees them; valid turns as before."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from pregame.stack.processes import free_port
from tests.support.paths import ROOT

RASA_PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
SCRIPT = ROOT / "tests" / "bot" / "serve_channel.py"
MARK = "body-marker-9a1c"  # in rejected bodies: never logged
LIMIT, QUEUE = 100, 2


@dataclass
class Channel:
    url: str
    process: subprocess.Popen[bytes]
    rejected: int = 0  # 4xx answers the tests have had so far

    @property
    def webhook(self) -> str:
        return f"{self.url}/webhooks/rest/webhook"

    def post(self, body: Any, raw: str | None = None) -> httpx.Response:
        content = raw if raw is not None else json.dumps(body)
        headers = {"Content-Type": "application/json"}
        response = httpx.post(self.webhook, content=content, headers=headers, timeout=10)
        self.rejected += response.status_code >= 400
        return response

    def stderr(self) -> str:
        """Everything the server logged (stops it)."""
        self.process.terminate()
        return self.process.communicate(timeout=20)[1].decode()


@pytest.fixture(scope="module")
def channel() -> Iterator[Channel]:
    if not RASA_PYTHON.exists():
        pytest.skip("no .venv-rasa: run the setup")
    port = free_port()
    env = {"PREGAME_MAX_MESSAGE_CHARS": str(LIMIT), "PREGAME_SENDER_QUEUE": str(QUEUE),
           "PATH": "/usr/bin:/bin"}  # fmt: skip
    process = subprocess.Popen(
        [str(RASA_PYTHON), str(SCRIPT), str(ROOT / "bot"), str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    served = Channel(f"http://127.0.0.1:{port}", process)
    deadline = time.monotonic() + 120  # importing Rasa is slow on 2 cores
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{served.url}/webhooks/rest/", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        raise AssertionError(f"the channel did not start: {process.communicate()[1].decode()}")
    yield served
    if process.poll() is None:
        process.kill()
        process.wait()


def test_valid_turns_are_answered_as_by_rasas_rest_channel(channel: Channel) -> None:
    response = channel.post({"sender": "s1", "message": "hi", "metadata": {"slack": {"u": 1}}})
    assert response.status_code == 200
    (reply,) = response.json()
    assert reply["recipient_id"] == "s1"
    assert reply["custom"] == {
        "sender": "s1",
        "text": "hi",
        "input_channel": "rest",
        "metadata": {"slack": {"u": 1}},
    }
    plain = channel.post({"sender": "s1", "message": "x" * LIMIT}).json()
    assert plain[0]["custom"]["metadata"] is None and len(plain[0]["custom"]["text"]) == LIMIT


def test_a_turn_that_says_nothing_gets_a_friendly_reply(channel: Channel) -> None:
    response = channel.post({"sender": "s-silent", "message": "silent"})
    assert response.status_code == 200
    (reply,) = response.json()
    assert "send it again" in reply["text"] and reply["custom"] == {"type": "error"}


BAD = [
    (None, "not json {" + MARK),
    ([{"sender": "s", "message": MARK}], None),
    ({"message": MARK}, None),
    ({"sender": None, "message": MARK}, None),
    ({"sender": 42, "message": MARK}, None),
    ({"sender": "", "message": MARK}, None),
    ({"sender": "s", "message": None}, None),
    ({"sender": "s"}, None),
    ({"sender": "s", "message": ["a", MARK]}, None),
    ({"sender": "s", "message": MARK, "metadata": [MARK]}, None),
    ({"sender": "s", "message": MARK, "metadata": "x"}, None),
    ({"sender": "s", "message": MARK, "input_channel": 3}, None),
]


def test_malformed_requests_get_400(channel: Channel) -> None:
    for body, raw in BAD:
        response = channel.post(body, raw)
        assert response.status_code == 400, (body, raw)
        assert response.json()["error"] == "bad_request"


def test_a_message_over_the_limit_is_413(channel: Channel) -> None:
    response = channel.post({"sender": "s2", "message": "y" * (LIMIT + 1)})
    assert response.status_code == 413
    assert response.json() == {
        "error": "message_too_long",
        "detail": f"the message has {LIMIT + 1} characters; the limit is {LIMIT}",
        "limit": LIMIT,
        "length": LIMIT + 1,
    }
    big = channel.post({"sender": "s2", "message": MARK * 10_000})  # 160 KB
    assert big.status_code == 413


def test_turns_in_flight_per_sender_are_bounded(channel: Channel) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=30) as client:
            held = [
                asyncio.create_task(
                    client.post(channel.webhook, json={"sender": "flood", "message": "wait"})
                )
                for _ in range(QUEUE)
            ]
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                counts = (await client.get(f"{channel.url}/in_flight")).json()
                if counts.get("flood") == QUEUE:
                    break
                await asyncio.sleep(0.05)
            more = await client.post(channel.webhook, json={"sender": "flood", "message": MARK})
            assert more.status_code == 429
            channel.rejected += 1
            assert more.json()["error"] == "too_many_turns" and more.json()["limit"] == QUEUE
            other = await client.post(channel.webhook, json={"sender": "calm", "message": "hi"})
            assert other.status_code == 200, "another sender is served meanwhile"
            await client.get(f"{channel.url}/release")
            answers = await asyncio.gather(*held)
            assert [a.status_code for a in answers] == [200] * QUEUE
            assert (await client.get(f"{channel.url}/in_flight")).json() == {}
            again = await client.post(channel.webhook, json={"sender": "flood", "message": "ok"})
            assert again.status_code == 200

    asyncio.run(scenario())


def test_each_rejection_is_one_log_line_without_the_body(channel: Channel) -> None:
    """Runs last in this module: reads the server's log (and stops it)."""
    for body, raw in BAD[:3]:
        channel.post(body, raw)
    log = channel.stderr()
    rejected = [line for line in log.splitlines() if "rest channel: rejected" in line]
    assert len(rejected) == channel.rejected >= 3, "one line per 400, 413 and 429 answer"
    assert MARK not in log
    assert "Traceback" not in log
    assert "sender default" not in log


def test_a_server_still_loading_its_model_answers_503() -> None:
    """A restarted Rasa takes requests before its model is loaded; nginx then asks another."""
    if not RASA_PYTHON.exists():
        pytest.skip("no .venv-rasa: run the setup")
    port = free_port()
    process = subprocess.Popen(
        [str(RASA_PYTHON), str(SCRIPT), str(ROOT / "bot"), str(port), "--loading"],
        env={"PATH": "/usr/bin:/bin"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{url}/webhooks/rest/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        turn = {"sender": "s", "message": "hi"}
        early = httpx.post(f"{url}/webhooks/rest/webhook", json=turn, timeout=10)
        assert early.status_code == 503 and early.json()["error"] == "loading"
        httpx.get(f"{url}/load", timeout=10)
        assert httpx.post(f"{url}/webhooks/rest/webhook", json=turn, timeout=10).status_code == 200
    finally:
        process.kill()
        process.wait()
