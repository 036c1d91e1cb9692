"""Titles and tags of the knowledge documents, read from their front matter (live, cached)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pregame.retrieval.chunks import split_front_matter
from pregame.retrieval.sources import KNOWLEDGE_SUFFIXES


@dataclass(frozen=True)
class Document:
    source: str
    title: str
    type: str
    tags: tuple[str, ...]


class KnowledgeCatalog:
    """Resolves playbook content references (``path`` or ``tag:NAME``) to documents."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._cache: dict[Path, tuple[int, Document]] = {}

    def _document(self, path: Path) -> Document:
        mtime = path.stat().st_mtime_ns
        cached = self._cache.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
        meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
        tags = meta.get("tags") or []
        doc = Document(
            source=path.relative_to(self.folder).as_posix(),
            title=str(meta.get("title") or path.stem.replace("-", " ").capitalize()),
            type=str(meta.get("type", "")),
            tags=tuple(str(t) for t in (tags if isinstance(tags, list) else [tags])),
        )
        self._cache[path] = (mtime, doc)
        return doc

    def documents(self) -> list[Document]:
        if not self.folder.is_dir():
            return []
        return [
            self._document(p)
            for p in sorted(self.folder.rglob("*"))
            if p.is_file() and p.suffix.lower() in KNOWLEDGE_SUFFIXES and p.name != "README.md"
        ]

    def resolve(self, reference: str) -> list[Document]:
        """Documents a playbook reference points at; empty if it points at nothing."""
        if reference.startswith("tag:"):
            tag = reference.removeprefix("tag:")
            return [d for d in self.documents() if tag in d.tags]
        path = self.folder / reference
        return [self._document(path)] if path.is_file() else []
