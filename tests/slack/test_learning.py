"""The learning path on the App Home: a rep's path, a manager's team, over a real store."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pregame.playbook.library import PlaybookLibrary
from pregame.slack.blocks.learning_home import START, path_blocks, with_learning
from pregame.slack.learning import LearningDesk
from pregame.store.database import Database
from pregame.store.progress import Progress
from tests.support.paths import ROOT
from tests.support.slack_harness import Harness

B2B = "b2b-buyer-experience"
SELLER_HOME: dict[str, Any] = {
    "type": "home",
    "blocks": [
        {"type": "header", "text": {"type": "plain_text", "text": "Get started"}},
        {"type": "divider"},
        {"type": "header", "text": {"type": "plain_text", "text": "Playbooks"}},
    ],
}


@pytest.fixture
def progress(tmp_path: Path) -> Iterator[Progress]:
    db = Database(f"sqlite:///{tmp_path / 'pregame.db'}")
    db.migrate()
    yield Progress(db)
    db.dispose()


@pytest.fixture
def desk(progress: Progress) -> LearningDesk:
    library = PlaybookLibrary(ROOT / "playbooks")
    library.refresh()
    return LearningDesk(progress, library.playbooks, managers=["U0CONFIGURED"])


def body(view: dict[str, Any]) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


def test_a_rep_who_has_not_started_is_told_how_to(desk: LearningDesk) -> None:
    view = asyncio.run(desk.add_to(SELLER_HOME, "U0NEW"))
    headers = [b["text"]["text"] for b in view["blocks"] if b["type"] == "header"]
    assert headers == ["Get started", "Your learning path", "Playbooks"]
    assert "/pregame learn" in body(view) and "11 phases on your path." in body(view)


def test_a_reps_path_shows_progress_per_phase(desk: LearningDesk, progress: Progress) -> None:
    progress.mark_lesson_read("U0REP", B2B, "research")
    progress.record_practice("U0REP", B2B, "discovery", 65, False)
    seen = desk.view_for("U0REP")
    assert seen.team is None and seen.next.phase and seen.next.phase.phase_id == "research"
    blocks = path_blocks(seen.states, seen.next)
    lines = blocks[1]["text"]["text"].splitlines()
    assert lines[:3] == [
        "*B2B buyer experience playbook*",
        ":white_circle: 1. Research and first touch: check",
        ":white_circle: 2. Discovery: -",
    ]
    assert (
        "0 of 11 phases ready. Next: take the knowledge check" in blocks[2]["elements"][0]["text"]
    )


def test_a_manager_sees_the_teams_readiness(desk: LearningDesk, progress: Progress) -> None:
    progress.set_rep("U0ANA", "enterprise-sales", "Ana Silva")
    progress.set_rep("U0MO", "enterprise-sales", "Mo Lee", is_manager=True)
    progress.record_practice("U0ANA", "complex-deals", "build-vs-buy", 85, True)
    view = asyncio.run(desk.add_to(SELLER_HOME, "U0MO"))
    text = body(view)
    assert "Your team's readiness (team enterprise-sales)" in text
    assert "*Ana Silva* (0/6 ready): 1 - · 2 - · " in text, "every phase of complex-deals"
    assert "Mo Lee" not in text, "managers are not listed as reps"
    configured = asyncio.run(desk.add_to(SELLER_HOME, "U0CONFIGURED"))
    assert "Your team's readiness (all teams)" in body(configured)


def test_a_store_failure_leaves_the_home_as_it_was(desk: LearningDesk) -> None:
    def broken() -> list[Any]:
        raise RuntimeError("playbooks unreadable")

    desk.playbooks = broken
    assert asyncio.run(desk.add_to(SELLER_HOME, "U0REP")) == SELLER_HOME


def test_learning_blocks_go_before_the_playbooks_or_at_the_end() -> None:
    learning = [{"type": "section", "text": {"type": "mrkdwn", "text": START}}]
    placed = with_learning(SELLER_HOME, learning)["blocks"]
    assert [b["type"] for b in placed] == ["header", "divider", "section", "divider", "header"]
    no_list = with_learning({"type": "home", "blocks": SELLER_HOME["blocks"][:1]}, learning)
    assert [b["type"] for b in no_list["blocks"]] == ["header", "divider", "section"]
    full = with_learning({"type": "home", "blocks": [{"type": "divider"}] * 99}, learning)
    assert len(full["blocks"]) == 100


def test_the_opened_app_home_shows_the_reps_learning_path(harness: Harness) -> None:
    db = Database(harness.settings.database)
    try:
        Progress(db).mark_lesson_read("U1", B2B, "research")
    finally:
        db.dispose()
    harness.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}, "Ev9")
    (published,) = harness.slack.wait_for("views.publish")
    view = body(published["view"])
    assert "Your learning path" in view
    assert "1. Research and first touch: check" in view
