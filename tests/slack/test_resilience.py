"""Never silence: Slack refusing a call, the working indicator, bots and edits, feedback once."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from pathlib import Path
from typing import Any, cast

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from pregame.settings import Settings
from pregame.slack.app import serve
from pregame.slack.config import SlackSettings
from pregame.slack.indicator import Indicator
from pregame.stack.processes import free_port
from tests.slack.conftest import SECRET, Harness
from tests.slack.test_app import actions_in, posted_in, texts
from tests.support.slack_edge import LoopThread, MockSlack, click, mention, message

REFUSED = {"ok": False, "error": "invalid_blocks"}


def wait_until(check: Any, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check() and time.monotonic() < deadline:
        time.sleep(0.02)


# -- 1. a refused message is sent again as text; failures are told, not swallowed -----------


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


def test_a_rate_limited_reaction_does_not_hold_up_the_reply(harness: Harness) -> None:
    harness.slack.fail_next(
        "reactions.add", 429, {"Retry-After": "3"}, {"ok": False, "error": "ratelimited"}
    )
    started = time.monotonic()
    harness.event(mention("slow", "100.1"), "Ev1")  # a 2 s turn; the reaction waits 0.5 + 3 s
    posted_in(harness, "100.1")
    assert time.monotonic() - started < 3.2, "the reply did not wait for the reaction"
    removed = harness.slack.wait_for("reactions.remove")
    assert removed[0]["timestamp"] == "100.1", "the reaction still comes off afterwards"


def test_a_network_error_in_the_indicator_is_logged_not_raised(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class Offline:
        async def reactions_add(self, **_: Any) -> None:
            raise aiohttp.ClientConnectionError("network is down")

        async def reactions_remove(self, **_: Any) -> None:
            raise aiohttp.ClientConnectionError("network is down")

    async def scenario() -> None:
        indicator = Indicator(cast(AsyncWebClient, Offline()), "C1", "1.1", 0)
        await asyncio.sleep(0.05)
        stopped = indicator.stop()  # type: ignore[func-returns-value]
        if asyncio.iscoroutine(stopped):  # the API before the fix
            await stopped
        await asyncio.sleep(0.05)

    with caplog.at_level(logging.WARNING, logger="pregame.slack"):
        asyncio.run(scenario())
    assert any("network is down" in r.getMessage() for r in caplog.records)


def test_slash_play_says_privately_when_the_dm_cannot_be_opened(harness: Harness) -> None:
    harness.slack.fail_next("conversations.open", 200, {}, {"ok": False, "error": "user_disabled"})
    harness.command("play discovery call with a CFO", user="U7")
    (told,) = harness.slack.wait_for("response")
    assert told["response_type"] == "ephemeral"
    assert "couldn't open a DM" in told["text"] and "user_disabled" in told["text"]
    assert harness.rasa.received == []


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


def test_a_failed_feedback_update_is_logged_and_told(harness: Harness) -> None:
    harness.slack.fail_next("chat.update", 200, {}, {"ok": False, "error": "message_not_found"})
    harness.interact(
        click("pregame_feedback_helpful", "{}", channel="C1", message_ts="2.2", thread_ts="100.1")
    )
    (told,) = harness.slack.wait_for("chat.postEphemeral")
    assert told["user"] == "U1" and "feedback is noted" in told["text"]
    assert (harness.data / "feedback.jsonl").is_file()


# -- 3. the working indicator for clicks and slash commands ---------------------------------


def test_a_slow_button_turn_reacts_to_the_clicked_message(harness: Harness) -> None:
    harness.rasa.delay = 1.0
    harness.interact(
        click("pregame_rasa_1", "/next_step", channel="C1", message_ts="7.7", thread_ts="100.1")
    )
    (added,) = harness.slack.wait_for("reactions.add")
    assert (added["channel"], added["timestamp"]) == ("C1", "7.7")
    posted_in(harness, "100.1")
    assert harness.slack.wait_for("reactions.remove")[0]["timestamp"] == "7.7"


def test_a_slow_slash_command_turn_reacts_to_its_dm_message(harness: Harness) -> None:
    harness.rasa.delay = 1.0
    harness.command("play discovery call with a CFO", user="U7")
    root = harness.slack.wait_for("chat.postMessage")[0]
    (added,) = harness.slack.wait_for("reactions.add")
    assert added["channel"] == "DU7" and added["timestamp"] == "2001.000100"
    assert "thread_ts" not in root


# -- 4. mentions by bots and edited mentions start no turn -----------------------------------


def test_mentions_from_bots_and_edits_are_ignored(harness: Harness) -> None:
    harness.event(mention("discovery call", "1.1") | {"bot_id": "BOTHER"}, "E1")
    harness.event(mention("discovery call", "1.2") | {"subtype": "bot_message"}, "E2")
    harness.event(mention("discovery call", "1.3") | {"edited": {"user": "U1", "ts": "1.4"}}, "E3")
    harness.event(mention("discovery call", "1.5") | {"subtype": "message_changed"}, "E4")
    time.sleep(0.5)
    assert harness.rasa.received == []
    assert harness.slack.calls_to("chat.postMessage") == []


# -- 6. feedback: one record and one Rasa event per answer -----------------------------------


def test_thumbs_down_then_a_reason_is_one_record_and_one_rasa_event(harness: Harness) -> None:
    harness.event(mention("discovery call", "100.1"), "Ev1")
    card = posted_in(harness, "100.1", 2)[1]
    where = {"channel": "C1", "message_ts": "2002.000100", "thread_ts": "100.1"}
    value = actions_in(card)["pregame_feedback_not_helpful"]["value"]
    harness.interact(click("pregame_feedback_not_helpful", value, **where, blocks=card["blocks"]))
    (update,) = harness.slack.wait_for("chat.update")
    time.sleep(0.3)
    assert not (harness.data / "feedback.jsonl").exists(), "the 👎 alone only asks why"
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
    lines = (harness.data / "feedback.jsonl").read_text().splitlines()
    assert [(json.loads(x)["value"], json.loads(x)["reason"]) for x in lines] == [
        ("not_helpful", "too_long")
    ]


def test_skip_records_not_helpful_without_a_reason(harness: Harness) -> None:
    where = {"channel": "C1", "message_ts": "2.2", "thread_ts": "100.1"}
    harness.interact(click("pregame_reason_none", "{}", **where))
    wait_until(lambda: bool(harness.rasa.received))
    assert harness.rasa.received[0].message == "/feedback_unhelpful"
    final = harness.slack.wait_for("chat.update")[0]
    assert "found this not helpful. Thanks!" in texts(final)
    (line,) = (harness.data / "feedback.jsonl").read_text().splitlines()
    assert json.loads(line)["reason"] is None


# -- 7. the Events API mode checks the bot token at startup ----------------------------------


def test_http_mode_refuses_a_bad_bot_token_at_startup(
    loop: LoopThread, mock_slack: MockSlack, project: Path
) -> None:
    mock_slack.fail_next("auth.test", 200, {}, {"ok": False, "error": "invalid_auth"})
    settings = Settings(root=project, data_dir=project / ".pregame", rasa_port=free_port())
    slack = SlackSettings(bot_token="xoxb-bad", signing_secret=SECRET, api_url=mock_slack.url)
    with pytest.raises(SlackApiError) as refused:
        loop.run(serve(settings, slack, http=True, host="127.0.0.1", port=0), timeout=5)
    assert refused.value.response["error"] == "invalid_auth"
    assert mock_slack.calls_to("auth.test")
