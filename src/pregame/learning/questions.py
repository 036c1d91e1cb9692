"""The questions a phase's knowledge check can ask, drafted from the playbook's own fields.

A :class:`Draft` holds a question's wording, the answers it may be asked with, every text that
would also be right (so no distractor can be a second correct option), the distractors it may
draw from (other phases, personas and objections of the same playbook) and an explanation that
quotes the playbook. :mod:`pregame.learning.checks` turns drafts into questions.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from pregame.learning.lesson import phase_objections, phase_personas
from pregame.learning.similarity import Similarity
from pregame.learning.text import first_sentence, sentences
from pregame.playbook.schema import Phase, Playbook

MIN_KEY_WORDS = 8
"""A response sentence shorter than this (a bare "Acknowledge it.") is never the key one."""


class QuestionKind(StrEnum):
    NEXT_STEP = "next_step"
    BUYER_EXPERIENCE = "buyer_experience"
    EXIT_CRITERION = "exit_criterion"
    PERSONA_CONCERN = "persona_concern"
    OBJECTION_RESPONSE = "objection_response"
    CONTENT = "content"


@dataclass(frozen=True)
class Draft:
    kind: QuestionKind
    prompt: str
    answers: tuple[str, ...]
    """Any one of these may be the question's answer."""
    correct: tuple[str, ...]
    """Every text that is right for this prompt: no distractor may say the same."""
    distractors: tuple[str, ...]
    explanation: str


def content_label(reference: str) -> str:
    """A step's content reference as a rep reads it: the path, or the tag it names."""
    if reference.startswith("tag:"):
        return f'documents tagged "{reference.removeprefix("tag:")}"'
    return reference


def _quoted(items: Sequence[str]) -> str:
    return "; ".join(f'"{item}"' for item in items)


def _others(items: Sequence[str], *excluded: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for i in items if i not in excluded))


def key_sentences(playbook: Playbook, similarity: Similarity) -> dict[str, str]:
    """Per objection, the sentence of its response least like any other objection's response:
    the one that identifies it (the opening "Acknowledge it" is much the same in all of them)."""
    said = {o.id: sentences(o.response) or [o.response] for o in playbook.objections}
    every = [s for found in said.values() for s in found]
    owner = [oid for oid, found in said.items() for _ in found]
    scores = similarity.matrix(every, every)
    keys: dict[str, str] = {}
    for oid, found in said.items():
        candidates = [s for s in found if len(s.split()) >= MIN_KEY_WORDS] or found
        others = [j for j, o in enumerate(owner) if o != oid]

        def closest_other(sentence: str, others: list[int] = others) -> float:
            row = scores[every.index(sentence)]
            return max((float(row[j]) for j in others), default=0.0)

        keys[oid] = min(candidates, key=lambda s: (closest_other(s), found.index(s)))
    return keys


def _next_step(playbook: Playbook, phase: Phase) -> list[Draft]:
    titles = [s.title for p in playbook.phases for s in p.steps]
    order = " → ".join(f"{n}. {s.title}" for n, s in enumerate(phase.steps, 1))
    drafts = []
    for i, step in enumerate(phase.steps):
        before = phase.steps[i - 1].title if i else None
        prompt = (
            f'In "{phase.name}", which step comes right after "{before}"?'
            if before
            else f'In "{phase.name}", which step comes first?'
        )
        explanation = (
            f'The playbook\'s steps for "{phase.name}": {order}. '
            f'Step {i + 1}, "{step.title}": {first_sentence(step.do)}'
        )
        distractors = _others(titles, step.title, *([before] if before else []))
        drafts.append(
            Draft(QuestionKind.NEXT_STEP, prompt, (step.title,), (step.title,), distractors,
                  explanation)
        )  # fmt: skip
    return drafts


def _buyer_experience(playbook: Playbook, phase: Phase) -> list[Draft]:
    others = [first_sentence(p.buyer_experience) for p in playbook.phases if p.id != phase.id]
    return [
        Draft(
            QuestionKind.BUYER_EXPERIENCE,
            f'In "{phase.name}", what should the buyer experience?',
            (first_sentence(phase.buyer_experience),),
            tuple(sentences(phase.buyer_experience)),
            _others(others),
            f'The playbook, "{phase.name}", what the buyer should experience: '
            f'"{phase.buyer_experience}"',
        )
    ]


def _exit_criterion(playbook: Playbook, phase: Phase) -> list[Draft]:
    others = [c for p in playbook.phases if p.id != phase.id for c in p.exit_criteria]
    criteria = tuple(phase.exit_criteria)
    return [
        Draft(
            QuestionKind.EXIT_CRITERION,
            f'Which of these must be true before "{phase.name}" is done?',
            criteria,
            criteria,
            _others(others, *criteria),
            f'The playbook\'s exit criteria for "{phase.name}": {_quoted(criteria)}.',
        )
    ]


def _persona_concern(playbook: Playbook, phase: Phase) -> list[Draft]:
    drafts = []
    for persona in phase_personas(playbook, phase):
        if not persona.cares_about:
            continue
        others = [c for p in playbook.personas if p.id != persona.id for c in p.cares_about]
        tailored = [
            f'In "{step.title}" the playbook tells you: "{first_sentence(text)}"'
            for step in phase.steps
            for pid, text in step.variants.personas.items()
            if pid == persona.id
        ]
        explanation = " ".join(
            [f"The playbook's {persona.name} cares about: {_quoted(persona.cares_about)}.",
             *tailored[:1]]
        )  # fmt: skip
        drafts.append(
            Draft(
                QuestionKind.PERSONA_CONCERN,
                f'In "{phase.name}" you meet the {persona.name}. What does this buyer care about?',
                tuple(persona.cares_about),
                (*persona.cares_about, *persona.pains),
                _others(others, *persona.cares_about),
                explanation,
            )
        )
    return drafts


def _objection_response(
    playbook: Playbook, phase: Phase, keys: dict[str, str], rng: random.Random
) -> list[Draft]:
    drafts = []
    for objection in phase_objections(playbook, phase):
        phrasing = rng.choice(objection.phrasings)
        others = [keys[o.id] for o in playbook.objections if o.id != objection.id]
        drafts.append(
            Draft(
                QuestionKind.OBJECTION_RESPONSE,
                f'In "{phase.name}" the buyer says: "{phrasing}" '
                "Which of these is part of the playbook's response?",
                (keys[objection.id],),
                tuple(sentences(objection.response)),
                _others(others),
                f'The playbook\'s response to "{objection.title}": "{objection.response}"',
            )
        )
    return drafts


def _content(playbook: Playbook, phase: Phase) -> list[Draft]:
    in_phase = {ref for step in phase.steps for ref in step.content}
    everywhere = [ref for p in playbook.phases for s in p.steps for ref in s.content]
    everywhere += [ref for o in playbook.objections for ref in o.proof]
    others = [content_label(ref) for ref in everywhere if ref not in in_phase]
    drafts = []
    for step in phase.steps:
        if not step.content:
            continue
        labels = tuple(content_label(ref) for ref in step.content)
        drafts.append(
            Draft(
                QuestionKind.CONTENT,
                f'Which content does the playbook give you for the step "{step.title}" '
                f'in "{phase.name}"?',
                labels,
                labels,
                _others(others, *labels),
                f'The playbook lists for "{step.title}": {", ".join(labels)}.',
            )
        )
    return drafts


def drafts(
    playbook: Playbook, phase: Phase, similarity: Similarity, rng: random.Random
) -> dict[QuestionKind, list[Draft]]:
    """Every question the phase's check could ask, by kind (kinds with none left out)."""
    objections: list[Draft] = []
    if phase_objections(playbook, phase):
        objections = _objection_response(playbook, phase, key_sentences(playbook, similarity), rng)
    found = {
        QuestionKind.NEXT_STEP: _next_step(playbook, phase),
        QuestionKind.BUYER_EXPERIENCE: _buyer_experience(playbook, phase),
        QuestionKind.EXIT_CRITERION: _exit_criterion(playbook, phase),
        QuestionKind.PERSONA_CONCERN: _persona_concern(playbook, phase),
        QuestionKind.OBJECTION_RESPONSE: objections,
        QuestionKind.CONTENT: _content(playbook, phase),
    }
    return {kind: found_drafts for kind, found_drafts in found.items() if found_drafts}
