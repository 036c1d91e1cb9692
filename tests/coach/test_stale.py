"""coach/stale.py: a stale document's flag in the payload, and the words the seller reads."""

from __future__ import annotations

import datetime as dt

from pregame.coach.stale import bracketed, doc_line, doc_refs, flag_text, stale_flag
from pregame.replies import DocRef, StaleFlag
from pregame.retrieval.catalog import Document
from pregame.retrieval.freshness import Review, check

TODAY = dt.date(2026, 12, 2)
OLD = check(Review("Field Marketing", dt.date(2025, 10, 1)), TODAY, 180)
EXPIRED = check(Review("Deal Desk", dt.date(2026, 11, 1), dt.date(2026, 9, 30)), TODAY, 180)
NOTE = "last reviewed 14 months ago; owner: Field Marketing"


def test_a_stale_flag_carries_the_note_the_owner_and_the_dates() -> None:
    assert stale_flag(OLD) == StaleFlag(
        status="review_overdue", note=NOTE, owner="Field Marketing", last_reviewed="2025-10-01"
    )
    flag = stale_flag(EXPIRED)
    assert flag is not None and flag.status == "expired" and flag.expires == "2026-09-30"
    assert flag.note == "expired 2 months ago; owner: Deal Desk"
    assert stale_flag(None) is None


def test_the_flag_in_words() -> None:
    flag = stale_flag(OLD)
    assert flag_text(flag) == f"⚠ {NOTE}" and flag_text(None) == ""
    assert bracketed(flag) == f" [⚠ {NOTE}]" and bracketed(None) == ""


def test_document_references_carry_the_flag_of_stale_ones_only() -> None:
    assert OLD is not None
    docs = [Document("a.md", "A", "", ()), Document("b.md", "B", "", ())]
    fresh, old = doc_refs(docs, {"b.md": OLD})
    assert fresh == DocRef(title="A", source="a.md")
    assert old.stale is not None and old.stale.note == NOTE
    assert doc_line(fresh) == "A (`a.md`)"
    assert doc_line(old) == f"B (`b.md`) [⚠ {NOTE}]"
    assert doc_refs(docs) == [DocRef(title="A", source="a.md"), DocRef(title="B", source="b.md")]
