"""coach/buttons.py: the Rasa payloads the coach's buttons send."""

from __future__ import annotations

from pregame.coach.buttons import (
    NAV_BUTTONS,
    NO_OBJECTION,
    objection_payload,
    start_phase_payload,
)


def test_navigation_buttons() -> None:
    assert [(b.title, b.payload) for b in NAV_BUTTONS] == [
        ("Back", "/previous_step"),
        ("Next", "/next_step"),
        ("Content", "/ask_content"),
    ]


def test_payloads_carry_entities_as_json() -> None:
    assert start_phase_payload("discovery") == '/start_play{"phase":"discovery"}'
    assert objection_payload(NO_OBJECTION) == '/raise_objection{"objection":"none"}'
