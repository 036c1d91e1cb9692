"""The feedback flow: one record and one Rasa event per answer, told when it fails."""

from __future__ import annotations

import time

from pregame.slack.blocks.feedback import feedback_block
from pregame.slack.records import Feedback
from tests.support.slack_edge import click, mention
from tests.support.slack_harness import (
    Harness,
    actions_in,
    posted_in,
    texts,
    wait_until,
    without_intents,
)


def recorded(harness: Harness) -> list[Feedback]:
    """The feedback in the app's SQL store."""
    return harness.app.records.store.all_feedback()


def test_feedback_is_logged_locally_when_rasa_has_no_feedback_intent(harness: Harness) -> None:
    without_intents(harness, "feedback_helpful", "feedback_unhelpful")
    harness.event(mention("discovery call", "100.1"), "Ev1")
    card = posted_in(harness, "100.1", 2)[1]
    value = actions_in(card)["pregame_feedback_not_helpful"]["value"]
    payload = click(
        "pregame_feedback_not_helpful",
        value,
        channel="C1",
        message_ts="2002.000100",
        thread_ts="100.1",
        blocks=card["blocks"],
    )
    harness.interact(payload)
    (update,) = harness.slack.wait_for("chat.update")
    assert update["ts"] == "2002.000100"
    reasons = actions_in(update)
    assert "pregame_reason_missing_content" in reasons
    assert "pregame_feedback_helpful" not in reasons

    reason = click(
        "pregame_reason_missing_content",
        reasons["pregame_reason_missing_content"]["value"],
        channel="C1",
        message_ts="2002.000100",
        thread_ts="100.1",
        blocks=update["blocks"],
    )
    harness.interact(reason)
    final = harness.slack.wait_for("chat.update", 2)[1]
    assert "Content missing. Thanks!" in texts(final)
    assert not any(b.get("block_id") == "pregame_feedback" for b in final["blocks"])

    records = recorded(harness)
    assert [(r.value, r.reason) for r in records] == [("not_helpful", "missing_content")]
    assert records[0].about == {"type": "step", "ref": "s0", "phase": "discovery"}
    assert records[0].thread_ts == "100.1" and records[0].user == "U1"
    assert harness.rasa.messages_from("slack:T1:C1:100.1") == ["discovery call"]


def test_feedback_goes_to_rasa_too_when_the_domain_has_the_intents(harness: Harness) -> None:
    payload = click(
        "pregame_feedback_helpful",
        '{"type":"content"}',
        channel="C1",
        message_ts="2002.000100",
        thread_ts="100.1",
        blocks=[*feedback_block('{"type":"content"}')],
    )
    harness.interact(payload)
    deadline = time.monotonic() + 5
    while not harness.rasa.received and time.monotonic() < deadline:
        time.sleep(0.02)
    assert harness.rasa.received[0].message == "/feedback_helpful"
    assert harness.rasa.received[0].sender == "slack:T1:C1:100.1"
    assert "found this helpful" in texts(harness.slack.wait_for("chat.update")[0])
    wait_until(lambda: recorded(harness))
    assert recorded(harness), "kept locally as well"

    reason = click(
        "pregame_reason_too_long",
        '{"type":"content"}',
        channel="C1",
        message_ts="2003.000100",
        thread_ts="100.1",
    )
    harness.interact(reason)
    deadline = time.monotonic() + 5
    while len(harness.rasa.received) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert harness.rasa.received[1].message == '/feedback_unhelpful{"reason":"too_long"}'
    assert len(harness.slack.calls_to("chat.postMessage")) == 0, "the bot's thanks is not posted"


def test_a_failed_feedback_update_is_logged_and_told(harness: Harness) -> None:
    harness.slack.fail_next("chat.update", 200, {}, {"ok": False, "error": "message_not_found"})
    harness.interact(
        click("pregame_feedback_helpful", "{}", channel="C1", message_ts="2.2", thread_ts="100.1")
    )
    (told,) = harness.slack.wait_for("chat.postEphemeral")
    assert told["user"] == "U1" and "feedback is noted" in told["text"]
    assert recorded(harness)


def test_thumbs_down_then_a_reason_is_one_record_and_one_rasa_event(harness: Harness) -> None:
    harness.event(mention("discovery call", "100.1"), "Ev1")
    card = posted_in(harness, "100.1", 2)[1]
    where = {"channel": "C1", "message_ts": "2002.000100", "thread_ts": "100.1"}
    value = actions_in(card)["pregame_feedback_not_helpful"]["value"]
    harness.interact(click("pregame_feedback_not_helpful", value, **where, blocks=card["blocks"]))
    (update,) = harness.slack.wait_for("chat.update")
    time.sleep(0.3)
    assert not recorded(harness), "the 👎 alone only asks why"
    assert harness.rasa.messages_from("slack:T1:C1:100.1") == ["discovery call"]
    assert "pregame_reason_none" in actions_in(update), "a reason is optional: Skip"

    reason = click("pregame_reason_too_long", value, **where, blocks=update["blocks"])
    harness.interact(reason)
    harness.interact(reason)  # a double click
    wait_until(lambda: len(harness.rasa.received) >= 2)
    time.sleep(0.3)
    assert harness.rasa.messages_from("slack:T1:C1:100.1") == [
        "discovery call",
        '/feedback_unhelpful{"reason":"too_long"}',
    ]
    assert [(r.value, r.reason) for r in recorded(harness)] == [("not_helpful", "too_long")]


def test_skip_records_not_helpful_without_a_reason(harness: Harness) -> None:
    where = {"channel": "C1", "message_ts": "2.2", "thread_ts": "100.1"}
    harness.interact(click("pregame_reason_none", "{}", **where))
    wait_until(lambda: bool(harness.rasa.received))
    assert harness.rasa.received[0].message == "/feedback_unhelpful"
    final = harness.slack.wait_for("chat.update")[0]
    assert "found this not helpful. Thanks!" in texts(final)
    wait_until(lambda: recorded(harness))
    (line,) = recorded(harness)
    assert line.reason is None
