"""The dashboard over the fixture store (events recorded through the real stack)."""

from __future__ import annotations

from datetime import date

import pytest

from pregame.insights.catalog import load_catalog
from pregame.insights.events import EventStore
from pregame.insights.service import Insights
from tests.support.fakes import HashingEmbedder
from tests.support.paths import FIXTURES, ROOT


@pytest.fixture
def insights() -> Insights:
    store = EventStore.from_url(f"sqlite:///{FIXTURES / 'insights' / 'events.db'}")
    catalog = load_catalog(ROOT / "playbooks", ROOT / "knowledge")
    return Insights(store, catalog, HashingEmbedder(), today=lambda: date(2026, 12, 2))
