"""All the insight queries behind one object: the store, the catalog and the embedder wired once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TypeVar

from pregame.insights.adoption import Adoption, adoption
from pregame.insights.catalog import Catalog, load_catalog
from pregame.insights.clusters import CachingEmbedder, Cluster
from pregame.insights.content import ContentReport, content
from pregame.insights.events import EventStore, Filters
from pregame.insights.feedback import Rated, feedback
from pregame.insights.funnel import PhaseFunnel, funnel
from pregame.insights.gaps import Objections, objections, unanswered
from pregame.insights.people import Roster, teams
from pregame.insights.readiness import TeamReadiness, has_progress, readiness
from pregame.retrieval.embeddings import Embedder
from pregame.settings import Settings
from pregame.store.database import Database
from pregame.store.progress import Progress


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


T = TypeVar("T")


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
        load_catalog: Callable[[], Catalog] | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.store = store
        self.catalog = catalog
        self.embedder = CachingEmbedder(embedder)
        self.thresholds = thresholds or Thresholds()
        self.today = today
        self.load_catalog = load_catalog
        self._catalog_read = 0
        self.progress = progress or Progress(
            Database(store.engine.url.render_as_string(hide_password=False))
        )

    @classmethod
    def open(cls, settings: Settings, embedder: Embedder, database: str | None = None) -> Insights:
        """Over the configured SQL store (or ``database``), with the playbooks and knowledge of
        the project (read now, and again by :meth:`refresh`)."""

        def load() -> Catalog:
            return load_catalog(
                settings.path(settings.playbooks_dir), settings.path(settings.knowledge_dir)
            )

        store = EventStore.from_url(database or settings.database)
        thresholds = Thresholds(review_days=settings.review_days)
        return cls(store, load(), embedder, thresholds, load_catalog=load)

    def refresh(self) -> None:
        """Read the playbooks and documents again (owners and dates may have changed)."""
        if self.load_catalog is not None:
            self.catalog = self.load_catalog()
            self._catalog_read += 1

    def _kept(self, name: str, filters: Filters, compute: Callable[[], T]) -> T:
        """A query's answer, kept with the store's reads (until the events change): the pages
        and the headline ask the same questions."""
        key = ("insights", name, filters, self._catalog_read, self.today(), self.thresholds)

        def read_and_compute() -> T:
            self.store.preload(filters)
            return compute()

        return self.store.memo(key, read_and_compute)

    def adoption(self, filters: Filters) -> Adoption:
        return self._kept("adoption", filters, lambda: adoption(self.store, filters))

    def funnel(self, filters: Filters) -> list[PhaseFunnel]:
        return self._kept(
            "funnel",
            filters,
            lambda: funnel(self.store, filters, self.catalog, self.thresholds.quick_seconds),
        )

    def content(self, filters: Filters) -> ContentReport:
        return self._kept(
            "content",
            filters,
            lambda: content(
                self.store, filters, self.catalog, self.today(), self.thresholds.review_days
            ),
        )

    def unanswered(self, filters: Filters) -> list[Cluster]:
        return self._kept(
            "unanswered",
            filters,
            lambda: unanswered(
                self.store,
                filters,
                self.embedder,
                self.thresholds.low_relevance,
                self.thresholds.cluster_distance,
            ),
        )

    def objections(self, filters: Filters) -> Objections:
        return self._kept(
            "objections",
            filters,
            lambda: objections(
                self.store, filters, self.embedder, self.thresholds.cluster_distance
            ),
        )

    def feedback(self, filters: Filters) -> list[Rated]:
        return self._kept("feedback", filters, lambda: feedback(self.store, filters, self.catalog))

    def readiness(self, filters: Filters) -> TeamReadiness:
        """Onboarding readiness now (the learning tables are not in the memo's version, so it
        is read each time: a handful of grouped queries)."""
        present = has_progress(self.store.engine)
        return readiness(self.progress if present else None, self.catalog, filters)

    def warm_up(self) -> None:
        """Load the embedding model now rather than on the first page that clusters."""
        self.embedder.inner.embed(["warm up"])

    def playbook_ids(self) -> list[str]:
        return sorted(self.catalog.playbooks)

    def teams(self) -> list[str]:
        """The teams of the reps table (none until reps are recorded)."""
        return teams(self.store.reps())

    def roster(self, settings: Settings) -> Roster:
        """Managers and owners' Slack ids: the settings, and the reps marked as managers."""
        return Roster.build(settings.managers, settings.owners, self.store.reps())
