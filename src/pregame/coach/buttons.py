"""The buttons the coach offers, as Rasa payloads (``/intent{"entity":"value"}``)."""

from __future__ import annotations

from pregame.replies import Button

BACK = Button("Back", "/previous_step")
NEXT = Button("Next", "/next_step")
CONTENT = Button("Content", "/ask_content")
REHEARSE = Button("Rehearse it", "/rehearse")
"""After a call-prep brief: a short role-play of that call (the learning path's practice)."""
NAV_BUTTONS = (BACK, NEXT, CONTENT)

NO_OBJECTION = "none"
"""The objection a seller picks with "Something else": none of the playbooks' objections."""


def start_phase_payload(phase_id: str) -> str:
    return f'/start_play{{"phase":"{phase_id}"}}'


def objection_payload(ref: str) -> str:
    return f'/raise_objection{{"objection":"{ref}"}}'
