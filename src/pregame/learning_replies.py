"""The learning path's part of the reply contract: lessons, knowledge checks, role-play, progress.

One payload model per :class:`~pregame.reply_types.ReplyType`, as in :mod:`pregame.replies`
(which re-exports these and puts them in its ``Payload`` union). Numbers shown to a rep (a
question's ``number``, a ``choice``, the right ``answer``) count from 1, as the rep types them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pregame.reply_types import ContractModel, ReplyType

Mode = Literal["practice", "rehearsal"]
Activity = Literal["lesson", "check", "practice", "ready"]


# -- parts -----------------------------------------------------------------------------------


class LessonStep(ContractModel):
    number: int
    title: str
    do: str
    tips: list[str] = Field(default_factory=list)
    content: list[str] = Field(default_factory=list)


class LessonPersona(ContractModel):
    name: str
    cares_about: list[str] = Field(default_factory=list)
    in_this_phase: list[str] = Field(default_factory=list)


class LessonObjection(ContractModel):
    title: str
    buyer_says: str
    response: str


class PracticeExchange(ContractModel):
    line: str
    """What the buyer said."""
    score: int
    """The score of the rep's answer to it, 0-100."""


class PhaseStatus(ContractModel):
    playbook: str
    playbook_title: str
    phase: str
    phase_name: str
    number: int
    of: int
    status: str
    """What the readiness table shows: ready, practice 65, check 60%, check or -."""
    ready: bool


# -- payloads --------------------------------------------------------------------------------


class LessonPayload(ContractModel):
    type: Literal[ReplyType.LESSON] = ReplyType.LESSON
    playbook: str
    playbook_title: str
    phase: str
    phase_name: str
    number: int
    of: int
    buyer_goal: str
    buyer_experience: str
    seller_objective: str
    steps: list[LessonStep] = Field(default_factory=list)
    personas: list[LessonPersona] = Field(default_factory=list)
    objections: list[LessonObjection] = Field(default_factory=list)
    exit_criteria: list[str] = Field(default_factory=list)


class QuizQuestionPayload(ContractModel):
    type: Literal[ReplyType.QUIZ_QUESTION] = ReplyType.QUIZ_QUESTION
    playbook: str
    phase: str
    phase_name: str
    question: str
    """The question's id: a button's answer names it, so a stale click is caught."""
    number: int
    total: int
    prompt: str
    options: list[str]


class QuizResultPayload(ContractModel):
    type: Literal[ReplyType.QUIZ_RESULT] = ReplyType.QUIZ_RESULT
    playbook: str
    phase: str
    question: str
    choice: int
    correct: bool
    answer: int
    right_option: str
    explanation: str
    answered: int
    total: int
    score: int | None = None
    """Percent right, once every question is answered."""
    passed: bool | None = None
    pass_mark: int


class PracticeStartedPayload(ContractModel):
    type: Literal[ReplyType.PRACTICE_STARTED] = ReplyType.PRACTICE_STARTED
    playbook: str
    phase: str
    phase_name: str
    persona: str | None = None
    persona_name: str | None = None
    mode: Mode
    buyer_line: str
    exchanges: int
    """How many lines the buyer plans to say (a missed objection may add one)."""
    pass_mark: int


class PracticeTurnPayload(ContractModel):
    type: Literal[ReplyType.PRACTICE_TURN] = ReplyType.PRACTICE_TURN
    playbook: str
    phase: str
    turn: int
    score: int
    passed: bool
    pass_mark: int
    parroted: bool
    covered: list[str] = Field(default_factory=list)
    missed: list[str] = Field(default_factory=list)
    try_next: str
    buyer_line: str | None = None
    """The buyer's next line; None when the practice is over (a summary follows)."""


class PracticeSummaryPayload(ContractModel):
    type: Literal[ReplyType.PRACTICE_SUMMARY] = ReplyType.PRACTICE_SUMMARY
    playbook: str
    phase: str
    phase_name: str
    persona: str | None = None
    mode: Mode
    score: int
    passed: bool
    pass_mark: int
    exchanges: list[PracticeExchange]
    recorded: bool
    """Whether it counts on the rep's learning path (a practice does, a rehearsal does not)."""


class ProgressPayload(ContractModel):
    type: Literal[ReplyType.PROGRESS] = ReplyType.PROGRESS
    phases: list[PhaseStatus]
    ready: int
    total: int
    next_activity: Activity
    next_playbook: str | None = None
    next_phase: str | None = None
