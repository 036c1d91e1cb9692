"""Near-duplicate wording, judged by the embedding model's cosine similarity."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

DEFAULT_THRESHOLD = 0.7
"""Options at least this similar count as the same answer. With all-MiniLM-L6-v2 the closest
pairs of different exit criteria in playbooks/ score 0.70-0.79 ("A leads have a meeting booked
or a follow-up agreed with a date" / "... a meeting held or scheduled ..."): those are the
pairs a rep could rightly call both correct."""

_CACHE_LIMIT = 20_000


class Embedder(Protocol):
    """Anything that turns texts into vectors (the retrieval embedders, the tests' fakes)."""

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


class Similarity:
    """Cosine similarity of texts, each text embedded once (the playbooks' wording repeats)."""

    def __init__(self, embedder: Embedder, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"the near-duplicate threshold must be in (0, 1], not {threshold}")
        self.embedder = embedder
        self.threshold = threshold
        self._vectors: dict[str, npt.NDArray[np.float64]] = {}

    def prepare(self, texts: Iterable[str]) -> None:
        """Embed, in one batch, every text of ``texts`` not embedded yet."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if not missing:
            return
        if len(self._vectors) + len(missing) > _CACHE_LIMIT:
            self._vectors.clear()
        vectors = self.embedder.embed(missing)
        if len(vectors) != len(missing):
            raise ValueError(f"the embedder gave {len(vectors)} vectors for {len(missing)} texts")
        for text, vector in zip(missing, vectors, strict=True):
            array = np.asarray(vector, dtype=np.float64)
            norm = float(np.linalg.norm(array))
            self._vectors[text] = array / norm if norm else array

    def matrix(self, rows: Sequence[str], columns: Sequence[str]) -> npt.NDArray[np.float64]:
        """Cosine similarity of every text of ``rows`` with every text of ``columns``."""
        if not rows or not columns:
            return np.zeros((len(rows), len(columns)))
        self.prepare([*rows, *columns])
        left = np.stack([self._vectors[t] for t in rows])
        right = np.stack([self._vectors[t] for t in columns])
        return left @ right.T

    def score(self, a: str, b: str) -> float:
        return float(self.matrix([a], [b])[0, 0])

    def near_duplicate(self, text: str, others: Sequence[str]) -> bool:
        """Whether ``text`` says the same as any of ``others`` (the threshold or above)."""
        return bool(others) and float(self.matrix([text], others).max()) >= self.threshold
