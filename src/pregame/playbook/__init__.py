"""Playbooks: the written design of the buyer interaction, loaded from YAML."""

from pregame.playbook.files import playbook_files
from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.loader import PlaybookError, load_playbook
from pregame.playbook.schema import Objection, Persona, Phase, Playbook, Step

__all__ = [
    "Objection",
    "Persona",
    "Phase",
    "Playbook",
    "PlaybookError",
    "PlaybookLibrary",
    "Step",
    "load_playbook",
    "playbook_files",
]
