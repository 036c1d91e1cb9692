"""coach/state.py: where the seller is in a play, as Rasa slots."""

from __future__ import annotations

from pregame.coach.state import SLOTS, PlayState


def test_slots_round_trip() -> None:
    state = PlayState("b2b-buyer-experience", "discovery", "cfo", "email", 2)
    slots = state.to_slots()
    assert set(slots) == set(SLOTS)
    assert slots["step"] == 2.0 and isinstance(slots["step"], float)
    assert PlayState.from_slots(slots) == state


def test_missing_slots_are_an_idle_state() -> None:
    state = PlayState.from_slots({})
    assert state == PlayState() and state.step == 0 and not state.active
    assert PlayState.from_slots({"step": 3.0}).step == 3


def test_active_needs_playbook_and_phase() -> None:
    assert not PlayState(playbook="b2b-buyer-experience").active
    assert not PlayState(phase="discovery").active
    assert PlayState("b2b-buyer-experience", "discovery").active


def test_at_moves_only_the_step() -> None:
    state = PlayState("b2b-buyer-experience", "discovery", "cfo", "email", 0)
    assert state.at(3) == PlayState("b2b-buyer-experience", "discovery", "cfo", "email", 3)
    assert state.step == 0
