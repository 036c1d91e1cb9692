"""Where the seller is in a play, as stored in Rasa slots."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

SLOTS = ("playbook", "phase", "persona", "channel", "step")


@dataclass(frozen=True)
class PlayState:
    playbook: str | None = None
    phase: str | None = None
    persona: str | None = None
    channel: str | None = None
    step: int = 0

    @property
    def active(self) -> bool:
        return bool(self.playbook and self.phase)

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> PlayState:
        step = slots.get("step")
        return cls(
            playbook=slots.get("playbook"),
            phase=slots.get("phase"),
            persona=slots.get("persona"),
            channel=slots.get("channel"),
            step=int(step) if step is not None else 0,
        )

    def to_slots(self) -> dict[str, Any]:
        return {
            "playbook": self.playbook,
            "phase": self.phase,
            "persona": self.persona,
            "channel": self.channel,
            "step": float(self.step),
        }

    def at(self, step: int) -> PlayState:
        return replace(self, step=step)
