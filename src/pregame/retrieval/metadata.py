"""Document metadata from front matter, or from folder and file-name conventions.

The conventions are documented for authors in ``knowledge/README.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

Scalar = str | int | float | bool

# Content types, and the words in a folder or file name that say which one a document is.
CONTENT_TYPES: dict[str, tuple[str, ...]] = {
    "case study": ("case-study", "case-studies", "case_study", "customer-story", "casestudy"),
    "battlecard": ("battlecard", "battlecards", "competitive", "competitor"),
    "objection handling": ("objection", "objections", "objection-handling"),
    "email template": ("email", "emails", "email-template", "email-templates", "sequence"),
    "pricing": ("pricing", "price", "packaging", "discount"),
    "call guide": ("call-guide", "call-guides", "discovery", "question-bank", "talk-track"),
    "playbook": ("playbook", "playbooks", "sales-play", "sales-plays"),
    "security": ("security", "compliance", "trust"),
    "business case": ("roi", "business-case", "value"),
    "onboarding": ("onboarding", "enablement", "training"),
}

# Front matter keys that hold lists (stored comma-separated, since Chroma metadata is scalar).
LIST_KEYS = ("phases", "personas", "industry", "audience", "tags")
TEXT_KEYS = ("owner", "last_reviewed", "expires")


def infer_type(source: str) -> str:
    """The content type a path's folders or file name imply, most specific (file name) first."""
    parts = [p.lower() for p in PurePosixPath(source).parts]
    candidates = [PurePosixPath(source).stem.lower(), *reversed(parts[:-1])]
    for part in candidates:
        for kind, words in CONTENT_TYPES.items():
            if any(_has_word(part, w) for w in words):
                return kind
    return ""


def normalise_type(value: str) -> str:
    """``Case-Study``, ``case_study`` and ``case study`` are one type: ``case study``."""
    return " ".join(value.lower().replace("-", " ").replace("_", " ").split())


def _has_word(name: str, word: str) -> bool:
    tokens = name.replace("_", "-").split("-")
    words = word.split("-")
    return any(tokens[i : i + len(words)] == words for i in range(len(tokens)))


def document_metadata(meta: Mapping[str, Any], source: str) -> dict[str, Scalar]:
    """Normalised, scalar metadata for every chunk of one document."""
    out: dict[str, Scalar] = {
        "type": normalise_type(_text(meta.get("type"))) or infer_type(source),
        "url": _text(meta.get("url") or meta.get("source_url")),
    }
    for key in LIST_KEYS:
        out[key] = _csv(meta.get(key))
    for key in TEXT_KEYS:
        out[key] = _text(meta.get(key) or meta.get(key.replace("_", "-")))
    if not out["expires"]:
        out["expires"] = _text(meta.get("expiry"))
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _csv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return ",".join(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, list | tuple):
        return ",".join(_text(v) for v in value if _text(v))
    return _text(value)


def csv_contains(value: Any, wanted: str) -> bool:
    """Whether a comma-separated metadata value holds ``wanted`` (case-insensitive)."""
    if not wanted or not isinstance(value, str):
        return False
    return wanted.strip().lower() in {v.strip().lower() for v in value.split(",")}
