"""The buttons the coach offers, as Rasa payloads (``/intent{"entity":"value"}``)."""

from __future__ import annotations

import json

from pregame.replies import Button

BACK = Button("Back", "/previous_step")
NEXT = Button("Next", "/next_step")
CONTENT = Button("Content", "/ask_content")
REHEARSE = Button("Rehearse it", "/rehearse")
"""After a call-prep brief: a short role-play of that call (the learning path's practice)."""
NAV_BUTTONS = (BACK, NEXT, CONTENT)

NO_OBJECTION = "none"
"""The objection a seller picks with "Something else": none of the playbooks' objections."""


def start_phase_payload(phase_id: str, playbook_id: str | None = None) -> str:
    """Start a phase; with the playbook's id, since phase ids repeat across playbooks."""
    return start_play_payload(playbook_id, phase_id)


def start_play_payload(
    playbook_id: str | None, phase_id: str | None = None, persona_id: str | None = None
) -> str:
    """Start a play: the ids the seller's pick stands for (the ones given)."""
    ids = {"playbook": playbook_id, "phase": phase_id, "persona": persona_id}
    return "/start_play" + json.dumps({k: v for k, v in ids.items() if v}, separators=(",", ":"))


def objection_payload(ref: str) -> str:
    return f'/raise_objection{{"objection":"{ref}"}}'
