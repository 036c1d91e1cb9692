"""Check that a playbook's content references point at real knowledge documents.

The check asks a :class:`KnowledgeIndex` which documents exist; the knowledge catalog (in the
retrieval package, a layer above this one) is one, passed in by whoever builds the checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from pregame.playbook.draft import ANY, Check, Draft, Finding, entries, text
from pregame.playbook.suggest import closest


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

    def check(data: Draft) -> list[Finding]:
        documents = index.documents()
        sources = [d.source for d in documents]
        tags = sorted({t for d in documents for t in d.tags})
        findings: list[Finding] = []
        places = [
            *entries(data, "phases", ANY, "steps", ANY, "content", ANY),
            *entries(data, "objections", ANY, "proof", ANY),
        ]
        for loc, value in places:
            ref = text(value)
            if not ref or index.resolve(ref):
                continue
            if ref.startswith("tag:"):
                tag = ref.removeprefix("tag:")
                hint = closest(tag, tags)
                fix = f"did you mean 'tag:{hint}'?" if hint else f"known tags: {', '.join(tags)}"
                findings.append((loc, f"no knowledge document has the tag '{tag}'; {fix}"))
                continue
            hint = closest(ref, sources, cutoff=0.5)
            fix = f"did you mean '{hint}'?" if hint else "check the path under knowledge/"
            findings.append((loc, f"no knowledge document '{ref}' in {index.folder.name}/; {fix}"))
        return findings

    return check
