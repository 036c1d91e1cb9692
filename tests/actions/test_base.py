"""actions/base.py: the shared action run, tracker reading and sending."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import (
    SORRY,
    _log_to_stderr,
    entity_values,
    last_card,
    play_state,
    said_before,
    send,
    slot_changes,
    step_number,
    texts,
    user_text,
)
from actions.play import ActionNextStep
from pregame.coach.buttons import NAV_BUTTONS
from pregame.coach.coach import Coach, Turn
from pregame.coach.state import PlayState
from pregame.replies import NudgePayload, Reply, ReplyType, StepPayload
from pregame.retrieval.store import StoreUnavailable
from tests.support.rasa_tracker import PLAYING, bot_said, run, tracker


class Exploding(ActionNextStep):
    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        raise RuntimeError("store is down")


def test_failure_becomes_a_friendly_message(coach: Coach) -> None:
    messages, events = run(Exploding(coach), tracker("next"))
    assert messages == [{**messages[0], "text": SORRY}] and events == []
    assert messages[0]["custom"] == {"type": "error"} and messages[0]["buttons"] == []


class Unreachable(ActionNextStep):
    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        raise StoreUnavailable("Chroma did not answer (count knowledge) within 2s")


def test_an_unreachable_knowledge_base_gets_its_own_message_and_one_line(
    coach: Coach, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="actions.base"):
        messages, events = run(Unreachable(coach), tracker("next", PLAYING))
    (message,) = messages
    assert message["text"].startswith("I can't reach the knowledge base right now")
    assert "Your play is where you left it" in message["text"] and events == []
    assert message["custom"] == {"type": "error"}
    (line,) = caplog.records
    assert line.getMessage() == (
        "action action_next_step failed: Chroma did not answer (count knowledge) within 2s"
    )
    assert line.exc_info is None, "no traceback for a known outage"


def test_pregame_logs_reach_the_server_log_once(monkeypatch: pytest.MonkeyPatch) -> None:
    pregame, root = logging.getLogger("pregame"), logging.getLogger()
    monkeypatch.setattr(pregame, "handlers", [])
    monkeypatch.setattr(pregame, "level", pregame.level)
    monkeypatch.setattr(root, "handlers", [logging.NullHandler()])
    _log_to_stderr()
    assert pregame.handlers == [], "the server's root handler already writes them"
    monkeypatch.setattr(root, "handlers", [])
    _log_to_stderr()
    assert len(pregame.handlers) == 1 and pregame.level == logging.INFO


def test_every_run_refreshes_the_coach_once_before_the_turn(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original_refresh, original_move = coach.refresh, coach.move

    def refresh() -> None:
        calls.append("refresh")
        original_refresh()

    def move(state: PlayState, delta: int) -> Turn:
        calls.append("move")
        return original_move(state, delta)

    monkeypatch.setattr(coach, "refresh", refresh)
    monkeypatch.setattr(coach, "move", move)
    run(ActionNextStep(coach), tracker("next", PLAYING))
    assert calls == ["refresh", "move"]


def test_a_failing_refresh_becomes_a_friendly_message(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refresh() -> None:
        raise OSError("playbooks folder is gone")

    monkeypatch.setattr(coach, "refresh", refresh)
    messages, events = run(ActionNextStep(coach), tracker("next", PLAYING))
    assert [m["text"] for m in messages] == [SORRY] and events == []


def test_send_puts_the_typed_payload_in_the_custom_part() -> None:
    dispatcher = CollectingDispatcher()
    send(dispatcher, Reply("OK.", NAV_BUTTONS, NudgePayload()))
    (message,) = dispatcher.messages
    assert message["text"] == "OK."
    assert message["custom"] == {"type": "nudge"}
    assert [b["payload"] for b in message["buttons"]] == [
        "/previous_step",
        "/next_step",
        "/ask_content",
    ]
    assert message["buttons"][0] == {"title": "Back", "payload": "/previous_step"}


def test_a_plain_text_reply_sends_no_custom_payload() -> None:
    dispatcher = CollectingDispatcher()
    send(dispatcher, Reply("You're at the first step already."))
    (message,) = dispatcher.messages
    assert message["custom"] == {} and message["buttons"] == []


def test_optional_fields_are_sent_even_when_empty() -> None:
    dispatcher = CollectingDispatcher()
    payload = StepPayload(
        playbook="p", phase="f", phase_name="F", step="s", index=0, count=1, title="T", do="D"
    )
    send(dispatcher, Reply("step", payload=payload))
    custom = dispatcher.messages[0]["custom"]
    assert custom["persona"] is None and custom["questions"] == [] and custom["content"] == []


def test_play_state_and_slot_changes() -> None:
    state = play_state(tracker("next", PLAYING))
    assert state == PlayState("b2b-buyer-experience", "discovery", None, None, 1)
    assert slot_changes(state, state) == []
    moved = slot_changes(state, state.at(2))
    assert moved == [{"event": "slot", "timestamp": None, "name": "step", "value": 2.0}]


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        ("jump to step 3", [], 3),
        ("go to the fourth step", [{"entity": "step_number", "value": "fourth"}], 4),
        ("show step two", [], 2),
        ("take me to the last step", [{"entity": "step_number", "value": "last"}], -1),
        ("skip to the ninth step", [{"entity": "step_number", "value": "ninth"}], 9),
        ("jump to the final step", [], -1),
        ("go to the 3rd step", [], 3),
        ("next step", [], None),
        ("jump to the final one", [{"entity": "step_number", "value": "final"}], -1),
        ("go to negotiation", [], None),
    ],
)
def test_step_numbers(text: str, entities: list[dict[str, Any]], expected: int | None) -> None:
    assert step_number(tracker(text, entities=entities)) == expected


def test_clicked_clarification_uses_the_unclear_message() -> None:
    t = tracker("/ask_question")
    t.events.extend(
        [
            {
                "event": "user",
                "text": "hw do i get the econ buyer",
                "parse_data": {"intent": {"name": "nlu_fallback"}},
            },
            {"event": "user", "text": "/ask_question", "parse_data": {"intent": {"name": "x"}}},
        ]
    )
    assert user_text(t) == "hw do i get the econ buyer"
    assert user_text(tracker("/ask_question")) == ""


def test_the_unclear_message_is_found_behind_rasas_copy_of_the_click() -> None:
    """What Rasa's two-stage fallback leaves on the click: the unclear message, the click, the
    click again (re-added after the revert); an older message is never used."""
    unclear = {
        "event": "user",
        "text": "renewal w/ initrode, price lock on 3 yrs",
        "parse_data": {"intent": {"name": "nlu_fallback"}},
    }
    click = {"event": "user", "text": "/start_play", "parse_data": {"intent": {"name": "x"}}}
    t = tracker("/start_play")
    t.events.extend([unclear, {"event": "bot", "text": "Did you want me to:"}, click, click])
    assert user_text(t) == "renewal w/ initrode, price lock on 3 yrs"
    later = tracker("/next_step")
    typed = {**unclear, "text": "next", "parse_data": {"intent": {"name": "next_step"}}}
    later.events.extend([unclear, click, click, typed, click, click])
    assert user_text(later) == "", "a message the seller typed since is not unclear"


def test_said_before_skips_button_payloads() -> None:
    t = tracker('/raise_objection{"objection":"none"}')
    t.events.extend(
        [
            {"event": "user", "text": "they say it's too pricey"},
            {"event": "bot", "text": "Which of these is closest?"},
            {"event": "user", "text": '/raise_objection{"objection":"none"}'},
        ]
    )
    assert said_before(t) == "they say it's too pricey"
    assert said_before(tracker("hello")) == ""


def test_entity_values_and_texts_read_the_latest_message() -> None:
    entities = [
        {"entity": "persona", "value": "CFO"},
        {"entity": "phase", "value": "discovery"},
        {"entity": "persona", "value": "CTO"},
    ]
    t = tracker("discovery with the CFO and CTO", entities=entities)
    assert entity_values(t, "persona") == ["CFO", "CTO"]
    assert entity_values(t, "company") == []
    assert texts(t) == ["CFO", "discovery", "CTO", "discovery with the CFO and CTO"]


def test_last_card_is_the_type_of_the_bots_last_message() -> None:
    t = tracker("ok")
    assert last_card(t) is None
    bot_said(t, {"type": "step", "index": 0})
    assert last_card(t) is ReplyType.STEP
    bot_said(t, {"type": "phase_done"})
    assert last_card(t) is ReplyType.PHASE_DONE
    bot_said(t, text="Thanks!")
    assert last_card(t) is ReplyType.TEXT, "a plain message (utter_thank) has no card"
    bot_said(t, {"type": "no-such-card"})
    assert last_card(t) is ReplyType.TEXT
