"""The objection form: the modal, a failure to open it, its answer in the thread."""

from __future__ import annotations

import json
import logging

import pytest

from pregame.slack.blocks.ids import OBJECTION_INPUT, OBJECTION_VIEW
from pregame.slack.objections import buyer_message, objection_modal
from tests.support.slack_edge import click
from tests.support.slack_harness import (
    Harness,
    posted_in,
    texts,
)


def test_objection_modal() -> None:
    view = objection_modal('{"team":"T1"}')
    assert view["callback_id"] == OBJECTION_VIEW and view["private_metadata"] == '{"team":"T1"}'
    block_id, action_id = OBJECTION_INPUT
    assert view["blocks"][0]["block_id"] == block_id
    assert view["blocks"][0]["element"]["action_id"] == action_id


def test_objection_button_opens_a_modal_and_the_answer_lands_in_the_thread(
    harness: Harness,
) -> None:
    harness.interact(
        click("pregame_objection", "objection", channel="C1", message_ts="2.2", thread_ts="100.1")
    )
    (opened,) = harness.slack.wait_for("views.open")
    view = opened["view"] if isinstance(opened["view"], dict) else json.loads(opened["view"])
    assert opened["trigger_id"] == "trigger-1" and view["callback_id"] == OBJECTION_VIEW

    submission = {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": "U1", "team_id": "T1"},
        "api_app_id": "A1",
        "view": {
            **view,
            "id": "V1",
            "state": {
                "values": {
                    "objection": {
                        "said": {"type": "plain_text_input", "value": "we're happy with our vendor"}
                    }
                }
            },
        },
    }
    assert harness.interact(submission).status_code == 200
    (reply,) = posted_in(harness, "100.1")
    assert "the buyer said" in texts(reply)
    assert harness.rasa.messages_from("slack:T1:C1:100.1") == [
        "the buyer says we're happy with our vendor"
    ]


def test_a_failed_objection_form_is_logged_and_told(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    harness.slack.fail_next("views.open", 200, {}, {"ok": False, "error": "expired_trigger_id"})
    with caplog.at_level(logging.ERROR, logger="pregame.slack"):
        harness.interact(
            click("pregame_objection", "x", channel="C1", message_ts="2.2", thread_ts="100.1")
        )
        (told,) = harness.slack.wait_for("chat.postEphemeral")
    assert (told["channel"], told["user"], told["thread_ts"]) == ("C1", "U1", "100.1")
    assert "objection form" in told["text"]
    assert any(
        "expired_trigger_id" in r.getMessage() and "slack:T1:C1:100.1" in r.getMessage()
        for r in caplog.records
    )


def test_what_the_buyer_said_reads_as_an_objection() -> None:
    assert buyer_message("we're happy with our vendor") == (
        "the buyer says we're happy with our vendor"
    )
    assert buyer_message("They say it's too expensive") == "They say it's too expensive"
    assert buyer_message("/next_step") == "the buyer says next_step", "never a Rasa payload"
