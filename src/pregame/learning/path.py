"""A rep's learning path: the phases of their team's playbooks, in the playbooks' order."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from pregame.learning.errors import LearningError
from pregame.playbook.schema import Phase, Playbook

EVERYONE = "everyone"
"""The ``audience`` that puts a playbook on every rep's path."""


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class PathPhase(Frozen):
    """One stop on the path: a phase of a playbook, numbered within its playbook."""

    playbook_id: str
    playbook_title: str
    phase_id: str
    phase_name: str
    number: int
    of: int


class PlaybookPath(Frozen):
    playbook_id: str
    title: str
    version: str
    phases: tuple[PathPhase, ...]


class LearningPath(Frozen):
    team: str | None
    playbooks: tuple[PlaybookPath, ...]

    def phases(self) -> list[PathPhase]:
        return [phase for playbook in self.playbooks for phase in playbook.phases]


def playbook_version(playbook: Playbook) -> str:
    """A hash of everything in the playbook: any edit gives a new version (and new questions)."""
    return hashlib.sha256(playbook.model_dump_json().encode()).hexdigest()


def for_team(playbook: Playbook, team: str | None) -> bool:
    """Whether the playbook's ``audience`` includes everyone or ``team`` (any case)."""
    audience = {a.casefold() for a in playbook.playbook.audience}
    return EVERYONE in audience or (bool(team) and str(team).casefold() in audience)


def playbook_path(playbook: Playbook) -> PlaybookPath:
    phases = tuple(
        PathPhase(
            playbook_id=playbook.id, playbook_title=playbook.title, phase_id=phase.id,
            phase_name=phase.name, number=number, of=len(playbook.phases),
        )
        for number, phase in enumerate(playbook.phases, 1)
    )  # fmt: skip
    return PlaybookPath(
        playbook_id=playbook.id,
        title=playbook.title,
        version=playbook_version(playbook),
        phases=phases,
    )


def learning_path(playbooks: Iterable[Playbook], team: str | None) -> LearningPath:
    """The path of a rep in ``team`` (None: no team, so only the playbooks for everyone)."""
    chosen = tuple(playbook_path(p) for p in playbooks if for_team(p, team))
    return LearningPath(team=team, playbooks=chosen)


def find_phase(playbook: Playbook, phase_id: str) -> Phase:
    try:
        return playbook.phase(phase_id)
    except KeyError:
        known = ", ".join(p.id for p in playbook.phases)
        raise LearningError(
            f"playbook '{playbook.id}' has no phase '{phase_id}'; its phases: {known}"
        ) from None
