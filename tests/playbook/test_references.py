from __future__ import annotations

from pathlib import Path

import pytest

from pregame.playbook.loader import Check, PlaybookError, load_playbook
from pregame.playbook.references import knowledge_references
from pregame.retrieval.catalog import Document, KnowledgeCatalog
from tests.support.paths import FIXTURES, ROOT


@pytest.fixture(scope="module")
def check() -> Check:
    catalog = KnowledgeCatalog(ROOT / "knowledge")
    catalog.refresh()
    return knowledge_references(catalog)


def test_missing_document_and_tag_are_located_with_a_fix(check: Check) -> None:
    with pytest.raises(PlaybookError) as info:
        load_playbook(FIXTURES / "playbooks" / "bad-content.yml", [check])
    path, tag = ((p.line, p.column, p.field, p.message) for p in info.value.problems)
    assert path == (
        18,
        13,
        "phases[0].steps[0].content[0]",
        "no knowledge document 'roi-busines-case-guide.md' in knowledge/; "
        "did you mean 'roi-business-case-guide.md'?",
    )
    assert tag[:3] == (19, 13, "phases[0].steps[0].content[1]")
    assert tag[3].startswith("no knowledge document has the tag 'no-such-tag'; known tags: ")


@pytest.mark.parametrize("path", sorted((ROOT / "playbooks").glob("*.yml")), ids=lambda p: p.name)
def test_shipped_playbooks_reference_existing_knowledge(path: Path, check: Check) -> None:
    load_playbook(path, [check])


class _Index:
    """Any object that says which documents exist will do: the check needs no catalog."""

    folder = Path("content")

    def documents(self) -> list[Document]:
        return [Document("deck.md", "Deck", "", ("pricing",))]

    def resolve(self, reference: str) -> list[Document]:
        return [d for d in self.documents() if reference in (d.source, "tag:pricing")]


def test_references_are_checked_even_when_the_schema_fails(check: Check, tmp_path: Path) -> None:
    """One run shows the misspelt field and the missing document together."""
    path = tmp_path / "both.yml"
    text = (FIXTURES / "playbooks" / "bad-content.yml").read_text()
    path.write_text(text.replace("        do: Open the call.", "        doo: Open the call."))
    with pytest.raises(PlaybookError) as info:
        load_playbook(path, [check])
    assert [(p.line, p.field) for p in info.value.problems] == [
        (16, "phases[0].steps[0].doo"),
        (18, "phases[0].steps[0].content[0]"),
        (19, "phases[0].steps[0].content[1]"),
    ]


def test_the_check_takes_any_knowledge_index() -> None:
    with pytest.raises(PlaybookError) as info:
        load_playbook(FIXTURES / "playbooks" / "bad-content.yml", [knowledge_references(_Index())])
    path, tag = (str(p) for p in info.value.problems)
    assert "no knowledge document 'roi-busines-case-guide.md' in content/" in path
    assert tag.endswith("no knowledge document has the tag 'no-such-tag'; known tags: pricing")
