"""The kinds of bot message, and the base of every payload model (see :mod:`pregame.replies`).

Kept apart from the payload models so those can live in more than one module
(:mod:`pregame.learning_replies` for the learning path) without an import cycle; the contract
is still read from :mod:`pregame.replies`, which re-exports everything here.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class ReplyType(StrEnum):
    TEXT = "text"
    HELP = "help"
    OUT_OF_SCOPE = "out_of_scope"
    FALLBACK = "fallback"
    ERROR = "error"
    CLARIFY = "clarify"
    PLAY_STARTED = "play_started"
    CHOOSE_PLAYBOOK = "choose_playbook"
    CHOOSE_PHASE = "choose_phase"
    CHOOSE_STEP = "choose_step"
    CHOOSE_PERSONA = "choose_persona"
    STEP = "step"
    PHASE_DONE = "phase_done"
    OVERVIEW = "overview"
    CONTEXT_CHANGED = "context_changed"
    PLAY_STOPPED = "play_stopped"
    NO_PLAY = "no_play"
    NO_PLAYBOOKS = "no_playbooks"
    NUDGE = "nudge"
    CONTENT = "content"
    OBJECTION = "objection"
    CHOOSE_OBJECTION = "choose_objection"
    OBJECTION_UNKNOWN = "objection_unknown"
    ANSWER = "answer"
    NO_ANSWER = "no_answer"
    PREP = "prep"
    FEEDBACK_RECORDED = "feedback_recorded"
    # the learning path (pregame.learning_replies)
    LESSON = "lesson"
    QUIZ_QUESTION = "quiz_question"
    QUIZ_RESULT = "quiz_result"
    PRACTICE_STARTED = "practice_started"
    PRACTICE_TURN = "practice_turn"
    PRACTICE_SUMMARY = "practice_summary"
    PROGRESS = "progress"


class ContractModel(BaseModel):
    """A payload or a part of one: immutable, and no field outside the contract."""

    model_config = ConfigDict(frozen=True, extra="forbid")
