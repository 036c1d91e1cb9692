"""Answers a test can give in a knowledge check or a practice without hard-coding them: the
right option as the check itself has it, and the playbook's own designed response."""

from __future__ import annotations

from typing import Any

from pregame.learning.service import Learning
from pregame.onboarding import Where
from pregame.playbook.schema import Playbook
from pregame.practice.session import PracticeSession
from pregame.practice.targets import find_target

OFF_TOPIC = (
    "Honestly I mostly think about the weekend. The weather has been lovely and my cat "
    "learned to open the fridge door."
)


def right_choice(learning: Learning, rep: str, where: Where) -> int:
    """The right option (0-based) of the question the rep's open check asks now."""
    attempt = learning.progress.open_check(rep, where.playbook, where.phase)
    assert attempt is not None and attempt.next_index is not None
    question = learning.question(rep, where.playbook, where.phase, attempt.next_index)
    return question.answer


def designed_answer(playbook: Playbook, state: dict[str, Any]) -> str:
    """The playbook's own designed response to the buyer's current line: a good answer."""
    session = PracticeSession.from_dict(state)
    line = session.lines[session.turn]
    target = find_target(
        playbook, line.kind, line.target, phase_id=session.phase, persona_id=session.persona
    )
    return target.response
