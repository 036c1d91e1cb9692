"""How well a seller's description of a call fits each phase of each playbook, by meaning and
by words (in memory, like the objections, so an edited playbook counts on its next turn).

Sellers rarely name a phase ("globex just posted six BI jobs, how do I get a foot in the
door"). A phase is scored on two things: the mean of its three passages closest in meaning to
the message, among its name and aliases, buyer goal, seller objective, entry signals, call
prep, step titles and its playbook's title and description; and the BM25 score of the words the
message shares with the phase's whole text, relative to the best phase's (``WORDS_WEIGHT``).
tests/coach/test_playbook_choice.py measures it on requests written by others.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pregame.playbook.schema import Phase, Playbook
from pregame.retrieval.chunks import content_hash
from pregame.retrieval.embeddings import Embedder
from pregame.retrieval.lexical import Bm25Index

CLOSEST = 3
"""A phase's meaning score: the mean of its this many passages closest to the message."""
WORDS_WEIGHT = 0.25
WORDS_SCALE = 3.0
"""BM25 scores are divided by the best phase's, or by this when the best is lower (a message
that shares only a common word or two with any phase gets little from words)."""


ABOUT_ANY_CALL = frozenset(
    """prep prepare prepping call calls meeting meetings meet mtg tomorrow tmrw today tonight
    next week weeks month monday tuesday wednesday thursday friday mon tue tues wed thu thurs
    fri morning afternoon later soon help ready guide walk steps play coach pls please""".split()
)
"""Words a seller says about any call ("prep me for my call tomorrow"): not counted as words
the message shares with a phase."""


def situation_words(text: str) -> str:
    """The message without the words it would say about any call."""
    return " ".join(w for w in re.findall(r"[\w'-]+", text) if w.lower() not in ABOUT_ANY_CALL)


@dataclass(frozen=True)
class Meaning:
    """A message's fit to each phase: (playbook id, phase id) -> score, higher is better; and
    ``words``, the best phase's BM25 score (low when the message has nothing specific in it)."""

    scores: dict[tuple[str, str], float]
    words: float


def passages(playbook: Playbook, phase: Phase) -> list[str]:
    """What a phase is about, in short passages to compare a message with by meaning."""
    meta = playbook.playbook
    return [
        f"{phase.name}: {', '.join(phase.aliases)}" if phase.aliases else phase.name,
        phase.buyer_goal,
        phase.seller_objective,
        *phase.entry_signals,
        *phase.call_prep,
        *(step.title for step in phase.steps),
        f"{meta.title}: {meta.description}",
    ]


def whole_text(playbook: Playbook, phase: Phase) -> str:
    """Every word of a phase, with its playbook's names and tags: what BM25 scores."""
    meta = playbook.playbook
    parts = [meta.title, *meta.aliases, *meta.tags, phase.name, *phase.aliases]
    parts += [phase.buyer_goal, phase.buyer_experience, phase.seller_objective]
    parts += [*phase.entry_signals, *phase.exit_criteria, *phase.call_prep]
    for step in phase.steps:
        parts += [step.title, step.do, *step.questions, *step.buyer_says, *step.tips]
    return "\n".join(parts)


@dataclass(frozen=True)
class _Index:
    vectors: npt.NDArray[np.float32]  # one row per passage
    owner: npt.NDArray[np.int64]  # the phase (index in the playbook) of each row


class PhaseMatcher:
    """Scores every phase of the given playbooks against a seller's message."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self._indexes: dict[tuple[str, str], _Index] = {}
        self._words: dict[tuple[tuple[str, str], ...], Bm25Index] = {}
        self._building = threading.Lock()

    def warm(self, playbooks: Sequence[Playbook]) -> None:
        """Embed every playbook's phases now (at start), not in a seller's first turn."""
        self._words_index(playbooks)
        for playbook in playbooks:
            self._index(playbook)

    def meaning(self, playbooks: Sequence[Playbook], text: str) -> Meaning:
        """How well ``text`` fits each phase of the playbooks."""
        if not playbooks or not text.strip():
            return Meaning({}, 0.0)
        query = self._embed([text])[0]
        shared = self._words_index(playbooks).scores(situation_words(text))
        top = float(shared.max()) if len(shared) else 0.0
        scale = max(top, WORDS_SCALE)
        result: dict[tuple[str, str], float] = {}
        row = 0
        for playbook in playbooks:
            index = self._index(playbook)
            similarity = index.vectors @ query
            for i, phase in enumerate(playbook.phases):
                closest = np.sort(similarity[index.owner == i])[::-1][:CLOSEST]
                meaning = float(closest.mean()) if len(closest) else 0.0
                words = float(shared[row]) / scale
                result[(playbook.id, phase.id)] = meaning + WORDS_WEIGHT * words
                row += 1
        return Meaning(result, top)

    def _key(self, playbook: Playbook) -> tuple[str, str]:
        return (playbook.id, content_hash(playbook.model_dump_json()))

    def _index(self, playbook: Playbook) -> _Index:
        key = self._key(playbook)
        if key in self._indexes:
            return self._indexes[key]
        with self._building:
            if key not in self._indexes:
                phases = enumerate(playbook.phases)
                rows = [(i, t) for i, phase in phases for t in passages(playbook, phase)]
                index = _Index(
                    vectors=self._embed([t for _, t in rows]),
                    owner=np.array([i for i, _ in rows], dtype=np.int64),
                )
                kept = {k: v for k, v in self._indexes.items() if k[0] != playbook.id}
                self._indexes = {**kept, key: index}
            return self._indexes[key]

    def _words_index(self, playbooks: Sequence[Playbook]) -> Bm25Index:
        """One BM25 index over the phases of exactly these playbooks (word rarity depends on
        which playbooks are compared); the last few sets are kept."""
        key = tuple(self._key(p) for p in playbooks)
        found = self._words.get(key)
        if found is None:
            found = Bm25Index([whole_text(p, phase) for p in playbooks for phase in p.phases])
            recent = list(self._words.items())[-7:]
            self._words = {**dict(recent), key: found}
        return found

    def _embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        return np.array(self.embedder.embed(texts), dtype=np.float32).reshape(len(texts), -1)
