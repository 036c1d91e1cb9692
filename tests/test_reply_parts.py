"""pregame/reply_parts.py: the parts several payloads share, as renderers receive them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from pregame.reply_parts import Citation, DocRef, StaleFlag


def test_a_fresh_document_has_no_stale_flag() -> None:
    assert DocRef(title="ROI guide", source="roi.md").stale is None


def test_a_stale_flag_names_one_of_the_known_reasons() -> None:
    flag = StaleFlag(status="review_overdue", note="last reviewed 14 months ago")
    assert DocRef(title="T", source="t.md", stale=flag).model_dump()["stale"]["owner"] == ""
    with pytest.raises(ValidationError, match="status"):
        StaleFlag(status="old", note="n")  # type: ignore[arg-type]


def test_a_citation_needs_its_score() -> None:
    with pytest.raises(ValidationError, match="score"):
        Citation(title="Pricing", source="pricing.md")  # type: ignore[call-arg]
