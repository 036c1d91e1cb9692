"""Match what a buyer said to a playbook objection by meaning and by words (in memory).

Kept in memory rather than in Chroma so an edited objection is live with the playbook file.
Sellers relay objections in their own words ("they keep saying it's too pricey compared to what
they pay now"), which rarely sit close to any one phrasing, so every objection of every playbook
is scored together on five things: its closest phrasing or title, the centre of its phrasings,
its designed response (which names the situation in more words), its share of the words the
seller's message shares with any objection (BM25), and how much of the message's words (weighted
by rarity) it contains, so that one rare shared word cannot decide a long message alone. The
weights, and how a score becomes a confidence (the chance that this is the objection meant, with
"none of them" as one of the possibilities), are fitted by scripts/fit_objections.py on
tests/evaluation/objection_reports.jsonl and objection_reports_tune2.jsonl and stored in
:mod:`pregame.coach.objection_model`.

The current play's objections come first only when they score about as well as the best one
elsewhere (within ``clear``). A sure match is answered directly; a maybe becomes a question with
the likeliest objections as buttons; below that the honest "not in the playbook" reply.
BENCHMARKS.md, "Objections", holds the figures.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pregame.coach import objection_model
from pregame.coach.relayed import buyer_words, readings
from pregame.playbook.schema import Objection, Playbook
from pregame.retrieval.chunks import content_hash
from pregame.retrieval.embeddings import Embedder
from pregame.retrieval.lexical import Bm25Index

__all__ = ["Decision", "Model", "ObjectionMatch", "ObjectionMatcher", "buyer_words"]

CURRENT_PLAY_MARGIN = 0.02
"""How much better another playbook's objection must score to come before the current play's."""


@dataclass(frozen=True)
class Model:
    """Feature weights (summing to 1), and how a score becomes a calibrated confidence."""

    weights: tuple[float, ...]
    temperature: float  # scores become log-odds at this scale
    none_score: float  # the score of "none of the playbook objections"
    calibration: tuple[float, float]  # slope and intercept on the log-odds of a share

    @classmethod
    def fitted(cls) -> Model:
        """The model fitted by scripts/fit_objections.py."""
        m = objection_model
        return cls(m.WEIGHTS, m.TEMPERATURE, m.NONE_SCORE, m.CALIBRATION)


@dataclass(frozen=True)
class ObjectionMatch:
    playbook: str
    objection: Objection
    score: float  # the weighted match, 0-1 (without the current play's margin)
    confidence: float  # the chance it is the objection raised (calibrated on the best one)


@dataclass(frozen=True)
class Decision:
    """What to do with a reported objection: answer it, ask which one, or neither."""

    answer: ObjectionMatch | None
    options: list[ObjectionMatch]


@dataclass(frozen=True)
class Features:
    """Every objection of some playbooks and its evidence for one message, a row each."""

    pairs: list[tuple[str, Objection]]  # (playbook id, objection)
    values: npt.NDArray[np.float64]  # one column per name in objection_model.FEATURES


@dataclass(frozen=True)
class _Index:
    objections: list[Objection]
    phrasings: npt.NDArray[np.float32]  # one row per title or phrasing
    owner: npt.NDArray[np.int64]  # the objection each row belongs to
    centres: npt.NDArray[np.float32]  # one row per objection: its phrasings' mean direction
    responses: npt.NDArray[np.float32]  # one row per objection


def _key(playbook: Playbook) -> tuple[str, str]:
    return playbook.id, content_hash(playbook.model_dump_json())


class ObjectionMatcher:
    """Scores objections and decides; ``sure``, ``likely`` and ``maybe`` are confidences.

    The best objection is answered outright at ``sure``; below it, the coach asks which
    objection it is when the best reaches ``likely``, with up to ``limit`` buttons for those
    reaching ``maybe``; below ``likely`` it says the objection is not in the playbooks.
    ``clear`` is how much better (in score) another playbook's objection must match than the
    current play's to come before it.
    """

    def __init__(
        self,
        embedder: Embedder,
        sure: float,
        maybe: float | None = None,
        likely: float | None = None,
        clear: float = CURRENT_PLAY_MARGIN,
        model: Model | None = None,
    ) -> None:
        self.embedder = embedder
        self.sure = sure
        self.maybe = sure if maybe is None else min(maybe, sure)
        self.likely = self.maybe if likely is None else min(likely, sure)
        self.clear = clear
        self.model = model or Model.fitted()
        self._cache: dict[tuple[str, str], _Index] = {}
        self._words: dict[tuple[tuple[str, str], ...], Bm25Index] = {}
        # Turns run in threads: when a playbook's index is missing, one thread embeds it and
        # the others wait for it, rather than each embedding the same phrasings at once.
        self._building = threading.Lock()

    def warm(self, playbooks: Iterable[Playbook]) -> None:
        """Embed every playbook's objections now (at start), not in a seller's first turn."""
        playbooks = list(playbooks)
        for playbook in playbooks:
            self._index(playbook)
        self._lexical(playbooks)

    def _index(self, playbook: Playbook) -> _Index:
        key = _key(playbook)
        if key in self._cache:
            return self._cache[key]
        with self._building:
            return self._build(playbook, key)

    def _build(self, playbook: Playbook, key: tuple[str, str]) -> _Index:
        if key not in self._cache:
            objections = list(playbook.objections)
            texts = [(i, t) for i, o in enumerate(objections) for t in [o.title, *o.phrasings]]
            phrasings = self._embed([t for _, t in texts])
            owner = np.array([i for i, _ in texts], dtype=np.int64)
            centres = np.zeros((len(objections), phrasings.shape[1]), dtype=np.float32)
            np.add.at(centres, owner, phrasings)
            centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
            index = _Index(
                objections=objections,
                phrasings=phrasings,
                owner=owner,
                centres=centres,
                responses=self._embed([f"{o.title}. {o.response}" for o in objections]),
            )
            self._cache = {k: v for k, v in self._cache.items() if k[0] != playbook.id}
            self._cache[key] = index
        return self._cache[key]

    def _lexical(self, playbooks: Sequence[Playbook]) -> Bm25Index:
        """One BM25 index over the objections of ``playbooks`` (rebuilt when one changes)."""
        key = tuple(_key(p) for p in playbooks)
        if key not in self._words:
            texts = [
                " ".join([o.title, *o.phrasings, o.response])
                for p in playbooks
                for o in p.objections
            ]
            self._words = {key: Bm25Index(texts, keep_terms=True)}
        return self._words[key]

    def _embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        vectors = self.embedder.embed(texts)
        return np.array(vectors, dtype=np.float32).reshape(len(texts), -1)

    def features(self, playbooks: Sequence[Playbook], said: str) -> Features:
        """The evidence for every objection of ``playbooks`` that ``said`` raises it."""
        pairs = [(p.id, o) for p in playbooks for o in p.objections]
        if not pairs:
            return Features([], np.zeros((0, len(objection_model.FEATURES))))
        queries = self._embed(readings(said))  # embedded once for every playbook
        columns: list[npt.NDArray[np.float64]] = []
        for playbook in playbooks:
            index = self._index(playbook)
            if not index.objections:
                continue
            closest = np.full(len(index.objections), -1.0)
            np.maximum.at(closest, index.owner, (index.phrasings @ queries.T).max(axis=1))
            centre = (index.centres @ queries.T).max(axis=1)
            response = (index.responses @ queries.T).max(axis=1)
            columns.append(np.stack([closest, centre, response], axis=1).astype(np.float64))
        lexical = self._lexical(playbooks)
        words = lexical.scores(said)
        total = float(words.sum())
        share = words / total if total > 0 else np.zeros(len(pairs))
        covered = lexical.coverage(said)
        return Features(pairs, np.column_stack([np.concatenate(columns), share, covered]))

    def rank(
        self, playbooks: Sequence[Playbook], said: str, current: Playbook | None = None
    ) -> list[ObjectionMatch]:
        """Every objection of ``playbooks``, best first; the current play's first when close."""
        found = self.features(playbooks, said)
        if not found.pairs:
            return []
        model = self.model
        score = found.values @ np.array(model.weights)
        home = np.array([current is not None and p == current.id for p, _ in found.pairs])
        ranked = score + self.clear * home
        logits = model.temperature * np.append(ranked, model.none_score)
        share = np.exp(logits - logits.max())
        share = np.clip(share[:-1] / share.sum(), 1e-9, 1 - 1e-9)
        slope, intercept = model.calibration
        confidence = 1 / (1 + np.exp(-(slope * np.log(share / (1 - share)) + intercept)))
        order = np.argsort(-ranked, kind="stable")
        return [
            ObjectionMatch(
                found.pairs[i][0], found.pairs[i][1], float(score[i]), float(confidence[i])
            )
            for i in order
        ]

    def decide(
        self, playbooks: list[Playbook], said: str, current: Playbook | None, limit: int = 3
    ) -> Decision:
        """Answer the best objection when sure; else ask among the likeliest; else neither.

        All playbooks' objections are scored together: the current play's comes first only
        when it scores within ``clear`` of the best one elsewhere.
        """
        if current is not None and all(p.id != current.id for p in playbooks):
            playbooks = [current, *playbooks]
        ranked = self.rank(playbooks, said, current)
        if not ranked or ranked[0].confidence < self.likely:
            return Decision(None, [])
        if ranked[0].confidence >= self.sure:
            return Decision(ranked[0], [])
        return Decision(None, [m for m in ranked[:limit] if m.confidence >= self.maybe])
