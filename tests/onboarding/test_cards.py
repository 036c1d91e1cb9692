"""pregame/onboarding/cards.py: button payloads and the plain lines around a check."""

from __future__ import annotations

import json

from pregame.learning.readiness import Activity, NextStep
from pregame.onboarding.cards import (
    check_button,
    check_started,
    payload,
    practice_button,
    progress,
)


def test_payloads_are_rasa_intents_with_json_entities() -> None:
    assert payload("my_progress") == "/my_progress"
    quoted = payload("practice", phase='a "quoted" phase')
    assert json.loads(quoted.removeprefix("/practice")) == {"phase": 'a "quoted" phase'}
    assert check_button("pb", "discovery").payload == (
        '/learn{"activity":"check","phase":"pb/discovery"}'
    )
    assert practice_button("pb", "discovery").title == "Practice now"


def test_a_check_starts_with_its_rules_or_where_it_stopped() -> None:
    fresh = check_started("Discovery", 5, 0.8, None)
    assert fresh.text.startswith("Knowledge check of Discovery: 5 questions, 80% passes.")
    resumed = check_started("Discovery", 5, 0.8, 2)
    assert resumed.text == "Carrying on with the knowledge check of Discovery at question 3."


def test_an_empty_path_says_who_can_fill_it() -> None:
    reply = progress([], NextStep(Activity.READY, None, None, 0))
    assert "ask your manager to set your team" in reply.text and reply.buttons == ()
