"""Building the services: injected parts, one library read through validate's checks."""

from __future__ import annotations

import json
import os
import shutil
import threading
import uuid
from pathlib import Path

import pytest
from chromadb.api import ClientAPI

from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.loader import PlaybookError, load_playbook
from pregame.retrieval import store
from pregame.retrieval.catalog import KnowledgeCatalog
from pregame.retrieval.chunks import ChunkSize
from pregame.retrieval.search import ChromaSearcher
from pregame.services import Services, build_services, playbook_checks
from pregame.settings import Settings
from tests.support.fakes import HashingEmbedder
from tests.support.paths import FIXTURES

BAD_CONTENT = FIXTURES / "playbooks" / "bad-content.yml"


@pytest.fixture
def settings(project: Path) -> Settings:
    return Settings(
        root=project,
        data_dir=Path(f".pregame-{uuid.uuid4().hex[:6]}"),
        embedding_model=str(project / "no-model"),  # no tokenizer: character chunks, no loading
        relevance_floor=0.3,
        objection_floor=0.6,
        objection_maybe=0.25,
        objection_likely=0.45,
        objection_lead=0.1,
    )


@pytest.fixture
def built(settings: Settings, chroma: ClientAPI) -> Services:
    return build_services(settings, HashingEmbedder(), chroma)


def test_built_services_use_what_was_injected_and_are_read_once(
    built: Services, settings: Settings, chroma: ClientAPI
) -> None:
    assert built.client is chroma and built.embedder.name == HashingEmbedder.name
    assert built.chunking == ChunkSize()
    assert built.library.folder == settings.root / "playbooks"
    assert built.library.playbooks(), "the library is refreshed once when built"
    assert built.catalog.folder == settings.root / "knowledge"
    assert built.catalog.documents(), "the catalog is refreshed once when built"
    assert built.library.on_change is None


def test_collections_searchers_and_matcher_follow_the_settings(built: Services) -> None:
    coll = built.collection(store.PLAYBOOKS)
    assert isinstance(coll, store.ChunkCollection) and coll.name == store.PLAYBOOKS
    assert (coll.raw.metadata or {})["embedding_model"] == HashingEmbedder.name
    searcher = built.searcher()
    assert searcher.coll.name == store.KNOWLEDGE and searcher.floor == 0.3
    assert searcher.mode == "hybrid" and built.searcher(mode="dense").mode == "dense"
    matcher = built.objection_matcher()
    assert (matcher.sure, matcher.maybe, matcher.likely, matcher.clear) == (0.6, 0.25, 0.45, 0.1)


def test_coach_shares_the_library_and_catalog(built: Services) -> None:
    coach = built.coach()
    assert coach.library is built.library and coach.catalog is built.catalog
    knowledge, plays = coach.knowledge, coach.plays
    assert isinstance(knowledge, ChromaSearcher) and isinstance(plays, ChromaSearcher)
    assert knowledge.coll.name == store.KNOWLEDGE and plays.coll.name == store.PLAYBOOKS


def test_playbook_validate_rejects_is_not_served(settings: Settings, chroma: ClientAPI) -> None:
    target = settings.root / "playbooks" / "bad-content.yml"
    shutil.copy(BAD_CONTENT, target)
    with pytest.raises(PlaybookError):
        load_playbook(target, playbook_checks(settings))  # what `pregame validate` runs
    services = build_services(settings, HashingEmbedder(), chroma)
    assert "content-refs" not in {p.id for p in services.library.playbooks()}
    assert "no knowledge document has the tag" in str(services.library.errors[target])


def test_edit_that_breaks_a_reference_keeps_the_last_good_version(
    settings: Settings, chroma: ClientAPI
) -> None:
    services = build_services(settings, HashingEmbedder(), chroma)
    path, playbook = next(iter(services.library.by_file().items()))
    ref = next(r for phase in playbook.phases for s in phase.steps for r in s.content)
    text = path.read_text()
    path.write_text(text.replace(ref, "no-such-document.md", 1))
    _touch_later(path)
    services.library.refresh()
    assert services.library.get(playbook.id) == playbook
    assert "no-such-document.md" in str(services.library.errors[path])
    path.write_text(text)
    _touch_later(path)
    services.library.refresh()
    assert path not in services.library.errors


def test_playbook_checks_use_a_given_catalog_as_it_is(settings: Settings) -> None:
    unread = KnowledgeCatalog(settings.root / "knowledge")
    # checks run on a playbook file's data, whether or not the schema accepts it
    playbook = load_playbook(FIXTURES / "playbooks" / "valid-minimal.yml").model_dump(mode="json")
    (check,) = playbook_checks(settings, unread)
    (fresh,) = playbook_checks(settings)
    shipped = load_playbook(next((settings.root / "playbooks").glob("*.yml"))).model_dump(
        mode="json"
    )
    assert check(playbook) == [] == fresh(playbook)
    assert check(shipped), "an unread catalog knows no documents"
    assert fresh(shipped) == []


def test_watching_playbooks_reindexes_them(settings: Settings, chroma: ClientAPI) -> None:
    before = set(threading.enumerate())
    services = build_services(settings, HashingEmbedder(), chroma, watch_playbooks=True)
    assert services.library.on_change is not None
    record = settings.run_dir / "playbooks.json"
    assert json.loads(record.read_text())["files"] == [], "the bot records what is stale"
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=60)
    assert services.collection(store.PLAYBOOKS).count() > 0


def test_services_built_directly_get_a_catalog_over_the_knowledge_folder(
    settings: Settings, chroma: ClientAPI
) -> None:
    services = Services(settings, HashingEmbedder(), chroma, PlaybookLibrary(settings.root))
    assert services.catalog.folder == settings.root / "knowledge"
    assert services.chunking == ChunkSize()


def _touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
