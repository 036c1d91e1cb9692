"""Form validation: the phase a play or a prep needs, read from whatever the seller answers."""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction

from actions.base import UsesCoach, play_state, texts


class _PhaseForm(UsesCoach, FormValidationAction, ABC):
    """Both forms need one thing: the phase, resolved against the playbook's aliases."""

    @abstractmethod
    def name(self) -> str: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        """Refresh the coach once, then extract and validate as rasa-sdk does."""
        await asyncio.to_thread(self.coach.refresh)
        events: list[EventType] = await super().run(dispatcher, tracker, domain)
        return events

    async def extract_phase(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        phase = self.coach.phase_from(play_state(tracker), texts(tracker))
        return {"phase": phase} if phase else {}

    async def validate_phase(
        self,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> dict[str, Any]:
        state = play_state(tracker)
        known = self.coach.phase_from(state, [str(value)]) if value else None
        return {"phase": known, "step": 0.0}


class ValidatePlayForm(_PhaseForm):
    def name(self) -> str:
        return "validate_play_form"


class ValidatePrepForm(_PhaseForm):
    def name(self) -> str:
        return "validate_prep_form"
