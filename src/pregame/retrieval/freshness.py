"""Whether a knowledge document can still be trusted: its ``expires`` date and review age.

One rule for the whole project: the coach flags stale content in sellers' answers and puts
fresh content first; the insights list stale documents for their owners. A document is stale
when its ``expires`` (or ``expiry``) date has passed, when its ``last_reviewed`` date is more
than ``review_days`` old, or when it has no ``last_reviewed`` date at all (nobody has vouched
for it; the dashboard has always counted it as never reviewed). An ``expires`` date still ahead
does not make an unreviewed document fresh: it says when to stop using it, not that someone
checked it. A date that cannot be read counts as missing.

Today's date is always passed in (:class:`Freshness` holds the clock it was given).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, TypeVar

DEFAULT_REVIEW_DAYS = 180
"""A document last reviewed longer ago than this is stale (``PREGAME_REVIEW_DAYS``)."""

T = TypeVar("T")


def parse_date(value: Any) -> dt.date | None:
    """A front matter or metadata date (a YAML date, ``2026-09-30``, an ISO timestamp); None
    when there is none or it cannot be read."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


@dataclass(frozen=True)
class Review:
    """What a document says about its upkeep: who owns it, when it was checked, when it ends."""

    owner: str = ""
    last_reviewed: dt.date | None = None
    expires: dt.date | None = None

    @classmethod
    def from_metadata(cls, meta: Mapping[str, Any]) -> Review:
        """From front matter or chunk metadata: ``owner``, ``last_reviewed`` (or
        ``last-reviewed``), ``expires`` (or ``expiry``)."""
        owner = meta.get("owner")
        return cls(
            owner=str(owner).strip() if owner is not None else "",
            last_reviewed=parse_date(meta.get("last_reviewed") or meta.get("last-reviewed")),
            expires=parse_date(meta.get("expires") or meta.get("expiry")),
        )


class Status(StrEnum):
    EXPIRED = "expired"
    REVIEW_OVERDUE = "review_overdue"
    NEVER_REVIEWED = "never_reviewed"


@dataclass(frozen=True)
class Staleness:
    """Why a document is stale, as of ``today``."""

    status: Status
    review: Review
    today: dt.date

    @property
    def age(self) -> str:
        """How long ago it expired or was last reviewed ("14 months ago"); "" if never."""
        if self.status is Status.EXPIRED and self.review.expires:
            return ago(self.review.expires, self.today)
        if self.review.last_reviewed:
            return ago(self.review.last_reviewed, self.today)
        return ""

    @property
    def note(self) -> str:
        """What a seller reads next to the document: "last reviewed 14 months ago; owner:
        Field Marketing"."""
        if self.status is Status.EXPIRED:
            what = f"expired {self.age}"
        elif self.status is Status.REVIEW_OVERDUE:
            what = f"last reviewed {self.age}"
        else:
            what = "no review date"
        owner = f"owner: {self.review.owner}" if self.review.owner else "no owner named"
        return f"{what}; {owner}"


def check(review: Review, today: dt.date, review_days: int) -> Staleness | None:
    """The document's staleness as of ``today``, or None when it is fresh.

    Expired wins over an old review; a review date in the future counts as recent.
    """
    if review.expires is not None and review.expires < today:
        return Staleness(Status.EXPIRED, review, today)
    if review.last_reviewed is None:
        return Staleness(Status.NEVER_REVIEWED, review, today)
    if review.last_reviewed < today - dt.timedelta(days=review_days):
        return Staleness(Status.REVIEW_OVERDUE, review, today)
    return None


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from ``earlier`` to ``later`` (0 when less than a month)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def ago(then: dt.date, today: dt.date) -> str:
    """How long ago, in words: days under two months ("45 days ago"), then months ("14 months
    ago"), then years from two ("3 years ago")."""
    days = (today - then).days
    if days < 1:
        return "today"
    months = months_between(then, today)
    if months < 2:
        return f"{days} day{'s' if days != 1 else ''} ago"
    if months < 24:
        return f"{months} months ago"
    return f"{months // 12} years ago"


def utc_today() -> dt.date:
    """The default clock: today's date in UTC."""
    return dt.datetime.now(dt.UTC).date()


class Reviewed(Protocol):
    """A document with its review facts (:class:`pregame.retrieval.catalog.Document`)."""

    @property
    def source(self) -> str: ...

    @property
    def review(self) -> Review: ...


class Retrieved(Protocol):
    """A search result with its chunk's metadata (:class:`pregame.retrieval.search.Passage`)."""

    @property
    def source(self) -> str: ...

    @property
    def metadata(self) -> Mapping[str, Any]: ...


R = TypeVar("R", bound=Reviewed)
P = TypeVar("P", bound=Retrieved)


@dataclass(frozen=True)
class Freshness:
    """The rule with its settings: how old a review may be, and the clock that says today."""

    review_days: int = DEFAULT_REVIEW_DAYS
    today: Callable[[], dt.date] = field(default=utc_today)

    def __post_init__(self) -> None:
        if self.review_days < 1:
            raise ValueError(f"review_days must be at least 1 day, got {self.review_days}")

    def check(self, review: Review) -> Staleness | None:
        return check(review, self.today(), self.review_days)

    def documents(
        self, docs: Iterable[R], limit: int | None = None
    ) -> tuple[list[R], dict[str, Staleness]]:
        """``docs`` fresh first (each group in its given order), cut to ``limit``, and the
        staleness of the stale ones by source."""
        today = self.today()
        docs = list(docs)
        stale = {
            d.source: s for d in docs if (s := check(d.review, today, self.review_days)) is not None
        }
        return fresh_first(docs, lambda d: d.source in stale, limit), stale

    def passages(
        self, passages: Iterable[P], limit: int | None = None
    ) -> tuple[list[P], dict[str, Staleness]]:
        """Like :meth:`documents` for search results. Passages from playbooks (their chunks
        name a ``playbook``) are never stale here: playbooks have their own review."""
        today = self.today()
        passages = list(passages)
        stale = {
            p.source: s
            for p in passages
            if "playbook" not in p.metadata
            and (s := check(Review.from_metadata(p.metadata), today, self.review_days)) is not None
        }
        return fresh_first(passages, lambda p: p.source in stale, limit), stale


def fresh_first(
    items: Sequence[T],
    is_stale: Callable[[T], bool],
    limit: int | None = None,
    tier: Callable[[T], int] | None = None,
) -> list[T]:
    """``items`` with fresh ones before stale ones, cut to ``limit``.

    With ``tier`` (lower is more relevant), fresh goes first within each tier, so a weakly
    related fresh document does not push out the one the seller asked for; but when the cut
    would leave only stale items although a fresh one was found, the best fresh one takes the
    last place. Either way a stale item is never offered alone next to a fresh alternative.
    """

    def rank(indexed: tuple[int, T]) -> tuple[int, bool, int]:
        i, item = indexed
        return (tier(item) if tier else 0, is_stale(item), i)

    ordered = [item for _, item in sorted(enumerate(items), key=rank)]
    if limit is None or limit >= len(ordered):
        return ordered
    shown = ordered[:limit]
    if limit > 0 and all(is_stale(i) for i in shown):
        fresh = next((i for i in ordered[limit:] if not is_stale(i)), None)
        if fresh is not None:
            shown[-1] = fresh
    return shown
