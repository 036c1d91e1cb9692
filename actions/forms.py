"""Form validation: the playbook and phase a play or a prep needs, read from whatever the
seller answers (a button's ids, or typed names such as "the partner one" or "evaluation")."""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.base import play_state, texts
from actions.seller import KnowsTeams


class _PlayForm(KnowsTeams, FormValidationAction, ABC):
    """Both forms need the same two things: which playbook, and which of its phases."""

    @abstractmethod
    def name(self) -> str: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Refresh the coach once, then extract and validate as rasa-sdk does."""
        await asyncio.to_thread(self.coach.refresh)
        events: list[EventType] = await super().run(dispatcher, tracker, domain)
        return events

    def _picked(self, tracker: Tracker) -> dict[str, Any]:
        state = play_state(tracker)
        picked = self.coach.pick(state, texts(tracker), self.team(tracker))
        changes = {
            "playbook": picked.playbook,
            "phase": picked.phase,
            "persona": picked.persona,
        }
        before = {"playbook": state.playbook, "phase": state.phase, "persona": state.persona}
        return {k: v for k, v in changes.items() if v and v != before[k]}

    async def extract_playbook(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """A playbook the answer names (the phase and persona are validated after it)."""
        picked = self._picked(tracker)
        if "playbook" not in picked:
            return {}
        return {"playbook": picked["playbook"], "phase": picked.get("phase")}

    async def validate_playbook(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> dict[str, Any]:
        """A known playbook, with the persona the answer names in it (a persona of another
        playbook is dropped)."""
        playbook = next((p for p in self.coach.library.playbooks() if p.id == value), None)
        if playbook is None:
            return {"playbook": None}
        state = play_state(tracker)
        persona = self.coach.pick(state, texts(tracker), self.team(tracker)).persona
        known = {p.id for p in playbook.personas}
        return {"playbook": value, "persona": persona if persona in known else None}

    async def extract_phase(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        phase = self._picked(tracker).get("phase")
        return {"phase": phase} if phase else {}

    async def validate_phase(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> dict[str, Any]:
        state = play_state(tracker)
        playbook = next((p for p in self.coach.library.playbooks() if p.id == state.playbook), None)
        known = playbook is not None and value in {p.id for p in playbook.phases}
        return {"phase": value if known else None, "step": 0.0}


class ValidatePlayForm(_PlayForm):
    def name(self) -> str:
        return "validate_play_form"


class ValidatePrepForm(_PlayForm):
    def name(self) -> str:
        return "validate_prep_form"
