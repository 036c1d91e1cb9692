from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from chromadb.api import ClientAPI

from pregame.playbook.loader import load_playbook
from pregame.retrieval import store
from pregame.retrieval.playbook_index import reindex_in_background, sync_playbooks
from tests.support.fakes import HashingEmbedder
from tests.support.paths import FIXTURES

MINIMAL = FIXTURES / "playbooks" / "valid-minimal.yml"


def test_playbook_steps_are_indexed_by_their_project_path(
    tmp_path: Path, chroma: ClientAPI
) -> None:
    path = tmp_path / "playbooks" / "minimal.yml"
    path.parent.mkdir()
    shutil.copy(MINIMAL, path)
    coll = store.collection(chroma, f"p{uuid.uuid4().hex[:8]}", "hashing")
    embedder = HashingEmbedder()
    report = sync_playbooks(coll, {path: load_playbook(path)}, embedder, tmp_path)
    assert report.added == ["playbooks/minimal.yml"]
    assert {r.metadata["playbook"] for r in coll.records()} == {"minimal"}
    gone = sync_playbooks(coll, {}, embedder, tmp_path)
    assert gone.removed == ["playbooks/minimal.yml"] and coll.count() == 0


def test_background_reindex_listener(tmp_path: Path, chroma: ClientAPI) -> None:
    import threading

    coll = store.collection(chroma, f"p{uuid.uuid4().hex[:8]}", "hashing")
    on_change = reindex_in_background(coll, HashingEmbedder(), tmp_path)
    before = set(threading.enumerate())
    on_change({MINIMAL: load_playbook(MINIMAL)})
    for thread in set(threading.enumerate()) - before:
        if thread.ident is not None:  # a thread still starting (a Chroma call's) is the
            thread.join(timeout=30)  # re-index thread's own: joining that one covers it
    assert coll.count() > 0
