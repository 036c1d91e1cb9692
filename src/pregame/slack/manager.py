"""The insights inside the Slack app: built on first use, queried off the event loop.

The App Home of a manager and the weekly digest both read the conversation events through one
:class:`~pregame.insights.service.Insights` (its reads are shared and kept while the events
are unchanged). It is built when first needed, so a Slack app whose users are all sellers never
reads the playbooks twice or loads the embedding model; every query runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from pregame.insights.headline import Headline, headline, last_days
from pregame.insights.service import Insights
from pregame.settings import Settings

log = logging.getLogger(__name__)

T = TypeVar("T")


class SharedInsights:
    """One :class:`Insights`, built by ``build`` on first use."""

    def __init__(self, build: Callable[[], Insights]) -> None:
        self._build = build
        self._insights: Insights | None = None
        self._lock = threading.Lock()

    def _get(self, refresh: bool) -> Insights:
        with self._lock:
            if self._insights is None:
                self._insights = self._build()
            elif refresh:
                self._insights.refresh()
            return self._insights

    async def run(self, work: Callable[[Insights], T], *, refresh: bool = False) -> T:
        """``work(insights)`` in a worker thread (``refresh``: read the playbooks again first)."""

        def call() -> T:
            return work(self._get(refresh))

        return await asyncio.to_thread(call)

    def close(self) -> None:
        with self._lock:
            if self._insights is not None:
                self._insights.store.dispose()
                self._insights = None


def default_insights(settings: Settings) -> Callable[[], Insights]:
    """Insights over the configured store, with the configured embedding model."""

    def build() -> Insights:
        from pregame.services import default_embedder  # the model runtime: only when needed

        return Insights.open(settings, default_embedder(settings))

    return build


class ManagerDesk:
    """What a manager's App Home shows: the last seven days' headline, if the user manages."""

    def __init__(self, shared: SharedInsights, settings: Settings, days: int = 7) -> None:
        self.shared = shared
        self.settings = settings
        self.days = days

    @property
    def dashboard_url(self) -> str:
        return self.settings.dashboard_url

    async def headline_for(self, user: str) -> Headline | None:
        """The headline when ``user`` is a manager (configured, or a rep marked as one): of
        their team when the reps table gives them one, else of every seller."""

        def work(insights: Insights) -> Headline | None:
            if not insights.roster(self.settings).is_manager(user):
                return None
            team = next((r.team for r in insights.store.reps() if r.user_id == user), "")
            week = replace(last_days(insights.today(), self.days), team=team or None)
            return headline(insights, week)

        return await self.shared.run(work)
