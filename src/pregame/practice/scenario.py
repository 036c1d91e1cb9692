"""What the simulated buyer says: lines drawn from the playbook, in a seeded order.

A buyer in a phase says the things its steps' `buyer_says` list (only lines the buyer's side
says: a line marked "(Booth team)" or "(AE)" is the seller's own team and is skipped), raises the
objections that come up in that phase (one of their phrasings), and may voice what their persona
cares about where a step has guidance tailored to that persona. Objections are ordered by how
much they have to do with the persona (shared words with its concerns and pains), so a CFO hears
"too expensive" before "security concerns". Everything is deterministic for a given seed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from pregame.playbook.schema import Objection, Persona, Phase, Playbook
from pregame.practice.keypoints import Terms
from pregame.practice.targets import Kind, PracticeError, find_phase

MIN_EXCHANGES = 3
MAX_EXCHANGES = 5
_SPEAKER = re.compile(r"^\((?P<who>[^)]+)\)\s*(?P<line>.+)$", re.DOTALL)
_CONCERN = (
    "What matters to me is {concern}. Where do you stand on that?",
    "Before we go further: {concern}. That's what I need to hear about.",
    "Let me be direct about my priority: {concern}. How does this help?",
)
_PRESS = (
    "I'm not convinced.",
    "Hmm. That doesn't really answer it.",
    "Okay, but honestly:",
)


@dataclass(frozen=True)
class BuyerLine:
    """One thing the buyer says, and what the rep's answer is scored against."""

    kind: Kind
    target: str
    line: str


def spoken(line: str, playbook: Playbook) -> str | None:
    """``line`` as the buyer says it, or None when it is said by the seller's own side."""
    match = _SPEAKER.match(line.strip())
    if match is None:
        return line.strip()
    who = match.group("who").strip().lower()
    buyers = {"customer", "buyer", "prospect"}
    for persona in playbook.personas:
        buyers.update(n.lower() for n in (persona.id, persona.name, *persona.aliases))
    return match.group("line").strip() if who in buyers else None


def find_persona(playbook: Playbook, persona_id: str) -> Persona | None:
    """The persona ``persona_id``; None for an empty id."""
    if not persona_id:
        return None
    try:
        return playbook.persona(persona_id)
    except KeyError:
        known = ", ".join(p.id for p in playbook.personas) or "none"
        raise PracticeError(
            f"playbook {playbook.id!r} has no persona {persona_id!r}; its personas: {known}"
        ) from None


def step_lines(playbook: Playbook, phase: Phase) -> list[BuyerLine]:
    """Every line the buyer says in the phase's steps, in step order."""
    lines: list[BuyerLine] = []
    for step in phase.steps:
        for said in step.buyer_says:
            text = spoken(said, playbook)
            if text:
                lines.append(BuyerLine("step", step.id, text))
    return lines


def phase_objections(playbook: Playbook, phase: Phase, persona: Persona | None) -> list[Objection]:
    """The objections of the phase, those closest to the persona's concerns first."""
    found = [o for o in playbook.objections if phase.id in o.phases]
    if persona is None:
        return found
    terms = Terms([])
    cares = set(terms.stems(" ".join([persona.name, *persona.cares_about, *persona.pains])))

    def overlap(objection: Objection) -> int:
        said = " ".join([objection.title, *objection.phrasings, objection.response])
        return len(cares & set(terms.stems(said)))

    return sorted(found, key=lambda o: -overlap(o))  # stable: the playbook's order breaks ties


def concern_lines(playbook: Playbook, phase: Phase, persona: Persona | None) -> list[BuyerLine]:
    """A persona concern per step of the phase with guidance tailored to that persona."""
    if persona is None or not persona.cares_about:
        return []
    terms = Terms([])
    lines: list[BuyerLine] = []
    for number, step in enumerate(phase.steps):
        guidance = step.variants.personas.get(persona.id)
        if guidance is None:
            continue
        wanted = set(terms.stems(guidance))
        concern = max(persona.cares_about, key=lambda c: len(wanted & set(terms.stems(c))))
        template = _CONCERN[number % len(_CONCERN)]
        lines.append(BuyerLine("concern", step.id, template.format(concern=_lower_first(concern))))
    return lines


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    if len(text) > 1 and text[1].isupper():  # an acronym: "SSO and ..."
        return text
    return text[:1].lower() + text[1:]


def practice_lines(
    playbook: Playbook, phase_id: str, persona_id: str, seed: int
) -> tuple[BuyerLine, ...]:
    """A practice conversation: 3 or 4 lines (a failed answer may add a follow-up, up to 5)."""
    phase = find_phase(playbook, phase_id)
    persona = find_persona(playbook, persona_id)
    rng = random.Random(f"practice:{playbook.id}:{phase.id}:{persona_id}:{seed}")
    steps = step_lines(playbook, phase)
    objections = phase_objections(playbook, phase, persona)
    concerns = concern_lines(playbook, phase, persona)
    wanted = rng.choice((MIN_EXCHANGES, MIN_EXCHANGES + 1))
    # Objections: the two most relevant to the persona, and one more at random.
    picked_objections = objections[:2] + rng.sample(objections[2:], min(1, len(objections[2:])))
    rng.shuffle(picked_objections)
    raised = [BuyerLine("objection", o.id, rng.choice(o.phrasings)) for o in picked_objections]
    if concerns:
        raised.insert(rng.randrange(len(raised) + 1), rng.choice(concerns))
    each_step = _one_line_per_step(steps, rng)
    chosen = set(rng.sample(range(len(each_step)), min(len(each_step), wanted)))
    said = [line for number, line in enumerate(each_step) if number in chosen]
    plan: list[BuyerLine] = []
    if said:
        plan.append(said.pop(0))
    while len(plan) < wanted and (said or raised):
        source = raised if raised and (len(plan) % 2 == 1 or not said) else said
        plan.append(source.pop(0))
    return _at_least_three(plan, steps, playbook, phase)


def rehearsal_lines(
    playbook: Playbook,
    phase_id: str,
    persona_id: str,
    objection_ids: list[str],
    seed: int,
) -> tuple[BuyerLine, ...]:
    """A short rehearsal before a call: the likely objections, the persona's concern, then
    the phase's buyer lines until there are at least three (at most four planned)."""
    phase = find_phase(playbook, phase_id)
    persona = find_persona(playbook, persona_id)
    rng = random.Random(f"rehearsal:{playbook.id}:{phase.id}:{persona_id}:{seed}")
    if objection_ids:
        objections = []
        for objection_id in dict.fromkeys(objection_ids):
            try:
                objections.append(playbook.objection(objection_id))
            except KeyError:
                known = ", ".join(o.id for o in playbook.objections) or "none"
                raise PracticeError(
                    f"playbook {playbook.id!r} has no objection {objection_id!r}; "
                    f"its objections: {known}"
                ) from None
    else:
        objections = phase_objections(playbook, phase, persona)
    plan = [BuyerLine("objection", o.id, rng.choice(o.phrasings)) for o in objections[:3]]
    concerns = concern_lines(playbook, phase, persona)
    if concerns:
        plan.append(rng.choice(concerns))
    steps = step_lines(playbook, phase)
    plan.extend(_one_line_per_step(steps, rng)[: max(0, MIN_EXCHANGES - len(plan))])
    return _at_least_three(plan[: MIN_EXCHANGES + 1], steps, playbook, phase)


def follow_up(
    playbook: Playbook, line: BuyerLine, lines: list[BuyerLine], seed: int, turn: int
) -> BuyerLine | None:
    """The buyer presses an objection the rep did not handle, once: another of its phrasings."""
    if line.kind != "objection" or sum(other.target == line.target for other in lines) > 1:
        return None
    try:
        objection = playbook.objection(line.target)
    except KeyError:
        return None
    fresh = [p for p in objection.phrasings if not any(p in other.line for other in lines)]
    if not fresh:
        return None
    rng = random.Random(f"press:{playbook.id}:{line.target}:{seed}:{turn}")
    return BuyerLine("objection", objection.id, f"{rng.choice(_PRESS)} {rng.choice(fresh)}")


def _at_least_three(
    plan: list[BuyerLine], steps: list[BuyerLine], playbook: Playbook, phase: Phase
) -> tuple[BuyerLine, ...]:
    """``plan`` topped up to three lines with the phase's other buyer lines, if it has them."""
    for line in steps:
        if len(plan) >= MIN_EXCHANGES:
            break
        if line not in plan:
            plan.append(line)
    if not plan:
        raise PracticeError(f"phase {phase.id!r} of {playbook.id!r} has nothing a buyer says")
    return tuple(plan)


def _one_line_per_step(lines: list[BuyerLine], rng: random.Random) -> list[BuyerLine]:
    """One line of each step (picked at random), in step order."""
    by_step: dict[str, list[BuyerLine]] = {}
    for line in lines:
        by_step.setdefault(line.target, []).append(line)
    return [rng.choice(options) for options in by_step.values()]
