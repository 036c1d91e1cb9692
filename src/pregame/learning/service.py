"""The learning path behind one object, for the Rasa actions, Slack and the terminal chat.

Every method reads the playbooks served by the library (call its ``refresh()`` at the start
of a turn, as the coach does) and keeps progress in the SQL store, so a rep can stop at any
point and carry on from any channel. Bad input (an unknown playbook or phase, a question out
of range or out of turn) raises :class:`~pregame.learning.errors.LearningError`.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from pregame.learning.checks import Check, CheckRules, Question, generate_check, passes, score
from pregame.learning.errors import CheckChanged, LearningError
from pregame.learning.lesson import Lesson, build_lesson
from pregame.learning.path import (
    LearningPath,
    find_phase,
    learning_path,
    playbook_path,
    playbook_version,
)
from pregame.learning.readiness import (
    NextStep,
    PhaseState,
    Readiness,
    phase_states,
    team_readiness,
    whats_next,
)
from pregame.learning.similarity import DEFAULT_THRESHOLD, Embedder, Similarity
from pregame.playbook.schema import Playbook
from pregame.store.progress import CheckAttempt, Progress, ProgressError, Rep

_CHECKS_KEPT = 256


class PlaybookSource(Protocol):
    """What the service needs of :class:`~pregame.playbook.library.PlaybookLibrary`."""

    def playbooks(self) -> list[Playbook]: ...

    def get(self, playbook_id: str) -> Playbook: ...


@dataclass(frozen=True)
class CheckStatus:
    """Where a rep's current attempt at a check stands."""

    playbook_id: str
    phase_id: str
    attempt: int
    total: int
    answered: int
    correct: int
    next_question: int | None
    """The question to ask next (0-based); None when all are answered."""
    score: int | None = None
    passed: bool | None = None


@dataclass(frozen=True)
class Answered:
    """The outcome of one answer; ``status`` carries the score once the check is complete."""

    question: Question
    choice: int
    correct: bool
    status: CheckStatus

    @property
    def finished(self) -> bool:
        return self.status.next_question is None


def check_seed(user_id: str, attempt: int) -> int:
    """The seed of a rep's n-th attempt: each rep and each retake gets its own questions."""
    return int(hashlib.sha256(f"{user_id}:{attempt}".encode()).hexdigest()[:7], 16)


def _status(attempt: CheckAttempt) -> CheckStatus:
    return CheckStatus(
        playbook_id=attempt.playbook_id,
        phase_id=attempt.phase_id,
        attempt=attempt.attempt,
        total=attempt.total,
        answered=len(attempt.answers),
        correct=attempt.correct,
        next_question=attempt.next_index,
        score=attempt.score,
        passed=attempt.passed,
    )


def _nth(check: Check, index: int) -> Question:
    if not 0 <= index < len(check.questions):
        raise LearningError(f"the check has questions 1 to {len(check.questions)}, not {index + 1}")
    return check.questions[index]


@contextmanager
def _as_learning_error() -> Iterator[None]:
    try:
        yield
    except ProgressError as exc:
        raise LearningError(str(exc)) from exc


class Learning:
    """Lessons, knowledge checks, what's next and readiness for every rep."""

    def __init__(
        self,
        playbooks: PlaybookSource,
        progress: Progress,
        embedder: Embedder,
        rules: CheckRules | None = None,
        similarity_threshold: float = DEFAULT_THRESHOLD,
    ) -> None:
        self.playbooks = playbooks
        self.progress = progress
        self.rules = rules or CheckRules()
        self.similarity = Similarity(embedder, similarity_threshold)
        self._checks: OrderedDict[tuple[str, str, int], Check] = OrderedDict()

    # the path

    def set_team(
        self,
        user_id: str,
        team: str | None = None,
        display_name: str | None = None,
        is_manager: bool | None = None,
    ) -> Rep:
        """Register a rep or change their team, name or manager flag (None keeps it)."""
        with _as_learning_error():
            return self.progress.set_rep(user_id, team, display_name, is_manager)

    def path(self, user_id: str) -> LearningPath:
        """The playbooks for everyone and for the rep's team, their phases in order."""
        rep = self.progress.rep(user_id)
        return learning_path(self.playbooks.playbooks(), rep.team if rep and rep.team else None)

    def phases(self, user_id: str) -> list[PhaseState]:
        """Each phase on the rep's path with their record in it (for the App Home)."""
        done = self.progress.summaries([user_id]).get(user_id, {})
        return phase_states(self.path(user_id), done)

    def next_step(self, user_id: str, playbook_id: str | None = None) -> NextStep:
        """The next lesson, check (resumed at its open question) or practice; or, with
        ``activity`` READY and no phase, that every phase is ready. ``playbook_id`` limits
        it to one playbook, on the rep's path or not."""
        if playbook_id is None:
            path = self.path(user_id)
        else:
            path = LearningPath(team=None, playbooks=(playbook_path(self._playbook(playbook_id)),))
        done = self.progress.summaries([user_id]).get(user_id, {})
        states = phase_states(path, done)
        open_questions: dict[tuple[str, str], int] = {}
        for state in states:  # only the first phase not ready can be the next step
            if not state.ready:
                key = (state.phase.playbook_id, state.phase.phase_id)
                attempt = self.progress.open_check(user_id, *key)
                version = self._version(state.phase.playbook_id)
                if attempt and attempt.next_index is not None and attempt.version == version:
                    open_questions[key] = attempt.next_index
                break
        return whats_next(states, open_questions)

    def readiness(self, team: str | None = None) -> Readiness:
        return team_readiness(self.playbooks.playbooks(), self.progress, team)

    # lessons

    def lesson(self, user_id: str, playbook_id: str, phase_id: str) -> Lesson:
        """The phase's lesson; the rep has now read it."""
        lesson = build_lesson(self._playbook(playbook_id), phase_id)
        with _as_learning_error():
            self.progress.mark_lesson_read(user_id, playbook_id, lesson.phase_id)
        return lesson

    # knowledge checks

    def start_check(self, user_id: str, playbook_id: str, phase_id: str) -> CheckStatus:
        """Carry on with the rep's open attempt, or start a new one. An open attempt whose
        playbook has changed since is closed unscored and a fresh one started."""
        playbook = self._playbook(playbook_id)
        find_phase(playbook, phase_id)
        version = playbook_version(playbook)
        current = self.progress.open_check(user_id, playbook_id, phase_id)
        if current is not None and current.version == version:
            return _status(current)
        with _as_learning_error():
            if current is not None:
                self.progress.abandon_check(current.id)
            attempt = len(self.progress.check_attempts(user_id, playbook_id, phase_id)) + 1
            seed = check_seed(user_id, attempt)
            check = self.check(playbook_id, phase_id, seed)
            started = self.progress.start_check(
                user_id, playbook_id, phase_id, version, seed, len(check.questions)
            )
        return _status(started)

    def check(self, playbook_id: str, phase_id: str, seed: int) -> Check:
        """The check of the served playbook version for ``seed`` (built once, then kept)."""
        playbook = self._playbook(playbook_id)
        key = (playbook_version(playbook), phase_id, seed)
        if key in self._checks:
            self._checks.move_to_end(key)
            return self._checks[key]
        check = generate_check(playbook, phase_id, seed, self.similarity, self.rules)
        self._checks[key] = check
        while len(self._checks) > _CHECKS_KEPT:
            self._checks.popitem(last=False)
        return check

    def question(self, user_id: str, playbook_id: str, phase_id: str, index: int) -> Question:
        """Question ``index`` (0-based) of the rep's open attempt."""
        _, check = self._open(user_id, playbook_id, phase_id)
        return _nth(check, index)

    def answer(
        self,
        user_id: str,
        playbook_id: str,
        phase_id: str,
        index: int,
        choice: int,
        question_id: str | None = None,
    ) -> Answered:
        """Grade option ``choice`` (0-based) for question ``index``; the last answer scores the
        attempt. ``question_id`` (from the button or the question shown) guards against an
        answer to a question that is no longer asked: :class:`CheckChanged`."""
        attempt, check = self._open(user_id, playbook_id, phase_id)
        question = _nth(check, index)
        if question_id is not None and question_id != question.id:
            raise CheckChanged(
                "that answer is for a question this check no longer asks; "
                f"here is question {index + 1} again"
            )
        correct = question.is_correct(choice)
        with _as_learning_error():
            attempt = self.progress.answer_check(attempt.id, index, question.id, choice, correct)
            if attempt.next_index is None:
                total = attempt.total
                attempt = self.progress.finish_check(
                    attempt.id,
                    score(attempt.correct, total),
                    passes(attempt.correct, total, check.pass_mark),
                )
        return Answered(question, choice, correct, _status(attempt))

    # helpers

    def _open(self, user_id: str, playbook_id: str, phase_id: str) -> tuple[CheckAttempt, Check]:
        playbook = self._playbook(playbook_id)
        find_phase(playbook, phase_id)
        attempt = self.progress.open_check(user_id, playbook_id, phase_id)
        if attempt is None:
            raise LearningError(
                f"no knowledge check of '{phase_id}' ({playbook_id}) is under way: start one"
            )
        if attempt.version != playbook_version(playbook):
            with _as_learning_error():
                self.progress.abandon_check(attempt.id)
            raise CheckChanged(
                f"the playbook '{playbook_id}' changed during the check, and so did its "
                "questions: start the check again"
            )
        return attempt, self.check(playbook_id, phase_id, attempt.seed)

    def _playbook(self, playbook_id: str) -> Playbook:
        try:
            return self.playbooks.get(playbook_id)
        except KeyError:
            known = ", ".join(p.id for p in self.playbooks.playbooks()) or "none"
            raise LearningError(f"no playbook '{playbook_id}'; known: {known}") from None

    def _version(self, playbook_id: str) -> str:
        return playbook_version(self._playbook(playbook_id))
