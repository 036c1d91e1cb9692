"""`pregame index`: the project's knowledge and playbooks, extra folders, the summary line."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from chromadb.api import ClientAPI

from pregame.indexing import IndexParts, IndexRun, index_default, index_folders
from pregame.playbook.library import PlaybookLibrary
from pregame.retrieval import store
from pregame.retrieval.chunks import ChunkSize
from pregame.retrieval.embeddings import Embedder
from pregame.settings import Settings
from tests.support.fakes import HashingEmbedder
from tests.support.paths import FIXTURES

CORPUS = FIXTURES / "retrieval" / "corpus"


class Parts:
    """Indexing takes only the parts it uses; this is not the services object."""

    def __init__(self, root: Path, client: ClientAPI) -> None:
        self.settings = Settings(root=root, data_dir=Path(f".pregame-{uuid.uuid4().hex[:6]}"))
        self.embedder: Embedder = HashingEmbedder()
        self.library = PlaybookLibrary(root / "playbooks")
        self.chunking = ChunkSize()
        self.client = client
        self.suffix = uuid.uuid4().hex[:6]

    def collection(self, name: str) -> store.ChunkCollection:
        return store.collection(self.client, f"{name}-{self.suffix}", self.embedder.name)


def test_default_index_covers_knowledge_and_valid_playbooks(
    project: Path, chroma: ClientAPI
) -> None:
    shutil.copy(FIXTURES / "playbooks" / "syntax-error.yml", project / "playbooks")
    parts: IndexParts = Parts(project, chroma)
    run = index_default(parts)
    knowledge, playbooks = run.reports
    assert knowledge.collection.startswith(store.KNOWLEDGE) and knowledge.added
    assert playbooks.collection.startswith(store.PLAYBOOKS) and playbooks.added
    assert all(source.startswith("playbooks/") for source in playbooks.added)
    assert list(run.errors) == [str(project / "playbooks" / "syntax-error.yml")]
    again = index_default(parts)
    assert sum(r.chunks for r in again.reports) == 0
    assert "0 chunks embedded" in again.summary()


def test_deleted_playbook_is_pruned(project: Path, chroma: ClientAPI) -> None:
    parts = Parts(project, chroma)
    index_default(parts)
    gone = sorted((project / "playbooks").glob("*.yml"))[0]
    gone.unlink()
    run = index_default(parts)
    assert run.reports[1].removed == [f"playbooks/{gone.name}"]


def test_extra_folders_are_their_own_scope(tmp_path: Path, chroma: ClientAPI) -> None:
    parts = Parts(tmp_path, chroma)
    run = index_folders(parts, [CORPUS])
    assert (
        run.summary()
        == "5 files, 11 chunks embedded, 0 unchanged files skipped, 0 removed, 0 errors"
    )
    scopes = {r.metadata["scope"] for r in parts.collection(store.KNOWLEDGE).records(text=False)}
    assert scopes == {str(CORPUS.resolve())}


def test_summary_counts_failed_files_once() -> None:
    run = IndexRun(errors={"a.md": "broken"})
    assert (
        run.summary()
        == "1 files, 0 chunks embedded, 0 unchanged files skipped, 0 removed, 1 errors"
    )
