"""BM25 over the chunks of a collection (bm25s, English stemming by PyStemmer)."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

_WORD = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves hey hi pls please thx
    thanks im whats got get gets us""".split()
)


def _stemmer() -> Callable[[list[str]], list[str]]:
    import Stemmer

    stem: Callable[[list[str]], list[str]] = Stemmer.Stemmer("english").stemWords
    return stem


@dataclass(frozen=True)
class LexicalHit:
    index: int
    score: float


class Bm25Index:
    """An in-memory BM25 index over ``texts``; the searcher rebuilds it when chunks change."""

    def __init__(self, texts: Sequence[str], *, keep_terms: bool = False) -> None:
        """``keep_terms``: also keep each text's words, for :meth:`coverage`."""
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self._stem = _stemmer()
        self.size = len(texts)
        self._bm25 = bm25s.BM25()
        corpus = [self.tokens(t) or ["\u2205"] for t in texts]
        if corpus:
            self._bm25.index(corpus, show_progress=False)
        self._terms = [frozenset(words) for words in corpus] if keep_terms else []
        self._df = Counter(word for words in self._terms for word in words)

    def tokens(self, text: str) -> list[str]:
        words = [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]
        return self._stem(words)

    def scores(self, query: str) -> npt.NDArray[np.float64]:
        """BM25 score of every chunk for ``query`` (zeros when no query word is indexed)."""
        if self.size == 0:
            return np.zeros(0)
        known = [t for t in self.tokens(query) if t in self._bm25.vocab_dict]
        if not known:
            return np.zeros(self.size)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float64)

    def coverage(self, query: str) -> npt.NDArray[np.float64]:
        """Per text, the share of the query's words it contains, each word weighted by how rare
        it is among the texts (a word no text uses weighs most and counts against all).

        Unlike a BM25 score's share, one rare word that a single text shares with a long query
        is a small part of that query. Needs ``keep_terms``.
        """
        words = set(self.tokens(query))
        if not self._terms or not words:
            return np.zeros(len(self._terms))
        weight = {w: math.log(1 + (self.size + 0.5) / (self._df[w] + 0.5)) for w in words}
        total = sum(weight.values())
        return np.array([sum(weight[w] for w in words & terms) / total for terms in self._terms])

    def top(
        self, query: str, n: int, allowed: npt.NDArray[np.bool_] | None = None
    ) -> list[LexicalHit]:
        """The ``n`` best chunks with a positive score, best first, among ``allowed`` ones."""
        scores = self.scores(query)
        if allowed is not None and len(allowed) == len(scores):
            scores = np.where(allowed, scores, 0.0)
        if not len(scores):
            return []
        n = min(n, len(scores))
        best = np.argpartition(-scores, n - 1)[:n]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [LexicalHit(int(i), float(scores[i])) for i in best if scores[i] > 0]


def matches(meta: Mapping[str, Any], filters: Mapping[str, Any] | None) -> bool:
    """Whether chunk metadata passes the filters (equality, ``$eq``, ``$ne``, ``$in``, ``$nin``)."""
    if not filters:
        return True
    return all(_match(meta.get(key), value) for key, value in filters.items())


def _match(actual: Any, wanted: Any) -> bool:
    if not isinstance(wanted, Mapping):
        return bool(actual == wanted)
    for op, value in wanted.items():
        if op == "$eq":
            ok = actual == value
        elif op == "$ne":
            ok = actual != value
        elif op == "$in":
            ok = actual in value
        elif op == "$nin":
            ok = actual not in value
        else:
            raise ValueError(f"unsupported filter operator {op!r}")
        if not ok:
            return False
    return True
