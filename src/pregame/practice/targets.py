"""What a buyer line is answered against: an objection's response, a step's `do`, or the step's
tailored guidance for a persona (a persona's concern)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pregame.playbook.schema import Phase, Playbook, Step

Kind = Literal["objection", "step", "concern"]
KINDS: tuple[Kind, ...] = ("objection", "step", "concern")


class PracticeError(ValueError):
    """Bad input to practice: an unknown playbook part, a malformed session, an empty scenario."""


@dataclass(frozen=True)
class Target:
    """The designed response a rep's answer is scored against."""

    kind: Kind
    id: str
    """The objection id, or the step id (for a step and a persona's concern)."""
    phase: str
    """The step's phase id; empty for an objection."""
    title: str
    response: str
    tips: tuple[str, ...] = ()
    proof: tuple[str, ...] = ()


def find_phase(playbook: Playbook, phase_id: str) -> Phase:
    try:
        return playbook.phase(phase_id)
    except KeyError:
        known = ", ".join(p.id for p in playbook.phases)
        raise PracticeError(
            f"playbook {playbook.id!r} has no phase {phase_id!r}; its phases: {known}"
        ) from None


def find_step(
    playbook: Playbook, step_id: str, phase_id: str = "", buyer_line: str = ""
) -> tuple[Phase, Step]:
    """The step ``step_id`` (``phase/step`` also works); ``buyer_line`` picks between phases
    that share a step id."""
    if "/" in step_id:
        phase_id, _, step_id = step_id.partition("/")
    phases = [find_phase(playbook, phase_id)] if phase_id else list(playbook.phases)
    found = [(ph, s) for ph in phases for s in ph.steps if s.id == step_id]
    if len(found) > 1 and buyer_line:
        found = [(ph, s) for ph, s in found if buyer_line in s.buyer_says] or found
    if not found:
        where = f"phase {phase_id!r}" if phase_id else "any phase"
        raise PracticeError(f"playbook {playbook.id!r} has no step {step_id!r} in {where}")
    if len(found) > 1:
        names = ", ".join(f"{ph.id}/{s.id}" for ph, s in found)
        raise PracticeError(f"step id {step_id!r} is in several phases ({names}): name the phase")
    return found[0]


def find_target(
    playbook: Playbook,
    kind: str,
    target_id: str,
    *,
    phase_id: str = "",
    persona_id: str = "",
    buyer_line: str = "",
) -> Target:
    """The designed response for ``kind`` (objection, step, concern) and ``target_id``."""
    if kind == "objection":
        try:
            objection = playbook.objection(target_id)
        except KeyError:
            known = ", ".join(o.id for o in playbook.objections) or "none"
            raise PracticeError(
                f"playbook {playbook.id!r} has no objection {target_id!r}; its objections: {known}"
            ) from None
        return Target(
            "objection",
            objection.id,
            "",
            objection.title,
            objection.response,
            proof=tuple(objection.proof),
        )
    if kind not in KINDS:
        raise PracticeError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    phase, step = find_step(playbook, target_id, phase_id, buyer_line)
    if kind == "step":
        return Target("step", step.id, phase.id, step.title, step.do, tips=tuple(step.tips))
    variant = step.variants.personas.get(persona_id)
    if variant is None:
        raise PracticeError(
            f"step {phase.id}/{step.id} has no guidance for persona {persona_id!r}; "
            f"it has guidance for: {', '.join(step.variants.personas) or 'none'}"
        )
    return Target("concern", step.id, phase.id, step.title, variant, tips=tuple(step.tips))
