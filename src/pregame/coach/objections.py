"""Match what a buyer said to a playbook objection by meaning (embeddings, in memory).

Kept in memory rather than in Chroma so an edited objection is live with the playbook file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pregame.playbook.schema import Objection, Playbook
from pregame.retrieval.chunks import content_hash
from pregame.retrieval.embeddings import Embedder


@dataclass(frozen=True)
class ObjectionMatch:
    objection: Objection
    score: float
    phrasing: str


class ObjectionMatcher:
    def __init__(self, embedder: Embedder, floor: float) -> None:
        self.embedder = embedder
        self.floor = floor
        self._cache: dict[tuple[str, str], tuple[list[tuple[Objection, str]], np.ndarray]] = {}

    def _vectors(self, playbook: Playbook) -> tuple[list[tuple[Objection, str]], np.ndarray]:
        key = (playbook.id, content_hash(playbook.model_dump_json()))
        if key not in self._cache:
            pairs = [(o, p) for o in playbook.objections for p in [o.title, *o.phrasings]]
            vectors = np.array(self.embedder.embed([p for _, p in pairs]), dtype=np.float32)
            self._cache = {k: v for k, v in self._cache.items() if k[0] != playbook.id}
            self._cache[key] = (pairs, vectors)
        return self._cache[key]

    def match(self, playbook: Playbook, said: str) -> ObjectionMatch | None:
        """The closest objection, or None when nothing is close enough to trust."""
        pairs, vectors = self._vectors(playbook)
        if not pairs:
            return None
        query = np.array(self.embedder.embed([said])[0], dtype=np.float32)
        scores = vectors @ query
        best = int(np.argmax(scores))
        if float(scores[best]) < self.floor:
            return None
        objection, phrasing = pairs[best]
        return ObjectionMatch(objection, float(scores[best]), phrasing)
