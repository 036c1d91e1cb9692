"""Check that a playbook's content references point at real knowledge documents.

The check asks a :class:`KnowledgeIndex` which documents exist; the knowledge catalog (in the
retrieval package, a layer above this one) is one, passed in by whoever builds the checks.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from pregame.playbook.loader import Check, Finding
from pregame.playbook.schema import Playbook


class KnownDocument(Protocol):
    """What the check needs to know about one knowledge document."""

    @property
    def source(self) -> str: ...

    @property
    def tags(self) -> Sequence[str]: ...


class KnowledgeIndex(Protocol):
    """Which knowledge documents exist, and what a reference (``path`` or ``tag:NAME``) names."""

    @property
    def folder(self) -> Path: ...

    def documents(self) -> Sequence[KnownDocument]: ...

    def resolve(self, reference: str) -> Sequence[object]: ...


def knowledge_references(index: KnowledgeIndex) -> Check:
    """A loader check: every step ``content`` and objection ``proof`` entry must resolve."""

    def check(playbook: Playbook) -> list[Finding]:
        documents = index.documents()
        sources = [d.source for d in documents]
        tags = sorted({t for d in documents for t in d.tags})
        findings: list[Finding] = []

        def verify(loc: tuple[str | int, ...], ref: str) -> None:
            if index.resolve(ref):
                return
            if ref.startswith("tag:"):
                tag = ref.removeprefix("tag:")
                hint = difflib.get_close_matches(tag, tags, n=1)
                fix = f"did you mean 'tag:{hint[0]}'?" if hint else f"known tags: {tags}"
                findings.append((loc, f"no knowledge document has the tag '{tag}'; {fix}"))
                return
            hint = difflib.get_close_matches(ref, sources, n=1, cutoff=0.5)
            fix = f"did you mean '{hint[0]}'?" if hint else "check the path under knowledge/"
            findings.append((loc, f"no knowledge document '{ref}' in {index.folder.name}/; {fix}"))

        for i, phase in enumerate(playbook.phases):
            for j, step in enumerate(phase.steps):
                for k, ref in enumerate(step.content):
                    verify(("phases", i, "steps", j, "content", k), ref)
        for i, objection in enumerate(playbook.objections):
            for k, ref in enumerate(objection.proof):
                verify(("objections", i, "proof", k), ref)
        return findings

    return check
