"""retrieval/freshness.py: when a document is stale, how that reads, and fresh-first ordering."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from pregame.retrieval.freshness import (
    Freshness,
    Review,
    Status,
    ago,
    check,
    fresh_first,
    parse_date,
)

TODAY = dt.date(2026, 12, 2)


def status(review: Review, review_days: int = 180) -> Status | None:
    found = check(review, TODAY, review_days)
    return found.status if found else None


def test_an_expired_document_is_stale_even_if_reviewed_yesterday() -> None:
    review = Review("Deal Desk", dt.date(2026, 12, 1), expires=dt.date(2026, 9, 30))
    found = check(review, TODAY, 180)
    assert found is not None and found.status is Status.EXPIRED
    assert found.note == "expired 2 months ago; owner: Deal Desk"


def test_an_expiry_date_is_valid_through_that_day() -> None:
    assert status(Review("X", dt.date(2026, 11, 1), expires=TODAY)) is None
    assert status(Review("X", dt.date(2026, 11, 1), expires=dt.date(2026, 12, 1))) is (
        Status.EXPIRED
    )


def test_a_review_older_than_the_configured_age_is_stale() -> None:
    old = Review("Field Marketing", dt.date(2025, 10, 1))
    found = check(old, TODAY, 180)
    assert found is not None and found.status is Status.REVIEW_OVERDUE
    assert found.note == "last reviewed 14 months ago; owner: Field Marketing"
    assert status(old, review_days=500) is None, "the age is configurable"
    # exactly review_days old is still fresh; one more day is not
    assert status(Review("X", TODAY - dt.timedelta(days=180))) is None
    assert status(Review("X", TODAY - dt.timedelta(days=181))) is Status.REVIEW_OVERDUE


def test_a_fresh_document_has_no_flag() -> None:
    assert check(Review("X", dt.date(2026, 10, 1), dt.date(2027, 3, 31)), TODAY, 180) is None
    assert status(Review("X", dt.date(2027, 1, 5))) is None, "a future review date is recent"


def test_no_review_date_is_stale_even_with_a_future_expiry() -> None:
    found = check(Review("", None, dt.date(2027, 6, 30)), TODAY, 180)
    assert found is not None and found.status is Status.NEVER_REVIEWED
    assert found.note == "no review date; no owner named"
    assert status(Review()) is Status.NEVER_REVIEWED


def test_dates_are_read_from_front_matter_and_metadata() -> None:
    assert parse_date(dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    assert parse_date(dt.datetime(2026, 1, 2, 9, 30)) == dt.date(2026, 1, 2)
    assert parse_date(" 2026-01-02 ") == dt.date(2026, 1, 2)
    assert parse_date("2026-01-02T09:30:00") == dt.date(2026, 1, 2)
    for unreadable in ("", "soon", "2026-13-45", None, 20260102):
        assert parse_date(unreadable) is None, unreadable
    review = Review.from_metadata(
        {"owner": " Deal Desk ", "last-reviewed": "2026-01-02", "expiry": dt.date(2027, 1, 1)}
    )
    assert review == Review("Deal Desk", dt.date(2026, 1, 2), dt.date(2027, 1, 1))
    # as chunk metadata stores them: text, empty when absent
    chunk = {"owner": "", "last_reviewed": "", "expires": ""}
    assert Review.from_metadata(chunk) == Review()
    assert status(Review.from_metadata({"last_reviewed": "last spring"})) is (
        Status.NEVER_REVIEWED
    ), "an unreadable date counts as missing"


def test_ages_read_as_days_months_or_years() -> None:
    assert ago(TODAY - dt.timedelta(days=1), TODAY) == "1 day ago"
    assert ago(dt.date(2026, 10, 20), TODAY) == "43 days ago"
    assert ago(dt.date(2026, 10, 2), TODAY) == "2 months ago"
    assert ago(dt.date(2025, 10, 1), TODAY) == "14 months ago"
    assert ago(dt.date(2024, 11, 1), TODAY) == "2 years ago"
    assert ago(TODAY, TODAY) == "today"


def test_the_clock_is_asked_on_each_check_not_fixed_at_construction() -> None:
    days = iter([dt.date(2026, 3, 1), dt.date(2026, 12, 2)])
    freshness = Freshness(180, today=lambda: next(days))
    review = Review("X", dt.date(2026, 2, 1))
    assert freshness.check(review) is None
    assert freshness.check(review) is not None


def test_a_review_age_under_one_day_is_refused() -> None:
    with pytest.raises(ValueError, match="review_days must be at least 1 day, got 0"):
        Freshness(0)


# -- ordering -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    source: str
    review: Review = field(default_factory=Review)


@dataclass(frozen=True)
class Hit:
    source: str
    metadata: dict[str, Any]


FRESH = Review("Sales Enablement", dt.date(2026, 10, 1))
OLD = Review("Field Marketing", dt.date(2025, 10, 1))


def freshness() -> Freshness:
    return Freshness(180, today=lambda: TODAY)


def test_fresh_documents_come_before_stale_ones_in_their_own_order() -> None:
    docs = [
        Doc("old-a.md", OLD),
        Doc("fresh-b.md", FRESH),
        Doc("old-c.md", OLD),
        Doc("d.md", FRESH),
    ]
    ordered, stale = freshness().documents(docs)
    assert [d.source for d in ordered] == ["fresh-b.md", "d.md", "old-a.md", "old-c.md"]
    assert set(stale) == {"old-a.md", "old-c.md"}
    assert stale["old-a.md"].note == "last reviewed 14 months ago; owner: Field Marketing"


def test_a_stale_document_is_kept_and_flagged_when_it_is_the_only_one() -> None:
    ordered, stale = freshness().documents([Doc("old.md", OLD)])
    assert [d.source for d in ordered] == ["old.md"]
    assert stale["old.md"].status is Status.REVIEW_OVERDUE


def test_a_limit_cuts_stale_documents_first() -> None:
    docs = [Doc("old-a.md", OLD), Doc("old-b.md", OLD), Doc("fresh.md", FRESH)]
    ordered, _ = freshness().documents(docs, limit=2)
    assert [d.source for d in ordered] == ["fresh.md", "old-a.md"]


def test_tiers_keep_relevance_but_never_leave_only_stale_items() -> None:
    tiers = {"asked-old.md": 0, "asked-fresh.md": 0, "designed.md": 1, "related.md": 2}
    stale = {"asked-old.md", "designed.md"}
    items = ["asked-old.md", "asked-fresh.md", "designed.md", "related.md"]
    ordered = fresh_first(items, stale.__contains__, 3, tier=tiers.__getitem__)
    assert ordered == ["asked-fresh.md", "asked-old.md", "designed.md"], "fresh first per tier"
    only_stale_asked = ["asked-old.md", "designed.md", "related.md"]
    shown = fresh_first(only_stale_asked, stale.__contains__, 2, tier=tiers.__getitem__)
    assert shown == ["asked-old.md", "related.md"], "the fresh alternative takes the last place"
    assert fresh_first(["asked-old.md", "designed.md"], stale.__contains__, 1) == ["asked-old.md"]


def test_passages_from_playbooks_are_not_flagged() -> None:
    hits = [
        Hit("playbooks/b2b.yml", {"playbook": "b2b-buyer-experience"}),
        Hit("old.md", {"owner": "Field Marketing", "last_reviewed": "2025-10-01", "expires": ""}),
        Hit("fresh.md", {"owner": "Sales Enablement", "last_reviewed": "2026-10-01"}),
    ]
    ordered, stale = freshness().passages(hits)
    assert [h.source for h in ordered] == ["playbooks/b2b.yml", "fresh.md", "old.md"]
    assert list(stale) == ["old.md"]
