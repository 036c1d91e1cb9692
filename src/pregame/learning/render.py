"""The learning path as plain text, for the terminal (options are numbered from 1)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from pregame.learning.checks import Question
from pregame.learning.lesson import Lesson
from pregame.learning.path import PathPhase
from pregame.learning.readiness import Activity, NextStep, PhaseState

WIDTH = 88


def _wrap(text: str, indent: str = "") -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent) or [""]


def _bullets(items: Sequence[str], indent: str = "  ") -> list[str]:
    out: list[str] = []
    for item in items:
        out += _wrap(item, indent + "- ")[:1] + _wrap(item, indent + "  ")[1:]
    return out


def _where(phase: PathPhase) -> str:
    return f'"{phase.phase_name}" (phase {phase.number} of {phase.of}, {phase.playbook_title})'


def render_lesson(lesson: Lesson) -> str:
    out = [f"{lesson.playbook_title} - phase {lesson.number} of {lesson.of}: {lesson.phase_name}"]
    out += ["", "The buyer's goal", *_wrap(lesson.buyer_goal, "  ")]
    out += ["", "What the buyer should experience", *_wrap(lesson.buyer_experience, "  ")]
    out += ["", "Your objective", *_wrap(lesson.seller_objective, "  ")]
    out += ["", "The steps"]
    for step in lesson.steps:
        out += _wrap(f"{step.number}. {step.title}", "  ")
        out += _wrap(step.do, "     ")
        if step.tips:
            out += ["     Tips:", *_bullets(step.tips, "     ")]
        if step.content:
            out += _wrap(f"Content: {', '.join(step.content)}", "     ")
    if lesson.personas:
        out += ["", "Who you meet, and what they care about"]
        for persona in lesson.personas:
            out += [f"  {persona.name}", *_bullets(persona.cares_about, "    ")]
            for tailored in persona.in_this_phase:
                out += _wrap(f"In this phase: {tailored}", "    ")
    if lesson.objections:
        out += ["", "Objections you will hear"]
        for objection in lesson.objections:
            out += _wrap(f'{objection.title}: "{objection.buyer_says}"', "  ")
            out += _wrap(objection.response, "    ")
    out += ["", f'"{lesson.phase_name}" is done when', *_bullets(lesson.exit_criteria)]
    return "\n".join(out)


def render_question(question: Question, number: int, total: int) -> str:
    out = _wrap(f"Question {number} of {total}: {question.prompt}")
    for index, option in enumerate(question.options, 1):
        out += _wrap(option, f"  {index}. ")[:1] + _wrap(option, "     ")[1:]
    out.append(f"Answer with a number from 1 to {len(question.options)}.")
    return "\n".join(out)


def render_answer(question: Question, choice: int) -> str:
    """Right or wrong, the right option, and the playbook's words for it."""
    if question.is_correct(choice):
        head = "Right."
    else:
        head = (
            f"Not quite: the answer is {question.answer + 1}. {question.options[question.answer]}"
        )
    return "\n".join([*_wrap(head), *_wrap(question.explanation, "  ")])


def render_result(correct: int, total: int, score: int, passed: bool, pass_mark: float) -> str:
    verdict = "Passed" if passed else f"Not passed yet (the pass mark is {round(pass_mark * 100)}%)"
    return f"{verdict}: {correct} of {total} right, {score}%."


def render_next(step: NextStep) -> str:
    if step.phase is None:
        if step.total_phases:
            return f"All {step.total_phases} phases on your path are ready."
        return "There are no playbooks on your path yet: ask your manager to set your team."
    where = _where(step.phase)
    match step.activity:
        case Activity.LESSON:
            return f"Next: read the lesson of {where}."
        case Activity.CHECK if step.question is not None:
            number = step.question + 1
            return f"Next: carry on with the knowledge check of {where} at question {number}."
        case Activity.CHECK:
            return f"Next: take the knowledge check of {where}."
        case _:
            return f"Next: practise {where} with a simulated buyer."


def render_progress(states: Sequence[PhaseState]) -> str:
    """A rep's path, one line per phase, grouped by playbook."""
    out: list[str] = []
    title = None
    for state in states:
        if state.phase.playbook_title != title:
            title = state.phase.playbook_title
            out += ["", title] if out else [title]
        out.append(f"  {state.phase.number}. {state.phase.phase_name}: {state.label()}")
    ready = sum(s.ready for s in states)
    out.append(f"{ready} of {len(states)} phases ready.")
    return "\n".join(out)
