"""The guided play's part of the reply contract: starting a play, choosing what to run, each
step, the phase overview and the end of a phase.

One payload model per :class:`~pregame.reply_types.ReplyType`, as in :mod:`pregame.replies`
(which re-exports these and puts them in its ``Payload`` union).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pregame.reply_parts import DocRef
from pregame.reply_types import ContractModel as _Model
from pregame.reply_types import ReplyType

# -- parts -----------------------------------------------------------------------------------


class StepSummary(_Model):
    id: str
    title: str
    do: str


# -- one payload per reply type -------------------------------------------------------------


class PlayStartedPayload(_Model):
    type: Literal[ReplyType.PLAY_STARTED] = ReplyType.PLAY_STARTED
    playbook: str
    phase: str
    persona: str | None = None
    channel: str | None = None


class PlayOption(_Model):
    """A play offered by "which play?": the playbook, and the phase and persona the seller's
    words name in it."""

    playbook: str
    title: str
    phase: str | None = None
    phase_name: str | None = None
    persona: str | None = None


class ChoosePlaybookPayload(_Model):
    type: Literal[ReplyType.CHOOSE_PLAYBOOK] = ReplyType.CHOOSE_PLAYBOOK
    options: list[PlayOption]


class ChoosePhasePayload(_Model):
    type: Literal[ReplyType.CHOOSE_PHASE] = ReplyType.CHOOSE_PHASE
    playbook: str
    phases: list[str]


class ChooseStepPayload(_Model):
    type: Literal[ReplyType.CHOOSE_STEP] = ReplyType.CHOOSE_STEP
    count: int


class ChoosePersonaPayload(_Model):
    type: Literal[ReplyType.CHOOSE_PERSONA] = ReplyType.CHOOSE_PERSONA


class StepPayload(_Model):
    type: Literal[ReplyType.STEP] = ReplyType.STEP
    playbook: str
    phase: str
    phase_name: str
    step: str
    index: int
    count: int
    title: str
    do: str
    persona: str | None = None
    persona_name: str | None = None
    persona_note: str | None = None
    channel: str | None = None
    channel_note: str | None = None
    questions: list[str] = Field(default_factory=list)
    tips: list[str] = Field(default_factory=list)
    buyer_says: list[str] = Field(default_factory=list)
    buyer_experience: str = ""
    content: list[DocRef] = Field(default_factory=list)
    exit_criteria: list[str] = Field(default_factory=list)


class PhaseDonePayload(_Model):
    type: Literal[ReplyType.PHASE_DONE] = ReplyType.PHASE_DONE
    phase: str
    exit_criteria: list[str]
    next_phase: str | None = None


class OverviewPayload(_Model):
    type: Literal[ReplyType.OVERVIEW] = ReplyType.OVERVIEW
    playbook: str
    phase: str
    index: int
    steps: list[StepSummary]
    exit_criteria: list[str]


class ContextChangedPayload(_Model):
    type: Literal[ReplyType.CONTEXT_CHANGED] = ReplyType.CONTEXT_CHANGED
    persona: str | None = None
    channel: str | None = None


class PlayStoppedPayload(_Model):
    type: Literal[ReplyType.PLAY_STOPPED] = ReplyType.PLAY_STOPPED


class NoPlayPayload(_Model):
    type: Literal[ReplyType.NO_PLAY] = ReplyType.NO_PLAY


class NoPlaybooksPayload(_Model):
    type: Literal[ReplyType.NO_PLAYBOOKS] = ReplyType.NO_PLAYBOOKS


class NudgePayload(_Model):
    type: Literal[ReplyType.NUDGE] = ReplyType.NUDGE
