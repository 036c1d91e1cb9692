"""The learning path on the App Home: a rep's phases with their progress, and for a manager
their team's readiness (what ``pregame readiness`` prints)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pregame.learning.readiness import NextStep, PhaseState, Readiness
from pregame.learning.render import render_next
from pregame.slack.blocks.primitives import Block, context, header, raw_section, section
from pregame.slack.text import escape
from pregame.store.progress import PhaseProgress

HOME_LIMIT = 100
"""Slack's cap on blocks in a view."""
START = "New to the team? `/pregame learn` takes you through the playbooks phase by phase."
LEGEND = (
    "ready = check and practice passed · practice N = check passed, best practice score · "
    "check N% = best check score · check = lesson read · - = not started"
)


def _mark(state: PhaseState) -> str:
    return ":white_check_mark:" if state.ready else ":white_circle:"


def path_blocks(states: Sequence[PhaseState], step: NextStep) -> list[Block]:
    """The rep's path: one line per phase under its playbook, and what is next."""
    blocks: list[Block] = [header("Your learning path")]
    started = any(s.progress != PhaseProgress() for s in states)
    if not states or not started:
        blocks += section(START)
        if states:
            blocks.append(context(escape(f"{len(states)} phases on your path.")))
        return blocks
    lines: list[str] = []
    title = None
    for state in states:
        if state.phase.playbook_title != title:
            title = state.phase.playbook_title
            lines.append(f"*{escape(title)}*")
        name = escape(state.phase.phase_name)
        lines.append(f"{_mark(state)} {state.phase.number}. {name}: {escape(state.label())}")
    blocks.append(raw_section("\n".join(lines)))
    ready = sum(s.ready for s in states)
    note = f"{ready} of {len(states)} phases ready. {render_next(step)}"
    blocks.append(context(escape(note) + " Carry on with `/pregame learn`."))
    return blocks


def readiness_blocks(readiness: Readiness) -> list[Block]:
    """A manager's team: per playbook, each rep's cells by phase number, and the legend."""
    who = f"team {readiness.team}" if readiness.team else "all teams"
    blocks: list[Block] = [header(f"Your team's readiness ({who})")]
    shown = [p for p in readiness.playbooks if p.reps]
    if not shown:
        blocks += section(
            "No reps on a learning path yet. Register one: `pregame learning team set U T`."
        )
        return blocks
    for playbook in shown:
        phases = " · ".join(f"{p.number}. {p.phase_name}" for p in playbook.path.phases)
        lines = [f"*{escape(playbook.path.title)}*", f"_{escape(phases)}_"]
        for line in playbook.reps:
            cells = " · ".join(f"{s.phase.number} {escape(s.label())}" for s in line.states)
            ready = f"{line.ready}/{len(line.states)} ready"
            lines.append(f"*{escape(line.rep.name)}* ({ready}): {cells}")
        blocks.append(raw_section("\n".join(lines)))
    blocks.append(context(escape(LEGEND)))
    return blocks


def with_learning(view: dict[str, Any], blocks: Sequence[Block]) -> dict[str, Any]:
    """``view`` with the learning blocks before its "Playbooks" list (else at the end)."""
    existing = list(view.get("blocks", []))
    at = next(
        (
            i
            for i, b in enumerate(existing)
            if b.get("type") == "header" and b.get("text", {}).get("text") == "Playbooks"
        ),
        len(existing),
    )
    merged = [*existing[:at], *blocks, {"type": "divider"}, *existing[at:]]
    if at == len(existing):
        merged = [*existing, {"type": "divider"}, *blocks]
    return {**view, "blocks": merged[:HOME_LIMIT]}
