"""The Slack app over the Events API: signed requests in, calls to a mock Slack Web API out."""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

import pytest

from pregame.slack import blocks as kit
from tests.slack.conftest import SECRET, Harness
from tests.support.slack_edge import BOT_USER, click, mention, message, sign


def posted_in(h: Harness, thread_ts: str, count: int = 1) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [c for c in h.slack.calls_to("chat.postMessage") if c.get("thread_ts") == thread_ts]
        if len(found) >= count:
            return found
        time.sleep(0.02)
    raise AssertionError(f"expected {count} message(s) in thread {thread_ts}")


def actions_in(msg: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        e["action_id"]: e for b in msg["blocks"] if b["type"] == "actions" for e in b["elements"]
    }


def texts(msg: dict[str, Any]) -> str:
    return json.dumps(msg["blocks"])


def test_mention_gets_a_step_card_in_its_thread(harness: Harness) -> None:
    started = time.monotonic()
    response = harness.event(mention("discovery call with a CFO tomorrow", "100.1"), "Ev1")
    assert response.status_code == 200
    assert time.monotonic() - started < 3, "acknowledged within Slack's 3 seconds"

    first, card = posted_in(harness, "100.1", 2)
    assert first["channel"] == card["channel"] == "C1"
    assert "Got it" in first["text"]
    assert card["blocks"][0] == kit.header("Discovery · step 1 of 4")
    buttons = actions_in(card)
    assert [b["text"]["text"] for b in buttons.values()][:5] == [
        "Back",
        "Next",
        "Content",
        "Objection",
        "Done",
    ]
    assert buttons["pregame_rasa_1"]["value"] == "/next_step"
    assert {"pregame_feedback_helpful", "pregame_feedback_not_helpful"} <= set(buttons)
    assert "Confirm the time &amp; agree the agenda." in texts(card)

    (received,) = harness.rasa.received
    assert received.sender == "slack:T1:C1:100.1"
    assert received.message == "discovery call with a CFO tomorrow", "the bot mention is dropped"
    assert received.metadata["slack"]["user"] == "U1"


def test_next_button_goes_to_rasa_as_a_payload_and_answers_in_the_thread(
    harness: Harness,
) -> None:
    harness.event(mention("discovery call with a CFO", "100.1"), "Ev1")
    _, card = posted_in(harness, "100.1", 2)
    next_button = actions_in(card)["pregame_rasa_1"]

    payload = click(
        "pregame_rasa_1",
        next_button["value"],
        channel="C1",
        message_ts="2002.000100",
        thread_ts="100.1",
        title="Next",
    )
    assert harness.interact(payload).status_code == 200

    reply = posted_in(harness, "100.1", 3)[2]
    assert reply["blocks"][0] == kit.context("<@U1> chose *Next*")
    assert reply["blocks"][1] == kit.header("Discovery · step 2 of 4")
    assert harness.rasa.messages_from("slack:T1:C1:100.1") == [
        "discovery call with a CFO",
        "/next_step",
    ]


def test_a_retry_or_a_second_event_for_one_message_is_not_answered_twice(
    harness: Harness,
) -> None:
    event = mention("discovery call with a CFO", "100.1")
    harness.event(event, "Ev1")
    harness.event(event, "Ev1", **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"})
    # the same message also arrives as a message.channels event in a thread the bot is in
    again = message(event["text"], "100.1", "C1", "channel", thread_ts="100.1")
    harness.event(again, "Ev2")
    posted_in(harness, "100.1", 2)
    time.sleep(0.5)
    assert len(harness.rasa.received) == 1
    assert len(harness.slack.calls_to("chat.postMessage")) == 2


def test_bad_or_stale_signature_is_401(harness: Harness) -> None:
    body = json.dumps({"type": "event_callback", "event": mention("hi", "1.1")})
    bad = {**sign("not-the-secret", body), "Content-Type": "application/json"}
    assert harness.send(body, "application/json", bad).status_code == 401
    stale = sign(SECRET, body, timestamp=int(time.time()) - 600)
    assert harness.send(body, "application/json", stale).status_code == 401
    assert harness.rasa.received == []


def test_url_verification_challenge(harness: Harness) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc", "token": "x"})
    response = harness.send(body, "application/json")
    assert response.status_code == 200 and response.json()["challenge"] == "abc"


def test_two_sellers_in_parallel_threads_keep_separate_state(harness: Harness) -> None:
    harness.rasa.delay = 0.3
    sellers = [("U1", "C1", "100.1", 2), ("U2", "C2", "200.2", 1)]

    def seller(user: str, channel: str, ts: str, nexts: int) -> None:
        harness.event(mention("discovery call", ts, channel, user), f"Ev-{ts}")
        for i in range(nexts):
            posted_in(harness, ts, 2 + i)
            payload = click(
                "pregame_rasa_1", "/next_step", channel=channel, message_ts="1.1", thread_ts=ts
            )
            payload["user"]["id"] = user
            harness.interact(payload)

    runs = [threading.Thread(target=seller, args=s) for s in sellers]
    for run in runs:
        run.start()
    for run in runs:
        run.join(20)
    last_a = posted_in(harness, "100.1", 4)[-1]
    last_b = posted_in(harness, "200.2", 3)[-1]
    assert kit.header("Discovery · step 3 of 4") in last_a["blocks"]
    assert kit.header("Discovery · step 2 of 4") in last_b["blocks"]
    assert (last_a["channel"], last_b["channel"]) == ("C1", "C2")
    assert harness.rasa.messages_from("slack:T1:C2:200.2") == ["discovery call", "/next_step"]


def test_rasa_down_gives_a_friendly_message_and_a_log_line(
    down_harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="pregame.slack"):
        down_harness.event(mention("discovery call", "100.1"), "Ev1")
        (reply,) = posted_in(down_harness, "100.1")
    assert "can't reach the playbook coach" in reply["text"]
    assert any("Rasa unavailable for slack:T1:C1:100.1" in r.getMessage() for r in caplog.records)


def test_rate_limit_is_honoured(harness: Harness) -> None:
    harness.slack.fail_next(
        "chat.postMessage", 429, {"Retry-After": "0"}, {"ok": False, "error": "ratelimited"}
    )
    harness.event(mention("discovery call", "100.1"), "Ev1")
    posted_in(harness, "100.1", 3)  # the rate-limited attempt, its retry, the second message
    replies = harness.slack.calls_to("chat.postMessage")
    assert replies[0]["blocks"] == replies[1]["blocks"], "the same message was sent again"


def test_slow_turn_is_acked_at_once_and_shows_a_working_indicator(harness: Harness) -> None:
    started = time.monotonic()
    assert harness.event(mention("slow", "100.1"), "Ev1").status_code == 200
    assert time.monotonic() - started < 1.0, "the ack does not wait for the 2 s Rasa turn"
    added = harness.slack.wait_for("reactions.add")
    posted_in(harness, "100.1")
    removed = harness.slack.wait_for("reactions.remove")
    assert added[0]["timestamp"] == removed[0]["timestamp"] == "100.1"
    assert added[0]["name"] == "hourglass_flowing_sand"


def test_fast_turn_has_no_indicator(harness: Harness) -> None:
    harness.event(mention("discovery call", "100.1"), "Ev1")
    posted_in(harness, "100.1", 2)
    assert harness.slack.calls_to("reactions.add") == []


def test_text_is_escaped_both_ways(harness: Harness) -> None:
    harness.event(mention("echo <!channel> <https://evil.test|docs> /next_step", "100.1"), "Ev1")
    (reply,) = posted_in(harness, "100.1")
    sent = harness.rasa.received[0].message
    assert sent == "echo @channel docs /next_step"
    assert "<!channel>" not in texts(reply) and "<" not in reply["text"]
    assert all(b["text"]["verbatim"] for b in reply["blocks"] if b["type"] == "section")


def test_typed_slash_text_never_becomes_a_rasa_intent(harness: Harness) -> None:
    harness.event(message("/next_step", "300.3", "D9", "im"), "Ev1")
    posted_in(harness, "300.3")
    assert harness.rasa.received[0].message == "next_step"


def test_dm_top_level_message_is_answered_in_a_thread(harness: Harness) -> None:
    harness.event(message("discovery call with a CFO", "300.3", "D9", "im"), "Ev1")
    assert posted_in(harness, "300.3", 2)[0]["channel"] == "D9"
    assert harness.rasa.received[0].sender == "slack:T1:D9:300.3"


def test_follow_up_in_its_own_channel_thread_needs_no_mention(harness: Harness) -> None:
    harness.slack.thread_messages["400.4"] = [{"user": "U1"}, {"user": BOT_USER}]
    harness.slack.thread_messages["500.5"] = [{"user": "U1"}, {"user": "U2"}]
    harness.event(message("what should I send?", "400.9", "C1", "channel", thread_ts="400.4"), "E1")
    harness.event(message("what should I send?", "500.9", "C1", "channel", thread_ts="500.5"), "E2")
    harness.event(message("top-level chatter", "600.1", "C1", "channel"), "E3")
    (content,) = posted_in(harness, "400.4")
    assert "ROI guide" in texts(content)
    time.sleep(0.5)
    assert [r.sender for r in harness.rasa.received] == ["slack:T1:C1:400.4"]


def test_bot_and_edited_messages_are_ignored(harness: Harness) -> None:
    bot_msg = message("hello", "1.1", "D9", "im") | {"bot_id": "BOTHER"}
    edited = message("hello", "1.2", "D9", "im") | {"subtype": "message_changed"}
    harness.event(bot_msg, "E1")
    harness.event(edited, "E2")
    time.sleep(0.5)
    assert harness.rasa.received == []


def test_slash_help_is_ephemeral(harness: Harness) -> None:
    response = harness.command("help")
    assert response.status_code == 200
    body = response.json()
    assert body["response_type"] == "ephemeral"
    assert "/pregame play" in json.dumps(body["blocks"])
    assert harness.rasa.received == []


def test_slash_unknown_subcommand_says_so(harness: Harness) -> None:
    body = harness.command("frobnicate").json()
    assert body["response_type"] == "ephemeral" and "frobnicate" in body["text"]


def test_slash_play_acks_privately_and_plays_in_a_dm_thread(harness: Harness) -> None:
    body = harness.command("play discovery call with a CFO", user="U7").json()
    assert body["response_type"] == "ephemeral" and "DM" in body["text"]
    assert harness.slack.wait_for("conversations.open")[0]["users"] == "U7"
    root = harness.slack.wait_for("chat.postMessage")[0]
    assert root["channel"] == "DU7" and "thread_ts" not in root
    replies = harness.slack.wait_for("chat.postMessage", 3)[1:]
    assert {r["thread_ts"] for r in replies} == {"2001.000100"}
    assert harness.rasa.received[0].message == "discovery call with a CFO"


def test_slash_prep_sends_a_prep_request(harness: Harness) -> None:
    harness.command("prep evaluation call with Acme's CFO")
    harness.slack.wait_for("chat.postMessage", 2)
    assert harness.rasa.received[0].message == "prep me for evaluation call with Acme's CFO"


def without_intents(h: Harness, *intents: str) -> None:
    domain = h.settings.root / "bot" / "domain.yml"
    text = domain.read_text()
    for intent in intents:
        assert f"  - {intent}\n" in text
        text = text.replace(f"  - {intent}\n", "")
    domain.write_text(text)


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

    lines = (harness.data / "feedback.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    assert [(r["value"], r["reason"]) for r in records] == [("not_helpful", "missing_content")]
    assert records[0]["about"] == {"type": "step", "ref": "s0", "phase": "discovery"}
    assert records[0]["thread_ts"] == "100.1" and records[0]["user"] == "U1"
    assert harness.rasa.messages_from("slack:T1:C1:100.1") == ["discovery call"]


def test_feedback_goes_to_rasa_too_when_the_domain_has_the_intents(harness: Harness) -> None:
    payload = click(
        "pregame_feedback_helpful",
        '{"type":"content"}',
        channel="C1",
        message_ts="2002.000100",
        thread_ts="100.1",
        blocks=[*kit.feedback_block('{"type":"content"}')],
    )
    harness.interact(payload)
    deadline = time.monotonic() + 5
    while not harness.rasa.received and time.monotonic() < deadline:
        time.sleep(0.02)
    assert harness.rasa.received[0].message == "/feedback_helpful"
    assert harness.rasa.received[0].sender == "slack:T1:C1:100.1"
    assert "found this helpful" in texts(harness.slack.wait_for("chat.update")[0])
    assert (harness.data / "feedback.jsonl").is_file(), "kept locally as well"

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


def test_done_stops_the_play(harness: Harness) -> None:
    harness.interact(
        click("pregame_done", "done", channel="C1", message_ts="2.2", thread_ts="100.1")
    )
    posted_in(harness, "100.1")
    assert harness.rasa.received[0].message == "/stop_play"


def test_done_falls_back_to_thank_without_a_stop_intent(harness: Harness) -> None:
    without_intents(harness, "stop_play")
    harness.interact(
        click("pregame_done", "done", channel="C1", message_ts="2.2", thread_ts="100.1")
    )
    posted_in(harness, "100.1")
    assert harness.rasa.received[0].message == "/thank"


def test_objection_button_opens_a_modal_and_the_answer_lands_in_the_thread(
    harness: Harness,
) -> None:
    harness.interact(
        click("pregame_objection", "objection", channel="C1", message_ts="2.2", thread_ts="100.1")
    )
    (opened,) = harness.slack.wait_for("views.open")
    view = opened["view"] if isinstance(opened["view"], dict) else json.loads(opened["view"])
    assert opened["trigger_id"] == "trigger-1" and view["callback_id"] == kit.OBJECTION_VIEW

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


def test_home_tab_lists_playbooks_and_recent_plays(harness: Harness) -> None:
    harness.event(mention("discovery call", "100.1"), "Ev1")
    posted_in(harness, "100.1", 2)
    harness.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"}, "Ev2")
    (published,) = harness.slack.wait_for("views.publish")
    assert published["user_id"] == "U1"
    home = json.dumps(published["view"])
    assert "B2B buyer experience playbook" in home
    assert "Discovery with the CFO" in home and "<#C1>" in home
    assert "Get started" in home
