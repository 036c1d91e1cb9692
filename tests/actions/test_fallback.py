"""actions/fallback.py: the clarifying question of the two-stage fallback."""

from __future__ import annotations

from typing import Any

from actions.fallback import ActionAskAffirmation
from actions.play import ActionNewPlay
from pregame.coach.coach import Coach
from tests.support.rasa_tracker import run, tracker


def _ranking(*names: str) -> list[dict[str, Any]]:
    return [{"name": "nlu_fallback", "confidence": 0.4}] + [
        {"name": n, "confidence": 0.3 / (i + 1)} for i, n in enumerate(names)
    ]


def test_clarifying_question_offers_plain_choices(coach: Coach) -> None:
    t = tracker("sned the thingy")
    t.latest_message["intent_ranking"] = _ranking("ask_content", "greet", "ask_question")
    (message,), _ = run(ActionAskAffirmation(coach), t)
    assert [b["payload"] for b in message["buttons"]] == [
        "/ask_content",
        "/ask_question",
        "/out_of_scope",
    ]
    assert "ask_content" not in message["text"]
    assert message["custom"] == {"type": "clarify", "options": ["ask_content", "ask_question"]}
    assert message["buttons"][0] == {"title": "Find content to send", "payload": "/ask_content"}


def test_a_play_option_names_the_play_that_the_click_then_starts(coach: Coach) -> None:
    said = "renewal coming up with their procurement team, want to get ahead of it"
    t = tracker(said)
    t.latest_message["intent_ranking"] = _ranking("start_play", "ask_question")
    (message,), _ = run(ActionAskAffirmation(coach), t)
    titles = [b["title"] for b in message["buttons"]]
    assert titles == [
        "Walk through: Renewal and expansion (B2B buyer experience playbook)",
        "Answer a sales question",
        "Something else",
    ]
    # the click: "/start_play" after the unclear message, read with that message's words
    click = tracker("/start_play")
    click.events.extend(
        [
            {"event": "user", "text": said, "parse_data": {"intent": {"name": "nlu_fallback"}}},
            {"event": "user", "text": "/start_play", "parse_data": {"intent": {"name": "x"}}},
        ]
    )
    _, events = run(ActionNewPlay(coach), click)
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    assert (slots["playbook"], slots["phase"]) == ("b2b-buyer-experience", "renewal")


def test_words_that_point_nowhere_keep_the_plain_play_option(coach: Coach) -> None:
    t = tracker("hmm not sure what i need")
    t.latest_message["intent_ranking"] = _ranking("prepare_call", "help")
    (message,), _ = run(ActionAskAffirmation(coach), t)
    assert message["buttons"][0]["title"] == "Get a call-prep brief"
