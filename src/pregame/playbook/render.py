"""A playbook as a Markdown document, for reviewers who do not read YAML."""

from __future__ import annotations

from pregame.playbook.schema import Phase, Playbook, Step


def to_markdown(playbook: Playbook) -> str:
    meta = playbook.playbook
    out = [f"# {meta.title}", "", meta.description, ""]
    facts = [f"**Owner:** {meta.owner}", f"**Audience:** {', '.join(meta.audience)}"]
    if meta.version:
        facts.append(f"**Version:** {meta.version}")
    if meta.last_reviewed:
        facts.append(f"**Last reviewed:** {meta.last_reviewed.isoformat()}")
    if meta.tags:
        facts.append(f"**Tags:** {', '.join(meta.tags)}")
    out += [" · ".join(facts), ""]
    out += ["## Contents", ""]
    out += [f"{i}. [{p.name}](#{_anchor(p.name)})" for i, p in enumerate(playbook.phases, 1)]
    if playbook.objections:
        out.append(f"{len(playbook.phases) + 1}. [Objections](#objections)")
    out.append("")
    if playbook.personas:
        out += ["## Personas", ""]
        for persona in playbook.personas:
            aliases = f" (also: {', '.join(persona.aliases)})" if persona.aliases else ""
            out += [f"### {persona.name}{aliases}", ""]
            out += _list("Cares about", persona.cares_about)
            out += _list("Typical pains", persona.pains)
    for phase in playbook.phases:
        out += _phase(playbook, phase)
    if playbook.objections:
        out += ["## Objections", ""]
        for objection in playbook.objections:
            out += [f"### {objection.title}", ""]
            out += ["> " + " / ".join(f"“{p}”" for p in objection.phrasings), ""]
            out += [objection.response, ""]
            out += _list("Proof", [f"`{p}`" for p in objection.proof])
            if objection.phases:
                names = [playbook.phase(p).name for p in objection.phases]
                out += [f"*Usually comes up in:* {', '.join(names)}", ""]
    return "\n".join(out).rstrip() + "\n"


def _phase(playbook: Playbook, phase: Phase) -> list[str]:
    out = [f"## {phase.name}", ""]
    if phase.aliases:
        out += [f"*Sellers call it:* {', '.join(phase.aliases)}", ""]
    if phase.interaction_points:
        points = ", ".join(p.value.capitalize() for p in phase.interaction_points)
        out += [f"*Interaction points:* {points}", ""]
    out += [f"**The buyer's goal.** {phase.buyer_goal}", ""]
    out += [f"**What the buyer should experience.** {phase.buyer_experience}", ""]
    out += [f"**The seller's objective.** {phase.seller_objective}", ""]
    out += _list("Entry signals", phase.entry_signals)
    out += _list("Have ready before the call", phase.call_prep)
    for number, step in enumerate(phase.steps, 1):
        out += _step(playbook, number, step)
    out += _list(f"Exit criteria: {phase.name} is done when", phase.exit_criteria)
    return out


def _step(playbook: Playbook, number: int, step: Step) -> list[str]:
    minutes = f" ({step.minutes} min)" if step.minutes else ""
    out = [f"### Step {number}: {step.title}{minutes}", "", step.do, ""]
    out += _list("Questions to ask", step.questions)
    out += _list("What the buyer may say", [f"“{b}”" for b in step.buyer_says])
    out += _list("Tips", step.tips)
    out += _list("Content", [f"`{c}`" for c in step.content])
    variants = [
        f"**{playbook.persona(pid).name}:** {text}" for pid, text in step.variants.personas.items()
    ] + [f"**Over {ch.value}:** {text}" for ch, text in step.variants.channels.items()]
    out += _list("Variants", variants)
    return out


def _list(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"**{title}:**", "", *[f"- {item}" for item in items], ""]


def _anchor(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")
