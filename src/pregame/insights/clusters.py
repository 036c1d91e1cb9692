"""Grouping what sellers typed by meaning: embeddings, then agglomerative clustering.

The embedder is injected (the real sentence embedding model in the dashboard, a deterministic
fake in tests). Identical wordings are embedded once; clusters are cut at a cosine distance.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from pregame.retrieval.embeddings import Embedder


@dataclass(frozen=True)
class Wording:
    """One thing a seller typed, with where it came up."""

    text: str
    sender: str
    playbook: str | None = None
    phase: str | None = None


@dataclass(frozen=True)
class Cluster:
    label: str
    """The most common wording in the cluster."""
    count: int
    sellers: int
    wordings: list[str] = field(default_factory=list)
    """Distinct wordings, most common first."""
    playbooks: list[str] = field(default_factory=list)
    phases: list[str] = field(default_factory=list)


class CachingEmbedder:
    """Remembers the vectors of texts already embedded (the dashboard re-asks per page)."""

    def __init__(self, inner: Embedder, limit: int = 50_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.limit = limit
        self._cache: dict[str, list[float]] = {}

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            if len(self._cache) + len(missing) > self.limit:
                self._cache.clear()
            self._cache.update(zip(missing, self.inner.embed(missing), strict=True))
        return [self._cache[t] for t in texts]


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def cluster(
    wordings: Sequence[Wording], embedder: Embedder, max_distance: float = 0.5
) -> list[Cluster]:
    """Clusters of wordings that mean the same, biggest first."""
    if not wordings:
        return []
    distinct = list(dict.fromkeys(normalised(w.text) for w in wordings))
    if len(distinct) == 1:
        labels = np.zeros(1, dtype=int)
    else:
        # scikit-learn (with SciPy) takes seconds to import: only when there is work for it,
        # not when the Slack app or the CLI starts
        from sklearn.cluster import AgglomerativeClustering

        vectors = np.asarray(embedder.embed(distinct), dtype=float)
        model = AgglomerativeClustering(
            n_clusters=None,
            metric="cosine",
            linkage="average",
            distance_threshold=max_distance,
        )
        labels = model.fit_predict(vectors)
    label_of = dict(zip(distinct, (int(x) for x in labels), strict=True))
    members: dict[int, list[Wording]] = {}
    for wording in wordings:
        members.setdefault(label_of[normalised(wording.text)], []).append(wording)
    clusters = [_summary(group) for group in members.values()]
    return sorted(clusters, key=lambda c: (-c.count, -c.sellers, c.label))


def _summary(group: list[Wording]) -> Cluster:
    texts = Counter(w.text.strip() for w in group)
    ordered = [t for t, _ in texts.most_common()]
    return Cluster(
        label=ordered[0],
        count=len(group),
        sellers=len({w.sender for w in group}),
        wordings=ordered,
        playbooks=sorted({w.playbook for w in group if w.playbook}),
        phases=sorted({w.phase for w in group if w.phase}),
    )
