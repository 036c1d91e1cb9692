from __future__ import annotations

from pathlib import Path

from pregame.insights.catalog import Catalog
from pregame.insights.content import DOCUMENT_FIELDS
from pregame.insights.events import EventStore, Filters, slack_sender
from pregame.insights.headline import headline
from pregame.insights.service import Insights
from pregame.slack.threads import Thread
from pregame.store.database import Database
from tests.support.fakes import HashingEmbedder

TYPES = ["play_started", "step", "phase_done", *DOCUMENT_FIELDS, "no_answer"]


def test_both_dialects_read_the_same_events(sqlite_url: str, postgres_url: str) -> None:
    lite, pg = EventStore.from_url(sqlite_url), EventStore.from_url(postgres_url)
    try:
        for store in (lite, pg):
            assert store.bot(Filters(), TYPES), store.dialect
        assert lite.bot(Filters(), TYPES) == pg.bot(Filters(), TYPES)
        assert lite.user(Filters()) == pg.user(Filters())
        assert lite.slots(Filters(), ["playbook", "feedback"]) == pg.slots(
            Filters(), ["playbook", "feedback"]
        )
    finally:
        lite.dispose()
        pg.dispose()


def test_each_set_of_types_comes_from_one_read(sqlite_url: str) -> None:
    store = EventStore.from_url(sqlite_url)
    steps = store.bot(Filters(), ["step"])
    assert steps and {b.type for b in steps} == {"step"}
    cached = {k for k in store._cache if k[0] == "bot"}
    store.bot(Filters(), ["content", "prep"])
    assert {k for k in store._cache if k[0] == "bot"} == cached, "no second read"


def test_a_store_before_any_conversation(tmp_path: Path, catalog: Catalog) -> None:
    url = f"sqlite:///{tmp_path / 'pregame.db'}"
    Database(url).migrate()  # Pregame's tables, no Rasa events yet
    insights = Insights(EventStore.from_url(url), catalog, HashingEmbedder())
    head = headline(insights, Filters())
    assert (head.active_sellers, head.plays, head.thumbs_down, head.gaps) == (0, 0, 0, [])
    assert insights.feedback(Filters()) == [] and insights.teams() == []


def test_slack_conversation_ids_match_the_slack_app() -> None:
    assert slack_sender("T1", "C1", "100.1") == Thread("T1", "C1", "100.1").sender
