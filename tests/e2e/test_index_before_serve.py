"""`pregame up` on a store that has never been indexed: it indexes before it serves.

The stack is started the way `pregame up` (and so `make up` and the Slack app) starts it,
:func:`pregame.stack.up.start_stack` with its index sync, on a data folder with no index at all.
The first question after the stack reports ready is answered from knowledge/, and a sales
question that nothing in knowledge/ or the playbooks answers gets the honest reply, not
passages that merely share its words.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from pregame.rasa_client import RasaClient, merge
from pregame.settings import Settings
from pregame.stack.processes import free_port
from pregame.stack.up import start_stack
from tests.support.paths import ROOT

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RasaClient, list[str]]]:
    data = tmp_path_factory.mktemp("never-indexed")
    playbooks = data / "playbooks"
    shutil.copytree(ROOT / "playbooks", playbooks)
    settings = Settings(
        root=ROOT,
        data_dir=data,
        playbooks_dir=playbooks,
        rasa_port=free_port(),
        action_port=free_port(),
    )
    assert not (data / "chroma").exists(), "the store has never been created"
    said: list[str] = []
    with start_stack(settings, said.append, said.append) as endpoints:
        yield RasaClient(endpoints.rasa_url), said


def ask(client: RasaClient, text: str) -> list[dict[str, Any]]:
    messages = merge(client.send(f"e2e-{uuid.uuid4().hex[:8]}", text))
    assert messages, f"no reply to {text!r}"
    return messages


def payload(messages: list[dict[str, Any]]) -> dict[str, Any]:
    found = [m["custom"] for m in messages if m.get("custom", {}).get("type")]
    assert found, f"no typed reply in {messages}"
    return found[0]


def test_knowledge_is_indexed_before_the_first_turn(fresh: tuple[RasaClient, list[str]]) -> None:
    client, said = fresh
    assert any("Syncing the knowledge index" in line for line in said), said
    reply = payload(
        ask(client, "what does the booth conversation guide say about scanning badges?")
    )
    assert reply["type"] in {"answer", "content"}, reply
    sources = [c["source"] for c in reply.get("citations", reply.get("items", []))]
    assert "booth-conversation-guide.md" in sources, sources  # knowledge/, indexed at start


def test_a_question_nothing_answers_gets_the_honest_reply(
    fresh: tuple[RasaClient, list[str]],
) -> None:
    client, _ = fresh
    for question in (
        "what's the partner referral bonus for deals closed in Q3?",
        "how long do we keep a customer's data after they churn?",
    ):
        reply = payload(ask(client, question))
        assert reply["type"] == "no_answer", (question, reply)
