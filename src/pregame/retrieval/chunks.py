"""Documents in, chunks out: Markdown with front matter, split along headings by LangChain."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

# all-MiniLM-L6-v2 reads 256 word pieces; ~900 characters of English stays inside that window.
CHUNK_CHARS = 900
CHUNK_OVERLAP = 120
_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3")]

Scalar = str | int | float | bool


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


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML front matter (between ``---`` lines at the top) and the body after it."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end == -1:
        return {}, text
    meta = yaml.safe_load(text[3:end]) or {}
    body = text[end + 4 :].lstrip("\n")
    return (meta if isinstance(meta, dict) else {}), body


def markdown_chunks(source: str, text: str) -> list[Chunk]:
    """Chunks of one Markdown document; ``source`` is its path relative to the indexed folder."""
    meta, body = split_front_matter(text)
    sections = MarkdownHeaderTextSplitter(_HEADERS, strip_headers=True).split_text(body)
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_CHARS, chunk_overlap=CHUNK_OVERLAP)
    title = str(meta.get("title") or _first_heading(sections) or Path(source).stem)
    base: dict[str, Scalar] = {
        "source": source,
        "title": title,
        "type": str(meta.get("type", "")),
        "phases": _csv(meta.get("phases")),
        "personas": _csv(meta.get("personas")),
        "tags": _csv(meta.get("tags")),
        "url": str(meta.get("url", meta.get("source_url", ""))),
        "hash": content_hash(text),
    }
    chunks: list[Chunk] = []
    for section in sections:
        heading = " > ".join(
            section.metadata[key]
            for key in ("h1", "h2", "h3")
            if key in section.metadata and section.metadata[key] != title
        )
        for piece in splitter.split_text(section.page_content):
            if not piece.strip():
                continue
            meta_i = {**base, "heading": heading}
            chunks.append(Chunk(f"{source}#{len(chunks)}", piece.strip(), meta_i))
    return chunks


def _first_heading(sections: list[Any]) -> str | None:
    for section in sections:
        if "h1" in section.metadata:
            return str(section.metadata["h1"])
    return None


def _csv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    return str(value)
