"""All the insight queries behind one object: the store, the catalog and the embedder wired once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from pregame.insights.adoption import Adoption, adoption
from pregame.insights.catalog import Catalog
from pregame.insights.clusters import CachingEmbedder, Cluster
from pregame.insights.content import ContentReport, content
from pregame.insights.events import EventStore, Filters
from pregame.insights.feedback import Rated, feedback
from pregame.insights.funnel import PhaseFunnel, funnel
from pregame.insights.gaps import Objections, objections, unanswered
from pregame.retrieval.embeddings import Embedder


@dataclass(frozen=True)
class Thresholds:
    quick_seconds: float = 5.0
    """A step moved past with "next" faster than this counts as skipped."""
    review_days: int = 180
    """A document last reviewed longer ago than this is stale."""
    low_relevance: float = 0.45
    """An answer whose best passage scores below this counts as unanswered."""
    cluster_distance: float = 0.5
    """Wordings closer than this cosine distance fall in one cluster."""


def _today() -> date:
    return datetime.now(UTC).date()


class Insights:
    """The manager's questions, answered from one store."""

    def __init__(
        self,
        store: EventStore,
        catalog: Catalog,
        embedder: Embedder,
        thresholds: Thresholds | None = None,
        today: Callable[[], date] = _today,
    ) -> None:
        self.store = store
        self.catalog = catalog
        self.embedder = CachingEmbedder(embedder)
        self.thresholds = thresholds or Thresholds()
        self.today = today

    def adoption(self, filters: Filters) -> Adoption:
        return adoption(self.store, filters)

    def funnel(self, filters: Filters) -> list[PhaseFunnel]:
        return funnel(self.store, filters, self.catalog, self.thresholds.quick_seconds)

    def content(self, filters: Filters) -> ContentReport:
        return content(self.store, filters, self.catalog, self.today(), self.thresholds.review_days)

    def unanswered(self, filters: Filters) -> list[Cluster]:
        return unanswered(
            self.store,
            filters,
            self.embedder,
            self.thresholds.low_relevance,
            self.thresholds.cluster_distance,
        )

    def objections(self, filters: Filters) -> Objections:
        return objections(self.store, filters, self.embedder, self.thresholds.cluster_distance)

    def feedback(self, filters: Filters) -> list[Rated]:
        return feedback(self.store, filters, self.catalog)

    def warm_up(self) -> None:
        """Load the embedding model now rather than on the first page that clusters."""
        self.embedder.inner.embed(["warm up"])

    def playbook_ids(self) -> list[str]:
        return sorted(self.catalog.playbooks)
