"""actions/forms.py: the phase the play and prep forms need."""

from __future__ import annotations

import asyncio

import pytest
import yaml
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import ValidatePlayForm, ValidatePrepForm
from pregame.coach.coach import Coach
from tests.support.paths import ROOT
from tests.support.rasa_tracker import tracker


def test_form_extracts_and_validates_the_phase(coach: Coach) -> None:
    coach.refresh()  # as the form's run does before extracting
    form = ValidatePlayForm(coach)
    t = tracker("the demo one", {"playbook": "b2b-buyer-experience"})
    dispatcher = CollectingDispatcher()
    extracted = asyncio.run(form.extract_phase(dispatcher, t, {}))
    assert extracted == {"phase": "evaluation"}
    assert asyncio.run(form.extract_phase(dispatcher, tracker("dunno"), {})) == {}
    valid = asyncio.run(form.validate_phase("evaluation", dispatcher, t, {}))
    assert valid == {"phase": "evaluation", "step": 0.0}
    invalid = asyncio.run(form.validate_phase("nonsense", dispatcher, t, {}))
    assert invalid["phase"] is None


def test_a_form_run_refreshes_the_coach_once_then_fills_the_phase(
    coach: Coach, monkeypatch: pytest.MonkeyPatch
) -> None:
    refreshed: list[bool] = []
    original = coach.refresh

    def refresh() -> None:
        refreshed.append(True)
        original()

    monkeypatch.setattr(coach, "refresh", refresh)
    domain = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text())
    t = tracker("the demo one", {"playbook": "b2b-buyer-experience", "requested_slot": "phase"})
    events = asyncio.run(ValidatePrepForm(coach).run(CollectingDispatcher(), t, domain))
    assert refreshed == [True]
    assert SlotSet("phase", "evaluation") in events
