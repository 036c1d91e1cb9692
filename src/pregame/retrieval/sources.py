"""Where chunks come from: knowledge folders (Markdown, text) and playbooks."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from pregame.playbook.schema import Playbook
from pregame.retrieval.chunks import Chunk, Scalar, content_hash, markdown_chunks

log = logging.getLogger(__name__)

KNOWLEDGE_SUFFIXES = {".md", ".markdown", ".txt"}
SKIPPED_NAMES = {"README.md"}


@dataclass
class Scan:
    """Chunks per source path, and the files that could not be read."""

    sources: dict[str, list[Chunk]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def scan_folder(folder: Path, prefix: str = "") -> Scan:
    """Chunk every knowledge document under ``folder``; paths are relative to it."""
    scan = Scan()
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in KNOWLEDGE_SUFFIXES:
            continue
        if path.name in SKIPPED_NAMES and path.parent == folder:
            continue
        source = prefix + path.relative_to(folder).as_posix()
        try:
            chunks = markdown_chunks(source, path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            scan.errors[source] = str(exc)
            log.warning("skipped %s: %s", source, exc)
            continue
        if chunks:
            scan.sources[source] = chunks
    return scan


def playbook_chunks(playbook: Playbook, source: str) -> list[Chunk]:
    """One chunk per step and per objection, so questions can be answered from the plays."""
    digest = content_hash(playbook.model_dump_json())
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
