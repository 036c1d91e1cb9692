"""`pregame validate`: each playbook file loaded through the checks the running bot applies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pregame.playbook.loader import Check, PlaybookError, Problem, load_playbook


@dataclass(frozen=True)
class FileResult:
    """One file: its playbook id when valid, else every problem found."""

    file: Path
    playbook_id: str | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.playbook_id is not None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": str(self.file), "ok": self.ok}
        if self.ok:
            out["id"] = self.playbook_id
        out["problems"] = [
            {"line": p.line, "column": p.column, "field": p.field, "message": p.message}
            for p in self.problems
        ]
        return out


@dataclass(frozen=True)
class Validation:
    files: list[FileResult] = field(default_factory=list)

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if not f.ok]

    @property
    def passed(self) -> bool:
        """True when there was at least one file and none had problems."""
        return bool(self.files) and not self.failed

    def as_dict(self) -> dict[str, Any]:
        return {"files": [f.as_dict() for f in self.files], "errors": len(self.failed)}


def validate_playbooks(files: Sequence[Path], checks: Sequence[Check] = ()) -> Validation:
    """Load each file with ``checks``; a file that fails is reported, never raised."""
    results: list[FileResult] = []
    for file in files:
        try:
            playbook = load_playbook(file, checks)
        except PlaybookError as exc:
            results.append(FileResult(file, problems=tuple(exc.problems)))
            continue
        results.append(FileResult(file, playbook_id=playbook.id))
    return Validation(results)
