"""Broken playbooks in Slack: the owner's DM once per broken version and when fixed, through the
(mock) Slack Web API and a real SQL store shared by replicas, and the App Home's section."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.references import knowledge_references
from pregame.retrieval.catalog import KnowledgeCatalog
from pregame.settings import Settings
from pregame.slack.blocks.insights import STALE_HEADER, stale_blocks
from pregame.slack.stale_alerts import StaleAlert, owner_in_file
from pregame.slack.stale_notices import StaleNotices
from pregame.slack.stale_watch import StaleDesk, StaleWatch
from pregame.store.database import Database
from pregame.store.progress import Progress
from tests.support.paths import ROOT
from tests.support.slack_edge import LoopThread, MockSlack
from tests.support.slack_harness import Harness, wait_until

OWNER = "U0SALES01"
MANAGER = "U0MANAGER1"
FILE = "playbooks/b2b-buyer-experience.yml"
GOOD_DATE = "last_reviewed: 2026-11-01"


def _save(path: Path, text: str) -> None:
    """Write ``text`` with a modification time the library cannot miss."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text)
    mtime = max(path.stat().st_mtime_ns, before + 1_000_000_000)
    os.utime(path, ns=(mtime, mtime))


def _break(project: Path, date: str = "next week") -> tuple[int, int]:
    """A broken save of the b2b playbook (a date that is not one); its line and column."""
    text = (ROOT / FILE).read_text()
    assert GOOD_DATE in text
    line = text[: text.index(GOOD_DATE)].count("\n") + 1
    column = len("  last_reviewed: ") + 1
    _save(project / FILE, text.replace(GOOD_DATE, f"last_reviewed: {date}"))
    return line, column


def _fix(project: Path) -> None:
    _save(project / FILE, (ROOT / FILE).read_text())


def _settings(project: Path, **more: Any) -> Settings:
    return Settings(root=project, owners={"Sales Enablement": OWNER}, managers=[MANAGER], **more)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 'store' / 'pregame.db'}")
    db.migrate()
    yield db
    db.dispose()


MakeWatch = Callable[[Database], StaleWatch]


@pytest.fixture
def make_watch(project: Path, mock_slack: MockSlack) -> MakeWatch:
    """A Slack app replica's check: its own library over the project, the given store."""

    def make(db: Database) -> StaleWatch:
        catalog = KnowledgeCatalog(project / "knowledge")
        library = PlaybookLibrary(project / "playbooks", [knowledge_references(catalog)])

        def refresh() -> None:
            catalog.refresh()
            library.refresh()

        refresh()  # the app has read the playbooks (its App Home) before anything broke
        desk = StaleDesk(library, _settings(project), Progress(db))
        client = AsyncWebClient(token="xoxb-test", base_url=mock_slack.url)
        return StaleWatch(desk, refresh, StaleNotices(db), client)

    return make


def _dms(slack: MockSlack) -> list[dict[str, Any]]:
    return slack.calls_to("chat.postMessage")


def _body(post: dict[str, Any]) -> str:
    return json.dumps(post["blocks"], ensure_ascii=False)


def test_a_broken_save_is_one_dm_to_its_owner_and_a_fix_another(
    loop: LoopThread, mock_slack: MockSlack, project: Path, store: Database, make_watch: MakeWatch
) -> None:
    watch = make_watch(store)
    assert loop.run(watch.check()).broken == [], "nothing broken, nothing sent"
    line, column = _break(project)

    first = loop.run(watch.check())
    assert first.broken == [FILE] and first.failed == []
    assert [o["users"] for o in mock_slack.calls_to("conversations.open")] == [OWNER]
    (dm,) = _dms(mock_slack)
    assert dm["channel"] == f"D{OWNER}"
    body = _body(dm)
    assert f"`{FILE}`" in body and "B2B buyer experience playbook" in body
    assert f"*Line {line}, column {column}:* playbook.last_reviewed:" in body
    assert "expected a date as YYYY-MM-DD, got 'next week'" in body
    assert f"Run `pregame validate {FILE}`" in body
    assert "Sellers still get the version saved <!date^" in body
    assert FILE in dm["text"], "the notification says which file"

    assert loop.run(watch.check()).broken == [], "a second check sends nothing"
    assert len(_dms(mock_slack)) == 1

    _fix(project)
    fixed = loop.run(watch.check())
    assert fixed.fixed == [FILE] and fixed.broken == []
    assert len(_dms(mock_slack)) == 2
    note = _dms(mock_slack)[-1]
    assert note["channel"] == f"D{OWNER}" and "is fixed, now live" in _body(note)
    assert "B2B buyer experience playbook" in _body(note)
    assert loop.run(watch.check()).fixed == [], "told once"
    assert len(_dms(mock_slack)) == 2


def test_each_new_broken_save_is_told_again(
    loop: LoopThread, mock_slack: MockSlack, project: Path, store: Database, make_watch: MakeWatch
) -> None:
    watch = make_watch(store)
    _break(project, "next week")
    assert loop.run(watch.check()).broken == [FILE]
    _break(project, "soon")  # another broken save: another DM
    assert loop.run(watch.check()).broken == [FILE]
    assert "got 'soon'" in _body(_dms(mock_slack)[-1])
    _fix(project)
    assert loop.run(watch.check()).fixed == [FILE]
    _break(project, "soon")  # the same broken content as before, after a fix: told again
    assert loop.run(watch.check()).broken == [FILE]
    assert len(_dms(mock_slack)) == 4


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_replicas_and_restarts_send_each_dm_once(
    backend: str,
    request: pytest.FixtureRequest,
    loop: LoopThread,
    mock_slack: MockSlack,
    project: Path,
    store: Database,
    make_watch: MakeWatch,
) -> None:
    db = store if backend == "sqlite" else Database(request.getfixturevalue("postgres_url"))
    db.migrate()
    try:
        replicas = [make_watch(db), make_watch(db)]
        _break(project)
        rounds = [loop.run(r.check()) for r in replicas]
        assert sorted(len(r.broken) for r in rounds) == [0, 1]
        restarted = make_watch(db)  # a new process: its library never saw the good version
        assert loop.run(restarted.check()).broken == []
        _fix(project)
        rounds = [loop.run(r.check()) for r in [*replicas, restarted]]
        assert sorted(len(r.fixed) for r in rounds) == [0, 0, 1]
        assert len(_dms(mock_slack)) == 2
    finally:
        if db is not store:
            db.dispose()


def test_an_owner_without_a_slack_id_is_logged_not_guessed(
    loop: LoopThread,
    mock_slack: MockSlack,
    project: Path,
    store: Database,
    make_watch: MakeWatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    watch = make_watch(store)
    path = project / "playbooks" / "complex-deals.yml"  # owned by Enterprise Sales Enablement
    _save(path, path.read_text().replace("phases:", "phasez:", 1))
    done = loop.run(watch.check())
    assert done.unaddressed == ["playbooks/complex-deals.yml"] and done.broken == []
    assert _dms(mock_slack) == []
    assert "'Enterprise Sales Enablement' has no Slack id (set PREGAME_OWNERS)" in caplog.text
    assert loop.run(watch.check()).unaddressed == [], "logged once per broken version"


def test_a_new_file_never_loaded_reaches_the_owner_written_in_it(
    loop: LoopThread, mock_slack: MockSlack, project: Path, store: Database, make_watch: MakeWatch
) -> None:
    watch = make_watch(store)
    text = (project / FILE).read_text().replace("id: b2b-buyer-experience", "id: b2b-copy", 1)
    new = project / "playbooks" / "b2b-copy.yml"
    _save(new, text.replace(GOOD_DATE, "last_reviewed: someday"))
    assert owner_in_file(new) == "Sales Enablement"
    done = loop.run(watch.check())
    assert done.broken == ["playbooks/b2b-copy.yml"]
    body = _body(_dms(mock_slack)[0])
    assert "if there was one" in body, "the Slack app cannot tell what the bot had loaded"
    new.unlink()  # deleted, not fixed: closed without a DM
    assert loop.run(watch.check()).fixed == []
    assert len(_dms(mock_slack)) == 1


def test_home_section_lists_file_error_and_what_to_do() -> None:
    alert = StaleAlert(
        file="playbooks/x.yml",
        sha256="0" * 64,
        error="12:7: phases[0].id: use lowercase <letters>",
        problems=3,
        owner="Deal Desk",
        slack_id=None,
        served_at=1_700_000_000.0,
    )
    blocks = stale_blocks([alert])
    assert blocks[0]["text"]["text"] == STALE_HEADER
    body = json.dumps(blocks)
    assert "*`playbooks/x.yml`* (owner: Deal Desk)" in body
    assert "*Line 12, column 7:* phases[0].id: use lowercase &lt;letters&gt;" in body
    assert "(and 2 more problems)" in body
    assert "Run `pregame validate playbooks/x.yml`" in body
    assert stale_blocks([]) == []


def _open_home(h: Harness, user: str, event_id: str) -> str:
    before = len(h.slack.calls_to("views.publish"))
    h.event({"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"}, event_id)
    published = h.slack.wait_for("views.publish", before + 1)[before]
    assert published["user_id"] == user
    return json.dumps(published["view"], ensure_ascii=False)


def test_the_app_tells_the_owner_and_shows_it_on_the_app_home(
    make_harness: Callable[..., Harness], project: Path
) -> None:
    line, column = _break(project)  # broken before the app starts
    h = make_harness(owners={"Sales Enablement": OWNER}, managers=[MANAGER])
    wait_until(lambda: h.slack.calls_to("chat.postMessage"))  # the check at start
    (dm,) = h.slack.calls_to("chat.postMessage")
    assert dm["channel"] == f"D{OWNER}" and f"`{FILE}`" in _body(dm)

    where = f"*Line {line}, column {column}:* playbook.last_reviewed:"
    for user in (MANAGER, OWNER):
        home = _open_home(h, user, f"Ev-{user}")
        assert STALE_HEADER in home and f"*`{FILE}`* (owner: Sales Enablement)" in home
        assert where in home and f"Run `pregame validate {FILE}`" in home
    seller = _open_home(h, "U0SELLER01", "Ev-seller")
    assert STALE_HEADER not in seller and "Get started" in seller
