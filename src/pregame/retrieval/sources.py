"""Where chunks come from: knowledge folders (Markdown, text, HTML, PDF) and playbooks."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pregame.playbook.schema import Playbook
from pregame.retrieval.chunks import Chunk, ChunkSize, Scalar, content_hash, file_chunks
from pregame.retrieval.loaders import FORMATS

log = logging.getLogger(__name__)

KNOWLEDGE_SUFFIXES = {".md", ".markdown", ".txt"}
"""Formats whose front matter the catalog reads (playbook content references)."""
INDEXED_SUFFIXES = set(FORMATS)
"""Formats the indexer reads: Markdown, plain text, HTML and PDF."""
SKIPPED_NAMES = {"README.md"}


@dataclass
class Scan:
    """Chunks per new or changed source path, unchanged paths, and files that failed to parse."""

    sources: dict[str, list[Chunk]] = field(default_factory=dict)
    unchanged: set[str] = field(default_factory=set)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def files(self) -> int:
        return len(self.sources) + len(self.unchanged) + len(self.errors)


def scan_folder(
    folder: Path,
    prefix: str = "",
    known: Mapping[str, str] | None = None,
    size: ChunkSize | None = None,
    salt: str = "",
) -> Scan:
    """Chunk every document under ``folder``; paths are relative to it.

    ``known`` maps source paths to the hash already indexed: those files are hashed but not
    parsed again, so re-indexing a large folder after one edit only parses that one file. The
    hash covers the file, the chunking rules and ``salt`` (the embedder's name), so new rules
    or another embedder re-index every file once.
    """
    scan = Scan()
    known = known or {}
    size = size or ChunkSize()
    rules = f"{size.signature}|{salt}".encode()
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in INDEXED_SUFFIXES:
            continue
        if path.name in SKIPPED_NAMES and path.parent == folder:
            continue
        source = prefix + path.relative_to(folder).as_posix()
        try:
            digest = content_hash(path.read_bytes() + rules)
            if known.get(source) == digest:
                scan.unchanged.add(source)
                continue
            chunks = file_chunks(path, source, digest, size)
        except Exception as exc:  # any parser error: report the file, keep going
            scan.errors[source] = f"{type(exc).__name__}: {exc}"
            log.warning("skipped %s: %s", source, exc)
            continue
        if chunks:
            scan.sources[source] = chunks
    return scan


def playbook_chunks(playbook: Playbook, source: str, salt: str = "") -> list[Chunk]:
    """One chunk per step and per objection, so questions can be answered from the plays."""
    digest = content_hash(playbook.model_dump_json() + salt)
    base: dict[str, Scalar] = {"source": source, "playbook": playbook.id, "hash": digest}
    chunks: list[Chunk] = []
    for phase in playbook.phases:
        for step in phase.steps:
            text = "\n".join([step.title, step.do, *step.questions, *step.tips])
            meta: dict[str, Scalar] = {
                **base,
                "kind": "step",
                "title": f"{playbook.title}: {phase.name}",
                "heading": step.title,
                "phase": phase.id,
                "step": step.id,
            }
            chunks.append(Chunk(f"{source}#step:{phase.id}:{step.id}", text, meta))
    for objection in playbook.objections:
        text = "\n".join([objection.title, *objection.phrasings, objection.response])
        meta = {
            **base,
            "kind": "objection",
            "title": f"{playbook.title}: objections",
            "heading": objection.title,
            "objection": objection.id,
        }
        chunks.append(Chunk(f"{source}#objection:{objection.id}", text, meta))
    return chunks
