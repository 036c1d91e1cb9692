"""The rules that tie one part of a playbook to another: ids are unique, a step's persona
variants name personas of the playbook, an objection's phases name its phases.

They run on the raw data (see :mod:`pregame.playbook.draft`), so they are reported in the same
run as schema errors, each at its own place; the schema applies the same rules to a model.
"""

from __future__ import annotations

from typing import Any

from pregame.playbook.draft import ANY, KEY, Draft, Finding, Loc, entries, field_path, text
from pregame.playbook.suggest import did_you_mean


def integrity_findings(data: Draft) -> list[Finding]:
    """Every broken link between the parts of ``data``, located at the offending id."""
    findings = _duplicates(data, "persona", ("personas", ANY, "id"))
    findings += _duplicates(data, "phase", ("phases", ANY, "id"))
    findings += _duplicates(data, "objection", ("objections", ANY, "id"))
    for loc, phase in entries(data, "phases", ANY):
        name = text(phase.get("id")) if isinstance(phase, dict) else None
        scope = f" in phase '{name}'" if name else ""
        findings += _duplicates(phase, "step", ("steps", ANY, "id"), loc, scope)
    personas = _ids(data, "personas")
    pattern = ("phases", ANY, "steps", ANY, "variants", "personas", ANY)
    for loc, _ in entries(data, *pattern):
        persona = str(loc[-1])
        if persona not in personas:
            fix = did_you_mean(persona, personas, "persona")
            findings.append(((*loc, KEY), f"no persona '{persona}' in this playbook; {fix}"))
    phases = _ids(data, "phases")
    for loc, value in entries(data, "objections", ANY, "phases", ANY):
        phase = text(value)
        if phase is not None and phase not in phases:
            fix = did_you_mean(phase, phases, "phase")
            findings.append((loc, f"no phase '{phase}' in this playbook; {fix}"))
    return findings


def _ids(data: Draft, section: str) -> list[str]:
    return [i for _, v in entries(data, section, ANY, "id") if (i := text(v)) is not None]


def _duplicates(
    data: Any, kind: str, pattern: tuple[str, ...], prefix: Loc = (), scope: str = ""
) -> list[Finding]:
    first: dict[str, Loc] = {}
    findings: list[Finding] = []
    for loc, value in entries(data, *pattern):
        item = text(value)
        if item is None:
            continue
        here = (*prefix, *loc)
        if item in first:
            where = field_path(first[item][:-1])
            message = f"duplicate {kind} id '{item}'{scope}: {where} has it already"
            findings.append((here, f"{message}; ids must be unique"))
        else:
            first[item] = here
    return findings
