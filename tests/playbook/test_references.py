from __future__ import annotations

import pytest

from pregame.playbook.loader import PlaybookError, load_playbook
from pregame.playbook.references import knowledge_references
from pregame.retrieval.catalog import KnowledgeCatalog
from tests.support.paths import FIXTURES, ROOT

CHECK = knowledge_references(KnowledgeCatalog(ROOT / "knowledge"))


def test_missing_document_and_tag_are_located_with_a_fix() -> None:
    with pytest.raises(PlaybookError) as info:
        load_playbook(FIXTURES / "playbooks" / "bad-content.yml", [CHECK])
    path, tag = (str(p) for p in info.value.problems)
    assert "bad-content.yml:18:13: phases.0.steps.0.content.0:" in path
    assert "did you mean 'roi-business-case-guide.md'?" in path
    assert "bad-content.yml:19:13:" in tag and "no knowledge document has the tag" in tag


@pytest.mark.parametrize("path", sorted((ROOT / "playbooks").glob("*.yml")), ids=lambda p: p.name)
def test_shipped_playbooks_reference_existing_knowledge(path: object) -> None:
    load_playbook(path, [CHECK])  # type: ignore[arg-type]
