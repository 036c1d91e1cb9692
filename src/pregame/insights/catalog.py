"""What the insights know about the playbooks and documents: titles, steps and owners.

Playbook owners come from each playbook's ``owner`` field; documents' ``owner``,
``last_reviewed`` and ``expires`` (or ``expiry``) from their front matter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pregame.playbook.library import PlaybookLibrary
from pregame.retrieval.catalog import SKIPPED_NAMES
from pregame.retrieval.chunks import split_front_matter
from pregame.retrieval.freshness import parse_date
from pregame.retrieval.sources import KNOWLEDGE_SUFFIXES


@dataclass(frozen=True)
class DocumentInfo:
    source: str
    title: str
    owner: str = ""
    last_reviewed: dt.date | None = None
    expires: dt.date | None = None


@dataclass(frozen=True)
class StepInfo:
    id: str
    title: str


@dataclass(frozen=True)
class PhaseInfo:
    id: str
    name: str
    steps: tuple[StepInfo, ...]


@dataclass(frozen=True)
class PlaybookInfo:
    id: str
    title: str
    owner: str
    phases: tuple[PhaseInfo, ...] = ()
    audience: tuple[str, ...] = ("everyone",)
    """Who learns it: the playbook's ``audience`` (everyone, team names)."""

    def phase(self, phase_id: str) -> PhaseInfo | None:
        return next((p for p in self.phases if p.id == phase_id), None)


@dataclass(frozen=True)
class Catalog:
    playbooks: dict[str, PlaybookInfo] = field(default_factory=dict)
    documents: dict[str, DocumentInfo] = field(default_factory=dict)

    def playbook_owner(self, playbook_id: str | None) -> str:
        info = self.playbooks.get(playbook_id or "")
        return info.owner if info else ""

    def document_owner(self, source: str) -> str:
        info = self.documents.get(source)
        return info.owner if info else ""


def read_documents(folder: Path) -> dict[str, DocumentInfo]:
    """The knowledge documents (Markdown and text, READMEs skipped) with their front matter."""
    documents: dict[str, DocumentInfo] = {}
    if not folder.is_dir():
        return documents
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in KNOWLEDGE_SUFFIXES:
            continue
        if path.name in SKIPPED_NAMES:
            continue
        source = path.relative_to(folder).as_posix()
        try:
            meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            meta = {}
        documents[source] = DocumentInfo(
            source=source,
            title=str(meta.get("title") or path.stem.replace("-", " ").capitalize()),
            owner=str(meta.get("owner") or ""),
            last_reviewed=parse_date(meta.get("last_reviewed")),
            expires=parse_date(meta.get("expires") or meta.get("expiry")),
        )
    return documents


def read_playbooks(folder: Path) -> dict[str, PlaybookInfo]:
    """The valid playbooks of a folder, with their phases, steps and owner."""
    library = PlaybookLibrary(folder)
    library.refresh()
    return {
        book.id: PlaybookInfo(
            id=book.id,
            title=book.title,
            owner=book.playbook.owner,
            phases=tuple(
                PhaseInfo(phase.id, phase.name, tuple(StepInfo(s.id, s.title) for s in phase.steps))
                for phase in book.phases
            ),
            audience=tuple(book.playbook.audience),
        )
        for book in library.playbooks()
    }


def load_catalog(playbooks_dir: Path, knowledge_dir: Path) -> Catalog:
    return Catalog(read_playbooks(playbooks_dir), read_documents(knowledge_dir))
