"""Match what a buyer said to a playbook objection by meaning and by words (in memory).

Kept in memory rather than in Chroma so an edited objection is live with the playbook file.
Sellers relay objections in their own words ("they keep saying it's too pricey compared to what
they pay now"), which rarely sit close to any one phrasing, so an objection is scored on three
things: its closest phrasing or title, its designed response (which names the situation in more
words), and the words it shares with the seller's message (BM25). The score decides how sure the
coach is: a sure match is answered directly, a maybe becomes a question with the likeliest
objections as buttons
(tests/evaluation/objection_reports.jsonl and BENCHMARKS.md, "Objections", hold the figures).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pregame.playbook.schema import Objection, Playbook
from pregame.retrieval.chunks import content_hash
from pregame.retrieval.embeddings import Embedder
from pregame.retrieval.lexical import Bm25Index

PHRASING_WEIGHT = 0.56
RESPONSE_WEIGHT = 0.24
WORDS_WEIGHT = 0.12  # at most; the best lexical match in the playbook gets all of it


# How sellers frame what the buyer said: "how do I handle ...", "the CFO keeps saying ...".
_FRAME = re.compile(
    r"^\W*(?:(?:how (?:do|should|can|would) (?:i|we) (?:handle|answer|respond to|deal with|"
    r"counter|reply to)|what (?:do|should) (?:i|we) (?:say|reply|answer)(?: to| when| if)?|"
    r"(?:got |getting )?(?:push ?back|objection)s?(?: from \w+)?(?: that| about| on)?|"
    r"(?:[\w']+ ){0,3}(?:keeps? |kept |just |always )?(?:says?|said|saying|thinks?|told me|"
    r"claims?|go|goes|went|objects?|pushed back)(?: that| like)?)\b[\s:,-]*)+",
    re.IGNORECASE,
)


def buyer_words(said: str) -> str:
    """What the buyer said, without the seller's frame around it (the whole text if unsure)."""
    core = _FRAME.sub("", said.strip()).strip(" '\"\u2018\u2019\u201c\u201d?")
    return core if len(core.split()) >= 2 else said


@dataclass(frozen=True)
class ObjectionMatch:
    playbook: str
    objection: Objection
    score: float


@dataclass(frozen=True)
class Decision:
    """What to do with a reported objection: answer it, ask which one, or neither."""

    answer: ObjectionMatch | None
    options: list[ObjectionMatch]


@dataclass(frozen=True)
class _Index:
    objections: list[Objection]
    phrasings: npt.NDArray[np.float32]  # one row per title or phrasing
    owner: npt.NDArray[np.int64]  # the objection each row belongs to
    responses: npt.NDArray[np.float32]  # one row per objection
    words: Bm25Index


class ObjectionMatcher:
    """Scores objections; ``sure`` and ``maybe`` are score floors, ``clear`` a lead.

    The best objection is answered outright when it scores ``sure``, or when it scores at least
    ``likely`` and leads the runner-up by ``clear``: a relayed objection often scores modestly
    against every phrasing, but when one objection stands out it is rarely the wrong one.
    """

    def __init__(
        self,
        embedder: Embedder,
        sure: float,
        maybe: float | None = None,
        likely: float | None = None,
        clear: float = 0.08,
    ) -> None:
        self.embedder = embedder
        self.sure = sure
        self.maybe = sure if maybe is None else min(maybe, sure)
        self.likely = sure if likely is None else min(likely, sure)
        self.clear = clear
        self._cache: dict[tuple[str, str], _Index] = {}
        # Turns run in threads: when a playbook's index is missing, one thread embeds it and
        # the others wait for it, rather than each embedding the same phrasings at once.
        self._building = threading.Lock()

    def warm(self, playbooks: Iterable[Playbook]) -> None:
        """Embed every playbook's objections now (at start), not in a seller's first turn."""
        for playbook in playbooks:
            self._index(playbook)

    def _index(self, playbook: Playbook) -> _Index:
        key = (playbook.id, content_hash(playbook.model_dump_json()))
        if key in self._cache:
            return self._cache[key]
        with self._building:
            return self._build(playbook, key)

    def _build(self, playbook: Playbook, key: tuple[str, str]) -> _Index:
        if key not in self._cache:
            objections = list(playbook.objections)
            texts = [(i, t) for i, o in enumerate(objections) for t in [o.title, *o.phrasings]]
            index = _Index(
                objections=objections,
                phrasings=self._embed([t for _, t in texts]),
                owner=np.array([i for i, _ in texts], dtype=np.int64),
                responses=self._embed([f"{o.title}. {o.response}" for o in objections]),
                words=Bm25Index(
                    [" ".join([o.title, *o.phrasings, o.response]) for o in objections]
                ),
            )
            self._cache = {k: v for k, v in self._cache.items() if k[0] != playbook.id}
            self._cache[key] = index
        return self._cache[key]

    def _embed(self, texts: list[str]) -> npt.NDArray[np.float32]:
        return np.array(self.embedder.embed(texts), dtype=np.float32).reshape(len(texts), -1)

    def _queries(self, said: str) -> npt.NDArray[np.float32]:
        """The message, and the buyer's words without the seller's frame when they differ."""
        core = buyer_words(said)
        return self._embed([said] if core == said else [said, core])

    def rank(
        self, playbook: Playbook, said: str, queries: npt.NDArray[np.float32] | None = None
    ) -> list[ObjectionMatch]:
        """Every objection of ``playbook``, best first, scored against what the buyer said."""
        index = self._index(playbook)
        if not index.objections:
            return []
        if queries is None:
            queries = self._queries(said)
        closest = np.full(len(index.objections), -1.0, dtype=np.float32)
        np.maximum.at(closest, index.owner, (index.phrasings @ queries.T).max(axis=1))
        response = (index.responses @ queries.T).max(axis=1)
        words = index.words.scores(said)
        top = float(words.max()) if len(words) else 0.0
        scores = (
            PHRASING_WEIGHT * closest
            + RESPONSE_WEIGHT * response
            + WORDS_WEIGHT * (words / top if top > 0 else 0.0)
        )
        order = np.argsort(-scores, kind="stable")
        return [ObjectionMatch(playbook.id, index.objections[i], float(scores[i])) for i in order]

    def _answer(self, ranked: list[ObjectionMatch]) -> ObjectionMatch | None:
        """The best objection when it is close enough to answer without asking."""
        if not ranked:
            return None
        best = ranked[0]
        lead = best.score - ranked[1].score if len(ranked) > 1 else best.score
        if best.score >= self.sure or (best.score >= self.likely and lead >= self.clear):
            return best
        return None

    def decide(
        self, playbooks: list[Playbook], said: str, current: Playbook | None, limit: int = 3
    ) -> Decision:
        """The current play's objections first; another playbook's only when it is sure.

        When nothing is sure, up to ``limit`` objections scoring at least ``maybe`` become
        options for the seller to pick from, the current play's before the others.
        """
        queries = self._queries(said)  # embedded once for every playbook
        here = self.rank(current, said, queries) if current else []
        if answer := self._answer(here):
            return Decision(answer, [])
        others = [p for p in playbooks if p is not current]
        elsewhere = [m for p in others for m in self.rank(p, said, queries)]
        elsewhere.sort(key=lambda m: -m.score)
        if elsewhere and elsewhere[0].score >= self.sure:
            return Decision(elsewhere[0], [])
        options = [m for m in here if m.score >= self.maybe][:limit]
        options += [m for m in elsewhere if m.score >= self.maybe][: limit - len(options)]
        return Decision(None, options)
