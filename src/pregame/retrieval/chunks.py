"""Documents in, chunks out: each chunk keeps its document title and heading path.

Sections come from the LangChain loaders in :mod:`pregame.retrieval.loaders`; long sections are
split by LangChain's ``RecursiveCharacterTextSplitter`` to fit the embedding model's window,
measured in the model's own word pieces when its tokenizer is known (:class:`ChunkSize`).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
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

# Without a tokenizer: ~900 characters of plain English fit all-MiniLM-L6-v2's 256 word pieces.
# Link-heavy Markdown does not (about 1 chunk in 10 of a handbook), hence ChunkSize.for_window.
CHUNK_CHARS = 900
CHUNK_OVERLAP = 120
MIN_BUDGET = 64
"""The least room a chunk gets, even under a very long title and heading path."""

__all__ = [
    "CHUNK_CHARS",
    "Chunk",
    "ChunkSize",
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


@dataclass(frozen=True)
class ChunkSize:
    """How long a chunk may be, in ``unit`` as measured by ``length``.

    The limit covers the whole embedded text (title and heading line included), so a chunk under
    a long heading path gets less room and the model still reads every word of it.
    """

    limit: int = CHUNK_CHARS
    overlap: int = CHUNK_OVERLAP
    length: Callable[[str], int] = len
    unit: str = "chars"

    @classmethod
    def for_window(cls, tokenizer_json: Path, window: int, overlap: int = 32) -> ChunkSize:
        """Chunks that fit a model's window of ``window`` word pieces ([CLS] and [SEP] kept)."""
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(tokenizer_json))
        tokenizer.no_truncation()
        tokenizer.no_padding()

        @functools.lru_cache(maxsize=8192)  # the splitter measures the same pieces repeatedly
        def pieces(text: str) -> int:
            return len(tokenizer.encode(text, add_special_tokens=False).ids)

        return cls(limit=window - 2, overlap=overlap, length=pieces, unit=f"pieces/{window}")

    @classmethod
    def for_model(cls, model_path: Path) -> ChunkSize:
        """Token-measured chunks for a sentence-transformers folder; characters if it has no
        ``tokenizer.json``."""
        tokenizer = model_path / "tokenizer.json"
        if not tokenizer.is_file():
            return cls()
        return cls.for_window(tokenizer, model_window(model_path))

    @property
    def signature(self) -> str:
        """Changes when the chunking rules change, so the indexer re-chunks every file."""
        return f"{self.unit}:{self.limit}:{self.overlap}"

    def splitter(self, context: str) -> RecursiveCharacterTextSplitter:
        """A splitter for a section whose chunks carry the line ``context``."""
        room = self.limit - (self.length(context + "\n") if context else 0)
        budget = max(room, MIN_BUDGET)
        return RecursiveCharacterTextSplitter(
            chunk_size=budget,
            chunk_overlap=min(self.overlap, budget // 4),
            length_function=self.length,
        )


def model_window(model_path: Path, default: int = 256) -> int:
    """The word pieces a sentence-transformers model reads (``max_seq_length``)."""
    config = model_path / "sentence_bert_config.json"
    if config.is_file():
        return int(json.loads(config.read_text()).get("max_seq_length", default))
    return default


def content_hash(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:16]


def loaded_chunks(
    source: str, loaded: LoadedFile, digest: str, size: ChunkSize | None = None
) -> list[Chunk]:
    """Chunks of one loaded file; ``source`` is its path relative to the indexed folder."""
    size = size or ChunkSize()
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
        context = " > ".join(v for v in (title, heading) if v)
        for piece in size.splitter(context).split_text(section.page_content):
            if not piece.strip():
                continue
            chunks.append(
                Chunk(f"{source}#{len(chunks)}", piece.strip(), {**base, "heading": heading})
            )
    return chunks


def markdown_chunks(source: str, text: str, size: ChunkSize | None = None) -> list[Chunk]:
    """Chunks of one Markdown document (with optional YAML front matter)."""
    return loaded_chunks(source, markdown_sections(text), content_hash(text), size)


def file_chunks(
    path: Path, source: str, digest: str | None = None, size: ChunkSize | None = None
) -> list[Chunk]:
    """Chunks of any supported file; raises if the file cannot be parsed."""
    digest = digest or content_hash(path.read_bytes())
    return loaded_chunks(source, load_file(path), digest, size)


def _first_heading(sections: list[Document]) -> str | None:
    for section in sections:
        if "h1" in section.metadata and not str(section.metadata["h1"]).startswith("Page "):
            return str(section.metadata["h1"])
    return None


def _title_from(source: str) -> str:
    return Path(source).stem.replace("-", " ").replace("_", " ").strip().capitalize()
