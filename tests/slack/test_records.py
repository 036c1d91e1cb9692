"""What the Slack app records, in the SQL store: plays and feedback, old JSON lines imported."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from pregame.slack.records import Feedback, PlayRecord, SlackRecords
from pregame.store.database import Database
from pregame.store.records import Records
from tests.support.slack_edge import click, mention
from tests.support.slack_harness import Harness, actions_in, posted_in, wait_until


def test_recent_plays_are_the_users_newest_first(records: SlackRecords) -> None:
    async def scenario() -> None:
        for i, user in enumerate(["U1", "U2", "U1"]):
            await records.play(PlayRecord(user, "T1", "C1", f"{i}.0", "pb", f"phase{i}", None))
        assert [p.phase for p in await records.recent_plays("U1", "T1")] == ["phase2", "phase0"]
        assert await records.recent_plays("U1", "T2") == []

    asyncio.run(scenario())


def test_old_json_lines_are_imported_once_at_start(tmp_path: Path) -> None:
    legacy = tmp_path / "slack"
    legacy.mkdir()
    play = {"user": "U1", "team": "T1", "channel": "C1", "thread_ts": "1.0", "playbook": "pb",
            "phase": "discovery", "persona": "cfo", "at": "2025-01-01T10:00:00+00:00"}  # fmt: skip
    (legacy / "plays.jsonl").write_text(json.dumps(play) + '\n{"cut short')
    feedback: dict[str, object] = {"user": "U1", "team": "T1", "channel": "C1", "thread_ts": "1.0",
                "message_ts": "2.0", "value": "helpful", "reason": None, "about": {},
                "at": "2025-01-01T10:01:00+00:00"}  # fmt: skip
    (legacy / "feedback.jsonl").write_text(json.dumps(feedback) + "\n")

    url = f"sqlite:///{tmp_path / 'data' / 'pregame.db'}"
    for _ in range(2):  # a second start imports nothing again
        records = SlackRecords(Database(url), legacy)
        asyncio.run(records.start())
        (imported,) = asyncio.run(records.recent_plays("U1", "T1"))
        assert (imported.phase, imported.persona) == ("discovery", "cfo")
        assert [f.value for f in records.store.all_feedback()] == ["helpful"]
        records.close()
    assert sorted(p.name for p in legacy.iterdir()) == [
        "feedback.jsonl.imported",
        "plays.jsonl.imported",
    ]


def test_feedback_round_trips(records: SlackRecords) -> None:
    record = Feedback("U1", "T1", "C1", "1.0", "2.0", "not_helpful", "too_long", {"type": "step"})
    asyncio.run(records.feedback(record))
    (stored,) = records.store.all_feedback()
    assert (stored.value, stored.reason, stored.about) == (
        "not_helpful",
        "too_long",
        {"type": "step"},
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def store_harness(request: pytest.FixtureRequest, make_harness: Callable[..., Harness]) -> Harness:
    """The app over HTTP with its records on a SQLite file or on a real PostgreSQL server."""
    if request.param == "sqlite":
        return make_harness()
    return make_harness(database_url=request.getfixturevalue("postgres_url"))


def test_feedback_and_plays_are_recorded_through_the_app(store_harness: Harness) -> None:
    harness = store_harness
    harness.event(mention("discovery call", "100.1"), "Ev1")
    card = posted_in(harness, "100.1", 2)[1]
    value = actions_in(card)["pregame_feedback_helpful"]["value"]
    where = {"channel": "C1", "message_ts": "2002.000100", "thread_ts": "100.1"}
    harness.interact(click("pregame_feedback_helpful", value, **where, blocks=card["blocks"]))
    harness.slack.wait_for("chat.update")

    # read back with a store of its own: what any other process (insights, forget) sees
    reader = Records(Database(harness.settings.database))
    try:
        wait_until(lambda: reader.recent_plays("U1", "T1"))
        (play,) = reader.recent_plays("U1", "T1")
        assert (play.playbook, play.phase, play.persona) == (
            "b2b-buyer-experience",
            "discovery",
            "cfo",
        )
        assert (play.channel, play.thread_ts) == ("C1", "100.1")
        (feedback,) = reader.all_feedback()
        assert (feedback.value, feedback.user, feedback.message_ts) == (
            "helpful",
            "U1",
            "2002.000100",
        )
        assert feedback.about == json.loads(value)
    finally:
        reader.db.dispose()
