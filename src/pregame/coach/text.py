"""Plain-text helpers the cards share."""

from __future__ import annotations

from collections.abc import Sequence


def bullets(items: Sequence[str], prefix: str = "  • ") -> str:
    return "\n".join(prefix + item for item in items)
