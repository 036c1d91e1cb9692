"""The call-prep brief: one compact screen a seller reads on the way to the call."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pregame.coach.buttons import CONTENT, REHEARSE, start_phase_payload
from pregame.coach.stale import Stale, doc_line, doc_refs
from pregame.coach.state import PlayState
from pregame.coach.text import bullets
from pregame.playbook.schema import Objection, Phase, Playbook
from pregame.replies import Button, ObjectionRef, PrepPayload, Reply
from pregame.retrieval.catalog import Document

NEXT_STEP_WORDS = re.compile(r"\b(next|book|booked|scheduled|agreed|date|meeting)\b", re.I)


def pick_questions(phase: Phase, limit: int = 3) -> list[str]:
    """One question from each step first, so the brief covers the whole call."""
    by_step = [list(step.questions) for step in phase.steps if step.questions]
    picked: list[str] = []
    while by_step and len(picked) < limit:
        for questions in by_step:
            if questions and len(picked) < limit:
                picked.append(questions.pop(0))
        by_step = [q for q in by_step if q]
    return picked


def next_step_to_secure(phase: Phase) -> str:
    for criterion in phase.exit_criteria:
        if NEXT_STEP_WORDS.search(criterion):
            return criterion
    return phase.exit_criteria[-1]


def likely_objections(playbook: Playbook, phase: Phase, limit: int = 3) -> list[Objection]:
    return [o for o in playbook.objections if phase.id in o.phases][:limit]


def call_with(company: str | None, persona: str | None) -> str:
    """Who the call is with, as a seller would say it: "Acme's CFO", "Acme", "the CFO"."""
    if company and persona:
        return f"{company}'s {persona}"
    if company:
        return company
    return f"the {persona}" if persona else ""


def prep_brief(
    playbook: Playbook,
    state: PlayState,
    company: str | None,
    docs: Sequence[Document],
    stale: Stale | None = None,
) -> Reply:
    """The brief; ``docs`` in the order to bring them (fresh first), ``stale`` flags the rest."""
    assert state.phase is not None
    phase = playbook.phase(state.phase)
    persona = playbook.persona(state.persona) if state.persona else None
    who = call_with(company, persona.name if persona else None)
    header = f"*Call prep: {phase.name}" + (f" with {who}" if who else "") + "*"
    questions = pick_questions(phase)
    objections = likely_objections(playbook, phase)
    secure = next_step_to_secure(phase)
    parts = [
        header,
        f"*Their goal:* {phase.buyer_goal}",
        f"*Your objective:* {phase.seller_objective}",
    ]
    if persona and persona.cares_about:
        parts.append(f"*The {persona.name} cares about:*\n" + bullets(persona.cares_about[:2]))
    parts.append("*Ask:*\n" + bullets(questions))
    refs = doc_refs(docs, stale)
    if refs:
        parts.append("*Bring:*\n" + bullets([doc_line(r) for r in refs]))
    if phase.call_prep:
        parts.append("*Have ready:*\n" + bullets(phase.call_prep[:3]))
    if objections:
        parts.append("*Likely objections:*\n" + bullets([o.title for o in objections]))
    parts.append(f"*Secure before you hang up:* {secure}")
    payload = PrepPayload(
        playbook=playbook.id,
        phase=phase.id,
        phase_name=phase.name,
        persona=state.persona,
        persona_name=persona.name if persona else None,
        company=company,
        buyer_goal=phase.buyer_goal,
        seller_objective=phase.seller_objective,
        questions=questions,
        content=refs,
        have_ready=phase.call_prep[:3],
        objections=[ObjectionRef(id=o.id, title=o.title) for o in objections],
        next_step=secure,
    )
    buttons = (Button("Walk me through it", start_phase_payload(phase.id)), CONTENT, REHEARSE)
    return Reply("\n".join(parts), buttons, payload)
