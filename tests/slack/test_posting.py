"""Never silence: a refused reply is sent again as plain text; failing twice is logged."""

from __future__ import annotations

import logging

import pytest

from tests.support.slack_edge import message
from tests.support.slack_harness import (
    Harness,
    posted_in,
    wait_until,
)

REFUSED = {"ok": False, "error": "invalid_blocks"}


def test_a_refused_reply_is_posted_again_as_plain_text(harness: Harness) -> None:
    harness.slack.fail_next("chat.postMessage", 200, {}, REFUSED)
    harness.event(message("echo hello there", "300.3", "D9", "im"), "Ev1")
    refused, again = posted_in(harness, "300.3", 2)
    assert "blocks" in refused and "blocks" not in again
    assert again["text"] == refused["text"] == "hello there"


def test_a_reply_refused_twice_is_logged(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    harness.slack.fail_next("chat.postMessage", 200, {}, REFUSED)
    harness.slack.fail_next("chat.postMessage", 200, {}, REFUSED)
    with caplog.at_level(logging.WARNING, logger="pregame.slack"):
        harness.event(message("echo hi", "300.3", "D9", "im"), "Ev1")
        posted_in(harness, "300.3", 2)
        wait_until(lambda: any(r.levelno == logging.ERROR for r in caplog.records))
    errors = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert errors == ["posting to slack:T1:D9:300.3 failed: invalid_blocks "]
