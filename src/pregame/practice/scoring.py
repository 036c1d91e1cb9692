"""Score a rep's free-text answer against the playbook's designed response.

The response is split into key points (:mod:`pregame.practice.keypoints`). A point is covered when
some stretch of the answer (a sentence, two sentences, a window of words, or the whole answer)
says it in any words: the best cosine similarity between those stretches and the point's
wordings, plus a bonus for the point's key terms that the answer uses. The score is the weighted
share of the points covered, with partial credit for a point the answer comes close to, so it
separates answers better than a count of points.

Parroting is guarded twice: a stretch of the answer that is closer to what the buyer just said
than to a point (by ``parrot_margin``) cannot cover that point, and the buyer's own words are
never key terms. An answer that mostly repeats the buyer is flagged, so the feedback says so.

The thresholds (:class:`Calibration`) were chosen on tests/evaluation/practice_answers_tune.jsonl
with the project's default embedder (ONNX int8); docs/onboarding.md, "Role-play practice",
has the figures on that set and on the report set.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from pregame.playbook.schema import Playbook
from pregame.practice.keypoints import KeyPoint, Terms, key_points
from pregame.practice.targets import Target

Matrix = npt.NDArray[np.float32]

_ANSWER_BREAK = re.compile(r"(?<=[.!?;])\s+|\s*\n+\s*|\s+-{1,2}\s+|\s+\u2014\s*")
WINDOW_WORDS = 16
LONGEST_ANSWER_WORDS = 400
CACHE_SIZE = 4096


class TextEmbedder(Protocol):
    """Anything that turns texts into unit-length vectors (the retrieval embedders do)."""

    def embed(self, texts: Sequence[str]) -> list[list[float]]: ...


@dataclass(frozen=True)
class Calibration:
    """How close an answer must come to a point; chosen on the tune set, see module doc."""

    cover: float = 0.55
    """Similarity (with the key-term bonus) at which a point counts as covered."""
    floor: float = 0.15
    """Similarity that earns no credit; credit rises linearly from here to ``cover``."""
    term_bonus: float = 0.4
    """Added to a point's similarity when the answer uses all of its key terms (pro rata)."""
    parrot_margin: float = 0.0
    """A stretch closer to the buyer's line than to a point by this much cannot cover it."""
    parrot_echo: float = 0.6
    """An answer this similar to the buyer's line that covers no point is flagged as parroting."""
    acknowledgement_weight: float = 0.5
    """Weight of an acknowledging point ("That's fair to raise") against an action point (1)."""


@dataclass(frozen=True)
class PointResult:
    point: str
    """The key point, in the playbook's wording."""
    covered: bool
    similarity: float
    """Best similarity of a stretch of the answer to the point, key-term bonus included."""
    terms_used: tuple[str, ...]
    """The point's key words the answer used."""


@dataclass(frozen=True)
class Feedback:
    """What a rep learns from one answer."""

    score: int
    passed: bool
    pass_mark: int
    points: tuple[PointResult, ...]
    parroted: bool
    try_next: str
    """One thing to try next time."""
    target: Target

    @property
    def covered(self) -> list[PointResult]:
        return [p for p in self.points if p.covered]

    @property
    def missed(self) -> list[PointResult]:
        return [p for p in self.points if not p.covered]

    def text(self) -> str:
        """Plain text for a terminal or a chat message."""
        verdict = "pass" if self.passed else "not yet"
        lines = [f"Score {self.score}/100 ({verdict}; pass mark {self.pass_mark})."]
        if self.parroted:
            lines.append("You mostly repeated the buyer's words back rather than answering.")
        lines.extend(f"Covered: {p.point}" for p in self.covered)
        lines.extend(f'Missed: the playbook says "{p.point}"' for p in self.missed)
        lines.append(f"Try next time: {self.try_next}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "passed": self.passed,
            "pass_mark": self.pass_mark,
            "parroted": self.parroted,
            "covered": [p.point for p in self.covered],
            "missed": [p.point for p in self.missed],
            "try_next": self.try_next,
            "target": {"kind": self.target.kind, "id": self.target.id, "title": self.target.title},
        }


def answer_stretches(answer: str) -> list[str]:
    """The whole answer (first), its sentences, pairs of them and windows of long ones."""
    words = answer.split()[:LONGEST_ANSWER_WORDS]
    if not words:
        return []
    text = " ".join(words)
    parts = [p.strip() for p in _ANSWER_BREAK.split(text) if p and len(p.strip()) > 1]
    stretches = [text, *parts]
    stretches.extend(f"{a} {b}" for a, b in itertools.pairwise(parts))
    for part in parts:
        tokens = part.split()
        if len(tokens) > WINDOW_WORDS * 3 // 2:
            step = WINDOW_WORDS // 2
            for start in range(0, len(tokens) - step, step):
                stretches.append(" ".join(tokens[start : start + WINDOW_WORDS]))
    return list(dict.fromkeys(s for s in stretches if s))


class AnswerScorer:
    """Scores answers with an injected embedder; thread-safe, caches the playbook's vectors."""

    def __init__(
        self,
        embedder: TextEmbedder,
        pass_mark: int = 80,
        calibration: Calibration | None = None,
    ) -> None:
        if not 1 <= pass_mark <= 100:
            raise ValueError(f"pass mark must be between 1 and 100, not {pass_mark}")
        self.embedder = embedder
        self.pass_mark = pass_mark
        self.calibration = calibration or Calibration()
        self._vectors: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()
        self._terms: OrderedDict[str, tuple[Playbook, Terms]] = OrderedDict()
        self._lock = threading.Lock()

    def key_points(self, playbook: Playbook, target: Target) -> list[KeyPoint]:
        terms = self._playbook_terms(playbook)
        return key_points(target.response, terms, acknowledges=target.kind == "objection")

    def score(self, playbook: Playbook, target: Target, buyer_line: str, answer: str) -> Feedback:
        """Score ``answer`` to ``buyer_line`` against ``target``'s designed response."""
        cal = self.calibration
        terms = self._playbook_terms(playbook)
        points = key_points(target.response, terms, acknowledges=target.kind == "objection")
        stretches = answer_stretches(answer)
        known = self._embed_cached([*(f for p in points for f in p.forms), buyer_line])
        said = self._embed(stretches) if stretches else np.zeros((0, known.shape[1]), np.float32)
        to_buyer = said @ known[-1]
        best = _best_eligible(points, said @ known[:-1].T, to_buyer, cal.parrot_margin)
        answer_stems, buyer_stems = set(terms.stems(answer)), set(terms.stems(buyer_line))
        results: list[PointResult] = []
        for point, similarity in zip(points, best, strict=True):
            wanted = [(w, s) for w, s in zip(point.words, point.terms, strict=True)]
            wanted = [(w, s) for w, s in wanted if s not in buyer_stems]
            used = tuple(w for w, s in wanted if s in answer_stems)
            if similarity > 0 and wanted:
                similarity += cal.term_bonus * len(used) / len(wanted)
            results.append(PointResult(point.text, similarity >= cal.cover, similarity, used))
        weights = [cal.acknowledgement_weight if p.acknowledgement else 1.0 for p in points]
        credit = [
            min(1.0, max(0.0, (r.similarity - cal.floor) / (cal.cover - cal.floor)))
            for r in results
        ]
        score = round(100 * sum(w * c for w, c in zip(weights, credit, strict=True)) / sum(weights))
        echo = float(to_buyer[0]) if len(stretches) else 0.0
        parroted = echo >= cal.parrot_echo and not any(r.covered for r in results)
        return Feedback(
            score=score,
            passed=score >= self.pass_mark,
            pass_mark=self.pass_mark,
            points=tuple(results),
            parroted=parroted,
            try_next=_try_next(target, points, results, parroted),
            target=target,
        )

    def _playbook_terms(self, playbook: Playbook) -> Terms:
        key = f"{playbook.id}:{id(playbook)}"
        with self._lock:
            cached = self._terms.get(key)
            if cached is not None and cached[0] is playbook:
                self._terms.move_to_end(key)
                return cached[1]
        terms = Terms.of_playbook(playbook)
        with self._lock:
            self._terms[key] = (playbook, terms)
            while len(self._terms) > 16:
                self._terms.popitem(last=False)
        return terms

    def _embed(self, texts: Sequence[str]) -> Matrix:
        return np.asarray(self.embedder.embed(list(texts)), dtype=np.float32)

    def _embed_cached(self, texts: Sequence[str]) -> Matrix:
        """Vectors of playbook texts, embedded once per wording."""
        with self._lock:
            found = {t: self._vectors[t] for t in texts if t in self._vectors}
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            fresh = dict(zip(missing, self._embed(missing), strict=True))
            found.update(fresh)
            with self._lock:
                self._vectors.update(fresh)
                while len(self._vectors) > CACHE_SIZE:
                    self._vectors.popitem(last=False)
        return np.stack([found[t] for t in texts])


def _best_eligible(
    points: Sequence[KeyPoint], to_forms: Matrix, to_buyer: Matrix, parrot_margin: float
) -> list[float]:
    """Per point, the best similarity of a stretch to one of its wordings, counting only the
    stretches that are not closer to the buyer's line (0 when there is none)."""
    best: list[float] = []
    column = 0
    for point in points:
        block = to_forms[:, column : column + len(point.forms)]
        column += len(point.forms)
        if not block.size:
            best.append(0.0)
            continue
        to_point = block.max(axis=1)
        eligible = to_point >= to_buyer - parrot_margin
        best.append(max(0.0, float(to_point[eligible].max())) if eligible.any() else 0.0)
    return best


def _try_next(
    target: Target, points: Sequence[KeyPoint], results: Sequence[PointResult], parroted: bool
) -> str:
    """One concrete thing: the first missed point that acts (not the acknowledgement), else
    the first missed point, else a tip or the proof that backs the response."""
    missed = [(p, r) for p, r in zip(points, results, strict=True) if not r.covered]
    acting = [p for p, _ in missed if not p.acknowledgement] or [p for p, _ in missed]
    if parroted:
        lead = "Answer the buyer instead of repeating their words back"
        return f"{lead}: {acting[0].text}" if acting else f"{lead}."
    if acting:
        return acting[0].text
    if target.tips:
        return target.tips[0]
    if target.proof:
        return f"Back the answer with proof the buyer can keep: {', '.join(target.proof)}."
    return "Say the same in fewer words, and end with a question to the buyer."
