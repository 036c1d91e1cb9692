"""A phase's lesson, taken from the playbook: the buyer's side first, then the seller's steps."""

from __future__ import annotations

from pregame.learning.path import Frozen, find_phase
from pregame.playbook.schema import Objection, Persona, Phase, Playbook


class StepLesson(Frozen):
    number: int
    title: str
    do: str
    tips: tuple[str, ...]
    """How to do it well, and often why: the step's tips."""
    questions: tuple[str, ...]
    content: tuple[str, ...]


class PersonaLesson(Frozen):
    persona_id: str
    name: str
    cares_about: tuple[str, ...]
    pains: tuple[str, ...]
    in_this_phase: tuple[str, ...]
    """The phase's steps as the playbook tailors them for this persona ("Step: text")."""


class ObjectionLesson(Frozen):
    objection_id: str
    title: str
    buyer_says: str
    response: str


class Lesson(Frozen):
    playbook_id: str
    playbook_title: str
    phase_id: str
    phase_name: str
    number: int
    of: int
    buyer_goal: str
    buyer_experience: str
    seller_objective: str
    steps: tuple[StepLesson, ...]
    personas: tuple[PersonaLesson, ...]
    objections: tuple[ObjectionLesson, ...]
    exit_criteria: tuple[str, ...]


def phase_personas(playbook: Playbook, phase: Phase) -> list[Persona]:
    """The personas a phase's steps are tailored for; every persona when none is named."""
    named = {pid for step in phase.steps for pid in step.variants.personas}
    chosen = [p for p in playbook.personas if p.id in named]
    return chosen or list(playbook.personas)


def phase_objections(playbook: Playbook, phase: Phase) -> list[Objection]:
    """Objections the playbook expects in this phase (one naming no phase fits every phase)."""
    return [o for o in playbook.objections if not o.phases or phase.id in o.phases]


def build_lesson(playbook: Playbook, phase_id: str) -> Lesson:
    phase = find_phase(playbook, phase_id)
    steps = tuple(
        StepLesson(
            number=number, title=step.title, do=step.do, tips=tuple(step.tips),
            questions=tuple(step.questions), content=tuple(step.content),
        )
        for number, step in enumerate(phase.steps, 1)
    )  # fmt: skip
    personas = tuple(
        PersonaLesson(
            persona_id=persona.id,
            name=persona.name,
            cares_about=tuple(persona.cares_about),
            pains=tuple(persona.pains),
            in_this_phase=tuple(
                f"{step.title}: {step.variants.personas[persona.id]}"
                for step in phase.steps
                if persona.id in step.variants.personas
            ),
        )
        for persona in phase_personas(playbook, phase)
    )
    objections = tuple(
        ObjectionLesson(
            objection_id=o.id, title=o.title, buyer_says=o.phrasings[0], response=o.response
        )
        for o in phase_objections(playbook, phase)
    )
    return Lesson(
        playbook_id=playbook.id,
        playbook_title=playbook.title,
        phase_id=phase.id,
        phase_name=phase.name,
        number=playbook.phases.index(phase) + 1,
        of=len(playbook.phases),
        buyer_goal=phase.buyer_goal,
        buyer_experience=phase.buyer_experience,
        seller_objective=phase.seller_objective,
        steps=steps,
        personas=personas,
        objections=objections,
        exit_criteria=tuple(phase.exit_criteria),
    )
