"""Stale content in replies: the payload's flag, the words a seller reads, and document
references that carry it (the rule itself is :mod:`pregame.retrieval.freshness`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pregame.replies import DocRef, StaleFlag
from pregame.retrieval.catalog import Document
from pregame.retrieval.freshness import Staleness

Stale = Mapping[str, Staleness]
"""The stale documents among those a card offers, by source (fresh ones are absent)."""


def stale_flag(staleness: Staleness | None) -> StaleFlag | None:
    """The payload's flag for a stale document; None for a fresh one."""
    if staleness is None:
        return None
    review = staleness.review
    return StaleFlag(
        status=staleness.status.value,
        note=staleness.note,
        owner=review.owner,
        last_reviewed=review.last_reviewed.isoformat() if review.last_reviewed else None,
        expires=review.expires.isoformat() if review.expires else None,
    )


def flag_text(flag: StaleFlag | None) -> str:
    """The flag as the seller reads it: "⚠ last reviewed 14 months ago; owner: Field
    Marketing"; "" for a fresh document."""
    return f"⚠ {flag.note}" if flag else ""


def bracketed(flag: StaleFlag | None) -> str:
    """`` [⚠ ...]`` to follow a document's name inline; "" for a fresh document."""
    return f" [{flag_text(flag)}]" if flag else ""


def doc_refs(docs: Sequence[Document], stale: Stale | None = None) -> list[DocRef]:
    stale = stale or {}
    return [
        DocRef(title=d.title, source=d.source, stale=stale_flag(stale.get(d.source))) for d in docs
    ]


def doc_line(ref: DocRef) -> str:
    """``Title (`source`)``, with the stale flag in brackets after it."""
    return f"{ref.title} (`{ref.source}`)" + bracketed(ref.stale)
