"""Parts of the reply contract that several payloads share: documents, citations, objections.

Re-exported by :mod:`pregame.replies`, where the contract is read.
"""

from __future__ import annotations

from typing import Literal

from pregame.reply_types import ContractModel as _Model


class StaleFlag(_Model):
    """Why a document may be out of date (see :mod:`pregame.retrieval.freshness`); a fresh
    document has none."""

    status: Literal["expired", "review_overdue", "never_reviewed"]
    note: str
    """What the seller reads: "last reviewed 14 months ago; owner: Field Marketing"."""
    owner: str = ""
    last_reviewed: str | None = None
    expires: str | None = None


class DocRef(_Model):
    """A knowledge document offered in a card."""

    title: str
    source: str
    stale: StaleFlag | None = None


class ContentItem(_Model):
    title: str
    source: str
    url: str = ""
    why: str = ""
    stale: StaleFlag | None = None


class Citation(_Model):
    """Where a quoted passage comes from."""

    title: str
    heading: str | None = None
    source: str
    url: str = ""
    score: float
    stale: StaleFlag | None = None


class ObjectionOption(_Model):
    playbook: str
    objection: str
    title: str


class ObjectionRef(_Model):
    id: str
    title: str
