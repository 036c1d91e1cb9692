"""Stale content reaches the seller flagged, with its owner, through the real stack.

Its own stack (trained Rasa model, action server, Chroma, the real embedding model) over a copy
of the project's knowledge with one more case study, last reviewed 14 months before today (the
action server's clock is the real one, so the date is written relative to it).
"""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from pregame.indexing import index_default
from pregame.rasa_client import RasaClient, merge
from pregame.replies import BotMessage, ReplyType, message_type
from pregame.retrieval.freshness import ago
from pregame.services import build_services
from pregame.settings import Settings
from pregame.stack.processes import free_port
from pregame.stack.rasa import train
from pregame.stack.stack import Stack
from tests.support.paths import ROOT

pytestmark = pytest.mark.e2e

STALE_DOC = "case-study-dairy-cooperative.md"
OWNER = "Field Marketing"


def stale_case_study(reviewed: dt.date) -> str:
    return f"""---
title: "Case study: Fjordmelk dairy cooperative"
type: case-study
industry: [dairy, food and beverage, agriculture]
owner: {OWNER}
last_reviewed: {reviewed.isoformat()}
---
# Case study: Fjordmelk dairy cooperative

Fjordmelk is a dairy cooperative of 1,400 farms. Milk collection, cheese production and
cooperative member payouts ran on spreadsheets, and the month-end close took eleven days.

## Results

With Northwind, the dairy cooperative closed its books in four days, and every farm sees its
milk payout the day after collection. The cooperative's CFO cut reporting effort by 60%.
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RasaClient, dt.date]]:
    data = tmp_path_factory.mktemp("pregame-freshness")
    knowledge, playbooks = data / "knowledge", data / "playbooks"
    shutil.copytree(ROOT / "knowledge", knowledge)
    shutil.copytree(ROOT / "playbooks", playbooks)
    today = dt.datetime.now(dt.UTC).date()
    year, month = divmod(today.year * 12 + today.month - 1 - 14, 12)
    reviewed = dt.date(year, month + 1, min(today.day, 28))  # 14 months ago
    (knowledge / STALE_DOC).write_text(stale_case_study(reviewed), encoding="utf-8")
    settings = Settings(
        root=ROOT,
        data_dir=data,
        knowledge_dir=knowledge,
        playbooks_dir=playbooks,
        rasa_port=free_port(),
        action_port=free_port(),
    )

    def index() -> None:
        index_default(build_services(settings))

    with Stack(
        settings,
        train(settings).model,
        rasa_port=settings.rasa_port,
        action_port=settings.action_port,
        run_dir=data / "run",
        before_actions=index,
    ) as endpoints:
        yield RasaClient(endpoints.rasa_url), reviewed


def content_of(messages: Sequence[BotMessage]) -> tuple[str, dict[str, Any]]:
    found = [m for m in messages if message_type(m) is ReplyType.CONTENT]
    assert found, f"expected a content reply, got: {messages}"
    return str(found[0].get("text", "")), found[0].get("custom", {})


def test_a_stale_case_study_is_flagged_with_its_owner(bot: tuple[RasaClient, dt.date]) -> None:
    client, reviewed = bot
    sender = f"e2e-fresh-{uuid.uuid4().hex[:8]}"
    messages = merge(client.send(sender, "got a case study for dairy i can send?"))
    text, content = content_of(messages)
    items = {item["source"]: item for item in content["items"]}
    assert STALE_DOC in items, f"the dairy case study is offered: {list(items)}"
    flag = items[STALE_DOC]["stale"]
    age = ago(reviewed, dt.datetime.now(dt.UTC).date())
    note = f"last reviewed {age}; owner: {OWNER}"
    assert age == "14 months ago"
    assert flag["status"] == "review_overdue" and flag["owner"] == OWNER
    assert flag["note"] == note and flag["last_reviewed"] == reviewed.isoformat()
    assert f"⚠ {note}" in text, "the seller reads the flag, not only the payload"
    # No fresh document matches a dairy cooperative, so the stale one is offered, flagged, rather
    # than hidden (fresh-first ordering is covered in tests/coach/test_coach_freshness.py).
