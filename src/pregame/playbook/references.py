"""Check that a playbook's content references point at real knowledge documents."""

from __future__ import annotations

import difflib

from pregame.playbook.loader import Check, Finding
from pregame.playbook.schema import Playbook
from pregame.retrieval.catalog import KnowledgeCatalog


def knowledge_references(catalog: KnowledgeCatalog) -> Check:
    """A loader check: every step ``content`` and objection ``proof`` entry must resolve."""

    def check(playbook: Playbook) -> list[Finding]:
        documents = catalog.documents()
        sources = [d.source for d in documents]
        tags = sorted({t for d in documents for t in d.tags})
        findings: list[Finding] = []

        def verify(loc: tuple[str | int, ...], ref: str) -> None:
            if catalog.resolve(ref):
                return
            if ref.startswith("tag:"):
                tag = ref.removeprefix("tag:")
                hint = difflib.get_close_matches(tag, tags, n=1)
                fix = f"did you mean 'tag:{hint[0]}'?" if hint else f"known tags: {tags}"
                findings.append((loc, f"no knowledge document has the tag '{tag}'; {fix}"))
                return
            hint = difflib.get_close_matches(ref, sources, n=1, cutoff=0.5)
            fix = f"did you mean '{hint[0]}'?" if hint else "check the path under knowledge/"
            findings.append(
                (loc, f"no knowledge document '{ref}' in {catalog.folder.name}/; {fix}")
            )

        for i, phase in enumerate(playbook.phases):
            for j, step in enumerate(phase.steps):
                for k, ref in enumerate(step.content):
                    verify(("phases", i, "steps", j, "content", k), ref)
        for i, objection in enumerate(playbook.objections):
            for k, ref in enumerate(objection.proof):
                verify(("objections", i, "proof", k), ref)
        return findings

    return check
