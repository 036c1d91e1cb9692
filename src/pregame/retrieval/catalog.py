"""Titles, tags and review facts of the knowledge documents, read from their front matter.

:meth:`KnowledgeCatalog.refresh` is the only method that touches the disk (a walk of the folder,
a stat per file, and a read of each new or changed text file); ``documents()`` and
``resolve()`` are lookups in what the last refresh saw.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from pregame.retrieval.chunks import split_front_matter
from pregame.retrieval.freshness import Review
from pregame.retrieval.sources import KNOWLEDGE_SUFFIXES

SKIPPED_NAMES = {"README.md"}
"""Files a reference may name but that are not listed as documents."""
HTML_SUFFIXES = {".html", ".htm"}


@dataclass(frozen=True)
class Document:
    source: str
    title: str
    type: str
    tags: tuple[str, ...]
    review: Review = field(default_factory=Review)
    """Owner, ``last_reviewed`` and ``expires`` from the front matter (empty for HTML and PDF)."""


@dataclass(frozen=True)
class _Snapshot:
    files: dict[str, tuple[int, Document]]
    """Every file under the folder by source path, with the mtime it was read at."""
    documents: list[Document]


class KnowledgeCatalog:
    """Resolves playbook content references (``path`` or ``tag:NAME``) to documents."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._snapshot = _Snapshot({}, [])
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Re-read added or changed files and forget deleted ones."""
        with self._lock:
            known = self._snapshot.files
            files: dict[str, tuple[int, Document]] = {}
            paths = sorted(self.folder.rglob("*")) if self.folder.is_dir() else []
            for path in paths:
                if not path.is_file():
                    continue
                source = path.relative_to(self.folder).as_posix()
                mtime = path.stat().st_mtime_ns
                cached = known.get(source)
                if cached is not None and cached[0] == mtime:
                    files[source] = cached
                else:
                    files[source] = (mtime, self._read(path, source))
            documents = [
                doc
                for source, (_, doc) in files.items()
                if Path(source).suffix.lower() in KNOWLEDGE_SUFFIXES
                and Path(source).name not in SKIPPED_NAMES
            ]
            self._snapshot = _Snapshot(files, documents)

    def documents(self) -> list[Document]:
        """The Markdown and text documents (not READMEs), by path."""
        return list(self._snapshot.documents)

    def resolve(self, reference: str) -> list[Document]:
        """Documents a playbook reference points at; empty if it points at nothing."""
        if reference.startswith("tag:"):
            tag = reference.removeprefix("tag:")
            return [d for d in self._snapshot.documents if tag in d.tags]
        found = self._snapshot.files.get(_normalised(reference))
        return [found[1]] if found else []

    @staticmethod
    def _read(path: Path, source: str) -> Document:
        """A document from its front matter; other formats (HTML, PDF) get a title from the
        file name, and HTML its owner and review dates from its ``<meta>`` tags."""
        stem_title = path.stem.replace("-", " ").capitalize()
        if path.suffix.lower() in HTML_SUFFIXES:
            review = Review.from_metadata(_html_meta(path))
            return Document(source=source, title=stem_title, type="", tags=(), review=review)
        if path.suffix.lower() not in KNOWLEDGE_SUFFIXES:
            return Document(source=source, title=stem_title, type="", tags=())
        try:
            meta, _ = split_front_matter(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            meta = {}
        tags = meta.get("tags") or []
        return Document(
            source=source,
            title=str(meta.get("title") or stem_title),
            type=str(meta.get("type", "")),
            tags=tuple(str(t) for t in (tags if isinstance(tags, list) else [tags])),
            review=Review.from_metadata(meta),
        )


def _html_meta(path: Path) -> dict[str, str]:
    """An HTML file's ``<meta name=... content=...>`` tags, names as the indexer reads them."""
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    except (OSError, UnicodeDecodeError):
        return {}
    meta = {}
    for tag in soup.find_all("meta"):
        name, content = tag.get("name"), tag.get("content")
        if isinstance(name, str) and isinstance(content, str) and name.strip():
            meta[name.strip().lower().replace("-", "_")] = content.strip()
    return meta


def _normalised(reference: str) -> str:
    """A reference as a path relative to the folder (``./a.md`` and ``a.md`` are the same)."""
    return os.path.normpath(reference).replace(os.sep, "/")
