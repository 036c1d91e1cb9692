"""`pregame eval objections`: how sellers' reports of objections land, as the coach decides.

A report file holds one JSON object a line: ``{"said": str, "playbook": id, "objection": id or
null}``; null means the objection is in no playbook, so the honest reply is the right one.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pregame.coach.objections import ObjectionMatcher
from pregame.evaluation.questions import QuestionSetError
from pregame.playbook.schema import Playbook

# How a report of a known objection can end, best first; then those of an unknown one.
KNOWN = ("answered", "asked with it", "asked without it", "answered wrongly", "missed")
UNKNOWN = ("honest", "asked", "answered wrongly")


@dataclass(frozen=True)
class Report:
    said: str
    playbook: str
    objection: str | None


@dataclass
class ObjectionEvaluation:
    known: Counter[str] = field(default_factory=Counter)
    unknown: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[Report, str]] = field(default_factory=list)

    def share(self, counter: Counter[str], outcome: str) -> float:
        total = sum(counter.values())
        return counter[outcome] / total if total else 0.0

    @property
    def resolved(self) -> float:
        """Known objections the seller gets the designed answer for, at once or in one click."""
        return self.share(self.known, "answered") + self.share(self.known, "asked with it")

    def as_dict(self) -> dict[str, Any]:
        return {
            "known": {o: self.known[o] for o in KNOWN},
            "unknown": {o: self.unknown[o] for o in UNKNOWN},
            "answered_right": round(self.share(self.known, "answered"), 3),
            "resolved_in_one_click": round(self.resolved, 3),
            "unknown_honest": round(self.share(self.unknown, "honest"), 3),
            "unknown_answered_wrongly": round(self.share(self.unknown, "answered wrongly"), 3),
        }


def load_reports(path: Path, playbooks: dict[str, Playbook]) -> list[Report]:
    reports: list[Report] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionSetError(f"{where}: not JSON ({exc.msg})") from exc
        said, playbook, objection = item.get("said"), item.get("playbook"), item.get("objection")
        if not isinstance(said, str) or not said.strip():
            raise QuestionSetError(f"{where}: 'said' must be a non-empty string")
        if playbook not in playbooks:
            raise QuestionSetError(f"{where}: unknown playbook {playbook!r}")
        known = {o.id for o in playbooks[playbook].objections}
        if objection is not None and objection not in known:
            raise QuestionSetError(f"{where}: {playbook} has no objection {objection!r}")
        reports.append(Report(said, playbook, objection))
    if not reports:
        raise QuestionSetError(f"{path}: no reports")
    return reports


def evaluate(
    matcher: ObjectionMatcher, playbooks: dict[str, Playbook], reports: list[Report]
) -> ObjectionEvaluation:
    """Each report as said during a play of its playbook."""
    result = ObjectionEvaluation()
    every = list(playbooks.values())
    for report in reports:
        decision = matcher.decide(every, report.said, current=playbooks[report.playbook])
        offered = [(m.playbook, m.objection.id) for m in decision.options]
        if report.objection is None:
            if decision.answer is not None:
                outcome = "answered wrongly"
            else:
                outcome = "asked" if offered else "honest"
            result.unknown[outcome] += 1
        else:
            wanted = (report.playbook, report.objection)
            if decision.answer is not None:
                got = (decision.answer.playbook, decision.answer.objection.id)
                outcome = "answered" if got == wanted else "answered wrongly"
            elif offered:
                outcome = "asked with it" if wanted in offered else "asked without it"
            else:
                outcome = "missed"
            result.known[outcome] += 1
        if outcome not in ("answered", "asked with it", "honest"):
            result.misses.append((report, outcome))
    return result
