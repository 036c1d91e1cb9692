"""A role-play practice: its state (small enough for a Rasa slot) and the loop that scores each
answer and plays the buyer's next line."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from typing import Any, Literal

from pregame.playbook.schema import Playbook
from pregame.practice.scenario import (
    MAX_EXCHANGES,
    BuyerLine,
    follow_up,
    practice_lines,
    rehearsal_lines,
)
from pregame.practice.scoring import AnswerScorer, Feedback
from pregame.practice.targets import KINDS, PracticeError, find_target

Mode = Literal["practice", "rehearsal"]
STATE_VERSION = 1


@dataclass(frozen=True)
class PracticeSession:
    """Where a practice stands: the buyer's lines so far and the score of each answer.

    ``to_dict`` gives plain JSON (a few hundred bytes) and ``from_dict`` reads it back, so the
    state can live in a Rasa slot or a database row between turns.
    """

    playbook: str
    phase: str
    persona: str
    seed: int
    mode: Mode
    lines: tuple[BuyerLine, ...]
    scores: tuple[int, ...] = ()

    @property
    def turn(self) -> int:
        """How many answers have been scored."""
        return len(self.scores)

    @property
    def done(self) -> bool:
        return self.turn >= len(self.lines)

    @property
    def buyer_line(self) -> str | None:
        """What the buyer just said and the rep should answer; None when the practice is over."""
        return None if self.done else self.lines[self.turn].line

    def to_dict(self) -> dict[str, Any]:
        return {
            "v": STATE_VERSION,
            "playbook": self.playbook,
            "phase": self.phase,
            "persona": self.persona,
            "seed": self.seed,
            "mode": self.mode,
            "lines": [[line.kind, line.target, line.line] for line in self.lines],
            "scores": list(self.scores),
        }

    @classmethod
    def from_dict(cls, data: Any) -> PracticeSession:
        """Read a state written by :meth:`to_dict`; a clear error if it is not one."""
        if not isinstance(data, dict) or data.get("v") != STATE_VERSION:
            raise PracticeError(f"not a practice state of version {STATE_VERSION}: {data!r:.80}")
        try:
            fields = {k: data[k] for k in ("playbook", "phase", "persona", "seed", "mode")}
            rows, scores = data["lines"], data["scores"]
        except KeyError as exc:
            raise PracticeError(f"practice state has no {exc.args[0]!r}") from None
        texts = (fields["playbook"], fields["phase"], fields["persona"])
        if not all(isinstance(v, str) for v in texts) or not isinstance(fields["seed"], int):
            raise PracticeError("practice state: playbook, phase, persona must be text, seed int")
        if fields["mode"] not in ("practice", "rehearsal"):
            raise PracticeError(f"practice state: unknown mode {fields['mode']!r}")
        lines = []
        for row in rows if isinstance(rows, list) else [None]:
            if (
                not isinstance(row, list)
                or len(row) != 3
                or row[0] not in KINDS
                or not all(isinstance(v, str) and v for v in row)
            ):
                raise PracticeError(f"practice state: bad buyer line {row!r}")
            lines.append(BuyerLine(row[0], row[1], row[2]))
        if not isinstance(scores, list) or not all(
            isinstance(s, int) and 0 <= s <= 100 for s in scores
        ):
            raise PracticeError(f"practice state: bad scores {scores!r}")
        if not lines or len(scores) > len(lines):
            raise PracticeError("practice state: more scores than buyer lines, or no lines")
        return cls(lines=tuple(lines), scores=tuple(scores), **fields)


def start(playbook: Playbook, phase: str, persona: str = "", seed: int = 0) -> PracticeSession:
    """A practice of ``phase`` against ``persona`` (may be empty); ``buyer_line`` opens it."""
    lines = practice_lines(playbook, phase, persona, seed)
    return PracticeSession(playbook.id, phase, persona, seed, "practice", lines)


def rehearsal(
    playbook: Playbook,
    phase: str,
    persona: str = "",
    objection_ids: list[str] | tuple[str, ...] = (),
    seed: int = 0,
) -> PracticeSession:
    """A short rehearsal of a coming call: ``objection_ids`` are the brief's likely objections
    (empty: the phase's own)."""
    lines = rehearsal_lines(playbook, phase, persona, list(objection_ids), seed)
    return PracticeSession(playbook.id, phase, persona, seed, "rehearsal", lines)


@dataclass(frozen=True)
class Exchange:
    line: str
    score: int


@dataclass(frozen=True)
class Summary:
    """How the practice went, once the buyer has nothing more to say."""

    exchanges: tuple[Exchange, ...]
    score: int
    """The mean score of the answers, 0-100."""
    passed: bool
    pass_mark: int

    def text(self) -> str:
        verdict = "passed" if self.passed else "not passed yet"
        lines = [f"Practice over: {self.score}/100, {verdict} (pass mark {self.pass_mark})."]
        lines.extend(f"- {e.score:>3}  {e.line}" for e in self.exchanges)
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "passed": self.passed,
            "pass_mark": self.pass_mark,
            "exchanges": [{"line": e.line, "score": e.score} for e in self.exchanges],
        }


@dataclass(frozen=True)
class Turn:
    """The result of one answer: the new state, the feedback, then either the buyer's next line
    or (when the practice is over) the summary."""

    session: PracticeSession
    feedback: Feedback
    buyer_line: str | None
    summary: Summary | None


class Practice:
    """Plays the buyer and scores the rep; one per process, shared by every conversation."""

    def __init__(self, scorer: AnswerScorer) -> None:
        self.scorer = scorer

    def answer(self, playbook: Playbook, session: PracticeSession, text: str) -> Turn:
        """Score ``text`` as the answer to the current buyer line and move on."""
        if session.done:
            raise PracticeError("this practice is over: start a new one")
        if playbook.id != session.playbook:
            raise PracticeError(
                f"the practice is of playbook {session.playbook!r}, not {playbook.id!r}"
            )
        if not text.strip():
            raise PracticeError("an empty answer cannot be scored: answer the buyer in words")
        current = session.lines[session.turn]
        target = find_target(
            playbook,
            current.kind,
            current.target,
            phase_id=session.phase,
            persona_id=session.persona,
        )
        feedback = self.scorer.score(playbook, target, current.line, text)
        lines = list(session.lines)
        if not feedback.passed and len(lines) < MAX_EXCHANGES:
            pressed = follow_up(playbook, current, lines, session.seed, session.turn)
            if pressed is not None:
                lines.insert(session.turn + 1, pressed)
        after = replace(session, lines=tuple(lines), scores=(*session.scores, feedback.score))
        if after.done:
            return Turn(after, feedback, None, self.summary(after))
        return Turn(after, feedback, after.buyer_line, None)

    def summary(self, session: PracticeSession) -> Summary:
        """The practice so far: each buyer line with the answer's score, and the mean."""
        exchanges = tuple(
            Exchange(line.line, score)
            for line, score in zip(session.lines, session.scores, strict=False)
        )
        mean = round(statistics.fmean(session.scores)) if session.scores else 0
        pass_mark = self.scorer.pass_mark
        return Summary(exchanges, mean, bool(session.scores) and mean >= pass_mark, pass_mark)
