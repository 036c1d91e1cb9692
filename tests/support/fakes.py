"""Deterministic test doubles."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence

DIM = 4096
STOPWORDS = frozenset(
    "the and for with you your our are was were this that what how who when from have has "
    "they them their not but can will would about into than then there here its".split()
)


class HashingEmbedder:
    """Bag-of-words hashed into a unit vector: texts sharing words are similar, others ~0."""

    name = "hashing-test-embedder"

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._one(t) for t in texts]

    def _one(self, text: str) -> list[float]:
        vector = [0.0] * DIM
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            if len(word) < 3 or word in STOPWORDS:
                continue
            digest = hashlib.md5(word.encode()).digest()
            vector[int.from_bytes(digest[:4], "little") % DIM] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]
