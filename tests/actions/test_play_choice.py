"""actions/play.py, actions/forms.py, actions/seller.py: which play, switching, the team."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import ValidatePlayForm
from actions.play import ActionAskPlaybook, ActionChoosePlaybook, ActionNewPlay
from pregame.coach.coach import Coach
from tests.support.paths import ROOT
from tests.support.rasa_tracker import PLAYING, run, tracker

SECOND = ROOT / "tests" / "fixtures" / "playbooks_second" / "partner-led-expansion.yml"
DOMAIN = yaml.safe_load((ROOT / "bot" / "domain.yml").read_text())


@pytest.fixture
def with_second(project: Path) -> Path:
    shutil.copy(SECOND, project / "playbooks" / SECOND.name)
    return project


@pytest.fixture
def coach2(with_second: Path, coach: Coach) -> Coach:
    return coach


def _button(payload: str, slots: dict[str, Any]) -> Any:
    """The tracker after the seller clicked a button with this payload."""
    ids = json.loads(payload[payload.index("{") :])
    entities = [{"entity": k, "value": v} for k, v in ids.items()]
    return tracker(payload, slots, entities)


def test_the_form_asks_which_play_and_the_pick_fills_playbook_phase_and_persona(
    coach2: Coach,
) -> None:
    said = tracker("call with the CFO on friday")
    _, events = run(ActionNewPlay(coach2), said)
    assert [e for e in events if e["name"] == "playbook"] == [], "left open: the form asks"
    messages, _ = run(ActionAskPlaybook(coach2), said)
    assert messages[0]["custom"]["type"] == "choose_playbook"
    partner = next(b for b in messages[0]["buttons"] if b["title"] == "Partner-led expansion")

    clicked = _button(partner["payload"], {"requested_slot": "playbook"})
    events = asyncio.run(ValidatePlayForm(coach2).run(CollectingDispatcher(), clicked, DOMAIN))
    assert SlotSet("playbook", "partner-led-expansion") in events
    assert SlotSet("persona", "finance-director") in events

    phase = '/start_play{"playbook":"partner-led-expansion","phase":"reseller-proposal"}'
    slots = {"playbook": "partner-led-expansion", "requested_slot": "phase"}
    events = asyncio.run(
        ValidatePlayForm(coach2).run(CollectingDispatcher(), _button(phase, slots), DOMAIN)
    )
    assert SlotSet("phase", "reseller-proposal") in events


def test_a_typed_answer_naming_another_playbooks_phase_moves_the_form_there(
    coach2: Coach,
) -> None:
    slots = {"playbook": "b2b-buyer-experience", "persona": "cfo", "requested_slot": "phase"}
    answer = tracker("the build vs buy one", slots)
    events = asyncio.run(ValidatePlayForm(coach2).run(CollectingDispatcher(), answer, DOMAIN))
    assert SlotSet("playbook", "complex-deals") in events
    assert SlotSet("phase", "build-vs-buy") in events
    assert SlotSet("persona", None) in events, "complex-deals has no CFO persona"


def test_no_the_reseller_play_moves_the_play(coach2: Coach) -> None:
    messages, events = run(ActionChoosePlaybook(coach2), tracker("no, the reseller play", PLAYING))
    assert SlotSet("playbook", "partner-led-expansion") in events
    assert SlotSet("phase", None) in events
    assert messages[0]["custom"]["type"] == "choose_phase"


def test_the_sellers_team_is_looked_up_by_their_id(coach2: Coach) -> None:
    asked: list[str] = []

    def teams(user: str) -> str:
        asked.append(user)
        return "enterprise-sales"

    _, events = run(ActionNewPlay(coach2, teams), tracker("prep me for my call tomorrow"))
    assert asked == ["seller-1"]
    assert SlotSet("playbook", "complex-deals") in events, "the team's own playbook"
