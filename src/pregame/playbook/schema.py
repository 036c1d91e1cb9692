"""The playbook model: what a sales manager can write in a playbook YAML file.

Field names read like a sales document. Unknown fields are errors (``extra="forbid"``) so a
misspelt field is reported instead of silently ignored.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from pregame.playbook.draft import field_path
from pregame.playbook.integrity import integrity_findings

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", min_length=1, max_length=64),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


EVERYONE = "everyone"
"""The ``audience`` that offers a playbook to every seller."""


class Channel(StrEnum):
    """Where the interaction happens."""

    phone = "phone"
    video = "video"
    email = "email"
    in_person = "in-person"
    social = "social"


class InteractionPoint(StrEnum):
    """The seven interaction points of the buyer experience interaction model."""

    thought = "thought"
    content = "content"
    engage = "engage"
    value = "value"
    expertise = "expertise"
    access = "access"
    loyalty = "loyalty"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Meta(_Model):
    """Who the playbook is for and who keeps it current."""

    id: Id
    """Unique id, lowercase with dashes (e.g. enterprise-discovery)."""
    title: Text
    aliases: list[Text] = Field(default_factory=list)
    """What sellers call this playbook: "the partner play", "reseller deals"."""
    description: Text
    """One or two sentences: when a seller should use this playbook."""
    owner: Text
    """The person or team who keeps this playbook current."""
    version: Text | None = None
    last_reviewed: dt.date | None = None
    """Date of the last review, YYYY-MM-DD."""
    audience: list[Text] = Field(default_factory=lambda: ["everyone"])
    """Who it is for: everyone, or team names (a seller in a team is offered the playbooks for
    everyone and for their team)."""
    tags: list[Text] = Field(default_factory=list)

    def for_team(self, team: str | None) -> bool:
        """Whether the audience names everyone or ``team`` (any case)."""
        audience = {a.casefold() for a in self.audience}
        return EVERYONE in audience or (bool(team) and str(team).casefold() in audience)


class Persona(_Model):
    """A buyer role the seller meets."""

    id: Id
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    """What sellers type for this persona: "CFO", "finance lead"."""
    cares_about: list[Text] = Field(default_factory=list)
    pains: list[Text] = Field(default_factory=list)


class Variants(_Model):
    """Tailored guidance that replaces or adds to a step for one persona or channel."""

    personas: dict[Id, Text] = Field(default_factory=dict)
    channels: dict[Channel, Text] = Field(default_factory=dict)


class Step(_Model):
    """One step of the designed interaction."""

    id: Id
    title: Text
    do: Text = Field(description="What the seller does and says in this step.")
    questions: list[Text] = Field(default_factory=list)
    """Questions to ask the buyer."""
    buyer_says: list[Text] = Field(default_factory=list)
    """What the buyer is likely to say."""
    tips: list[Text] = Field(default_factory=list)
    content: list[Text] = Field(
        default_factory=list,
        description="Knowledge documents to use: a path under knowledge/ or 'tag:NAME'.",
    )
    variants: Variants = Field(default_factory=Variants)
    minutes: int | None = Field(default=None, ge=1, le=480)
    """Rough time this step takes, in minutes."""


class Phase(_Model):
    """A phase of the buyer's journey, with the designed interaction for it."""

    id: Id
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    """What sellers call this phase: "discovery", "first call"."""
    interaction_points: list[InteractionPoint] = Field(default_factory=list)
    """Which of the seven interaction points this phase serves."""
    buyer_goal: Text
    """What the buyer is trying to achieve in this phase."""
    buyer_experience: Text = Field(description="What the buyer should experience (outside-in).")
    seller_objective: Text
    entry_signals: list[Text] = Field(default_factory=list)
    """Signs that the buyer has entered this phase."""
    exit_criteria: list[Text] = Field(min_length=1)
    """What must be true before moving on."""
    call_prep: list[Text] = Field(default_factory=list)
    """What a seller should have ready before a call in this phase."""
    steps: list[Step] = Field(min_length=1)
    """The designed interaction, in order."""


class Objection(_Model):
    """Something buyers say that stalls a deal, and the designed answer."""

    id: Id
    title: Text
    phrasings: list[Text] = Field(min_length=1)
    """How buyers actually say it: "you're too expensive"."""
    response: Text
    """The recommended response."""
    proof: list[Text] = Field(default_factory=list)
    """Knowledge documents that back the response: a path under knowledge/ or 'tag:NAME'."""
    phases: list[Id] = Field(default_factory=list)
    """Ids of the phases where it usually comes up."""


class Playbook(_Model):
    playbook: Meta
    personas: list[Persona] = Field(default_factory=list)
    phases: list[Phase] = Field(min_length=1)
    objections: list[Objection] = Field(default_factory=list)

    @property
    def id(self) -> str:
        return self.playbook.id

    @property
    def title(self) -> str:
        return self.playbook.title

    @model_validator(mode="after")
    def _ids_unique_and_known(self) -> Playbook:
        """Ids are unique, and persona variants and objection phases name ids that exist (the
        rules the loader also applies to a file's raw data, to report them with the rest)."""
        findings = integrity_findings(self.model_dump(mode="json"))
        if findings:
            raise ValueError("; ".join(f"{field_path(loc)}: {msg}" for loc, msg in findings))
        return self

    def phase(self, phase_id: str) -> Phase:
        for phase in self.phases:
            if phase.id == phase_id:
                return phase
        raise KeyError(phase_id)

    def next_phase(self, phase: Phase) -> Phase | None:
        """The phase after ``phase`` in the playbook's order, if any."""
        index = self.phases.index(phase)
        return self.phases[index + 1] if index + 1 < len(self.phases) else None

    def persona(self, persona_id: str) -> Persona:
        for persona in self.personas:
            if persona.id == persona_id:
                return persona
        raise KeyError(persona_id)

    def objection(self, objection_id: str) -> Objection:
        for objection in self.objections:
            if objection.id == objection_id:
                return objection
        raise KeyError(objection_id)
