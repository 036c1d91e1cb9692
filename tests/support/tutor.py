"""A tutor over a real SQLite store and the project's playbooks, for unit tests."""

from __future__ import annotations

from pregame.learning.service import Learning
from pregame.onboarding import Tutor
from pregame.playbook.library import PlaybookLibrary
from pregame.practice.scoring import AnswerScorer
from pregame.practice.session import Practice
from pregame.store.database import Database
from pregame.store.progress import Progress
from tests.support.fakes import HashingEmbedder
from tests.support.paths import ROOT


def build_tutor(db: Database) -> Tutor:
    """The hashing embedder stands in for the model (the e2e tests use the real one)."""
    library = PlaybookLibrary(ROOT / "playbooks")
    library.refresh()
    embedder = HashingEmbedder()
    learning = Learning(library, Progress(db), embedder)
    return Tutor(learning, Practice(AnswerScorer(embedder, 80)), library)
