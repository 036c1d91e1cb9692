"""Documents in, chunks out: each chunk keeps its document title and heading path.

Sections come from the LangChain loaders in :mod:`pregame.retrieval.loaders`; long sections are
split by LangChain's ``RecursiveCharacterTextSplitter`` to fit the embedding model's window.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from pregame.retrieval.loaders import (
    HEADING_KEYS,
    LoadedFile,
    load_file,
    markdown_sections,
    split_front_matter,
)
from pregame.retrieval.metadata import Scalar, document_metadata

# all-MiniLM-L6-v2 reads 256 word pieces; ~900 characters of English (plus the title and heading
# line that travels with each chunk) stays inside that window, so nothing is truncated away.
CHUNK_CHARS = 900
CHUNK_OVERLAP = 120

__all__ = [
    "CHUNK_CHARS",
    "Chunk",
    "Scalar",
    "content_hash",
    "file_chunks",
    "loaded_chunks",
    "markdown_chunks",
    "split_front_matter",
]


@dataclass(frozen=True)
class Chunk:
    """A piece of a document, ready to embed. ``id`` is stable while the source is unchanged."""

    id: str
    text: str
    metadata: dict[str, Scalar] = field(default_factory=dict)
    with_context: bool = True

    @property
    def embed_text(self) -> str:
        """The title and heading path travel with the text so short chunks keep their context."""
        if not self.with_context:
            return self.text
        context = " > ".join(
            str(v) for v in (self.metadata.get("title"), self.metadata.get("heading")) if v
        )
        return f"{context}\n{self.text}" if context else self.text


def content_hash(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:16]


def loaded_chunks(source: str, loaded: LoadedFile, digest: str) -> list[Chunk]:
    """Chunks of one loaded file; ``source`` is its path relative to the indexed folder."""
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_CHARS, chunk_overlap=CHUNK_OVERLAP)
    title = str(loaded.meta.get("title") or _first_heading(loaded.sections) or _title_from(source))
    base: dict[str, Scalar] = {
        "source": source,
        "title": title,
        **document_metadata(loaded.meta, source),
        "hash": digest,
    }
    chunks: list[Chunk] = []
    for section in loaded.sections:
        heading = " > ".join(
            str(section.metadata[key])
            for key in HEADING_KEYS
            if section.metadata.get(key) and section.metadata[key] != title
        )
        for piece in splitter.split_text(section.page_content):
            if not piece.strip():
                continue
            chunks.append(
                Chunk(f"{source}#{len(chunks)}", piece.strip(), {**base, "heading": heading})
            )
    return chunks


def markdown_chunks(source: str, text: str) -> list[Chunk]:
    """Chunks of one Markdown document (with optional YAML front matter)."""
    return loaded_chunks(source, markdown_sections(text), content_hash(text))


def file_chunks(path: Path, source: str, digest: str | None = None) -> list[Chunk]:
    """Chunks of any supported file; raises if the file cannot be parsed."""
    return loaded_chunks(source, load_file(path), digest or content_hash(path.read_bytes()))


def _first_heading(sections: list[Document]) -> str | None:
    for section in sections:
        if "h1" in section.metadata and not str(section.metadata["h1"]).startswith("Page "):
            return str(section.metadata["h1"])
    return None


def _title_from(source: str) -> str:
    return Path(source).stem.replace("-", " ").replace("_", " ").strip().capitalize()
