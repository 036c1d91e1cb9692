"""The learning path as a conversation: what the Rasa actions call for lessons, knowledge
checks, role-play practice, pre-call rehearsal and a rep's progress.

Each method takes the rep's id and what the conversation holds (:class:`Where` the rep is
learning, the practice's state) and returns an :class:`Outcome`: the replies, and what the
conversation should hold next. Progress itself is kept by :class:`~pregame.learning.Learning`
in the SQL store, so a rep can stop anywhere and carry on from another channel. Bad input (an
unknown phase, an answer that is not an option) becomes a reply that says what to do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from pregame.coach.resolve import best_alias, resolve_persona
from pregame.learning.checks import parse_choice
from pregame.learning.errors import CheckChanged, LearningError
from pregame.learning.lesson import phase_personas
from pregame.learning.readiness import Activity
from pregame.learning.service import Learning, check_seed
from pregame.onboarding import cards
from pregame.playbook.schema import Playbook
from pregame.practice.session import Practice, PracticeSession, rehearsal, start
from pregame.practice.targets import PracticeError
from pregame.replies import Button, Reply
from pregame.store.progress import CheckAttempt

Step = Literal["lesson", "check", "practice", "idle"]
"""What a learning turn started; the conversation branches on it (a form for a check or a
practice)."""

_CHECK_WORDS = re.compile(r"\b(qui?zz?|quizes|check|chek|test|exam)\w*", re.IGNORECASE)
NO_PREP = (
    "Rehearse what? Prep the call first, for example \"prep me for my call with Acme's CFO, "
    'evaluation stage", then say "rehearse" and I play that buyer.'
)


class Library(Protocol):
    """What the tutor needs of :class:`~pregame.playbook.library.PlaybookLibrary`."""

    def refresh(self) -> None: ...

    def playbooks(self) -> list[Playbook]: ...

    def get(self, playbook_id: str) -> Playbook: ...


@dataclass(frozen=True)
class Where:
    """The phase a rep is learning in this conversation (kept in a Rasa slot)."""

    playbook: str
    phase: str

    def to_slot(self) -> dict[str, str]:
        return {"playbook": self.playbook, "phase": self.phase}

    @classmethod
    def from_slot(cls, value: Any) -> Where | None:
        if isinstance(value, dict) and value.get("playbook") and value.get("phase"):
            return cls(str(value["playbook"]), str(value["phase"]))
        return None


@dataclass(frozen=True)
class Outcome:
    """What to say, and what the conversation holds after the turn."""

    replies: list[Reply]
    step: Step = "idle"
    where: Where | None = None
    practice: dict[str, Any] | None = None
    """The practice's state (:meth:`PracticeSession.to_dict`) while one is under way."""
    done: bool = True
    """For an answer in a check or a practice: whether it was the last one."""


def _said(text: str, buttons: tuple[Button, ...] = ()) -> Reply:
    return Reply(text, buttons)


@contextmanager
def _told(errors: list[Reply]) -> Iterator[None]:
    """Turn bad input into a reply (collected in ``errors``) instead of a failed turn."""
    try:
        yield
    except (LearningError, PracticeError) as exc:
        errors.append(_said(f"{str(exc)[:1].upper()}{str(exc)[1:]}."))


class Tutor:
    """One per action server, shared by every conversation (it keeps no conversation state)."""

    def __init__(self, learning: Learning, practice: Practice, library: Library) -> None:
        self.learning = learning
        self.practice = practice
        self.library = library

    def refresh(self) -> None:
        """Pick up edited playbooks (call once at the start of each turn)."""
        self.library.refresh()

    @property
    def pass_mark(self) -> int:
        return self.practice.scorer.pass_mark

    # -- lessons and knowledge checks --------------------------------------------------------

    def learn(
        self,
        rep: str,
        texts: Sequence[str],
        activity: str | None = None,
        ref: str | None = None,
    ) -> Outcome:
        """The lesson, check or practice the rep asks for, or else what is next for them."""
        return self._guarded(lambda: self._learn(rep, texts, activity, ref))

    def _learn(
        self, rep: str, texts: Sequence[str], activity: str | None, ref: str | None
    ) -> Outcome:
        wanted = Activity(activity) if activity in ("lesson", "check", "practice") else None
        if wanted is None and any(_CHECK_WORDS.search(t) for t in texts if t):
            wanted = Activity.CHECK
        target = self._target(rep, texts, ref)
        if target is None:
            step = self.learning.next_step(rep)
            if step.phase is None:
                return self.progress(rep)
            target = (self.library.get(step.phase.playbook_id), step.phase.phase_id)
            wanted = wanted or step.activity
        playbook, phase_id = target
        match wanted or Activity.LESSON:
            case Activity.CHECK:
                return self._start_check(rep, playbook, phase_id)
            case Activity.PRACTICE:
                return self._start_practice(rep, playbook, phase_id, texts)
            case _:
                lesson = self.learning.lesson(rep, playbook.id, phase_id)
                done = self.learning.progress.summaries([rep]).get(rep, {})
                record = done.get((playbook.id, lesson.phase_id))
                passed = bool(record and record.check_passed)
                where = Where(playbook.id, lesson.phase_id)
                return Outcome([cards.lesson(lesson, passed)], "lesson", where)

    def _start_check(self, rep: str, playbook: Playbook, phase_id: str) -> Outcome:
        status = self.learning.start_check(rep, playbook.id, phase_id)
        phase = playbook.phase(phase_id)
        reply = cards.check_started(
            phase.name, status.total, self.learning.rules.pass_mark, status.next_question
        )
        return Outcome([reply], "check", Where(playbook.id, phase_id))

    def question(self, rep: str, where: Where | None) -> Outcome:
        """The question of the rep's open check to answer now (the check form asks it)."""
        return self._guarded(lambda: self._question(rep, where))

    def _question(self, rep: str, where: Where | None) -> Outcome:
        attempt = self._open_attempt(rep, where)
        if where is None or attempt is None or attempt.next_index is None:
            return Outcome([_said('No knowledge check is under way. Say "learn" to start one.')])
        playbook = self.library.get(where.playbook)
        question = self.learning.question(rep, where.playbook, where.phase, attempt.next_index)
        name = playbook.phase(where.phase).name
        reply = cards.question(question, name, attempt.next_index, attempt.total)
        return Outcome([reply], "check", where)

    def answer(
        self,
        rep: str,
        where: Where | None,
        text: str,
        choice: int | None = None,
        question_id: str | None = None,
    ) -> Outcome:
        """Grade the rep's answer (``choice`` 0-based from a button, else read from ``text``);
        ``done`` once the check is complete or there is no check to answer."""
        attempt = self._open_attempt(rep, where)
        if where is None or attempt is None or attempt.next_index is None:
            return Outcome([_said('No knowledge check is under way. Say "learn" to start one.')])
        errors: list[Reply] = []
        try:
            question = self.learning.question(rep, where.playbook, where.phase, attempt.next_index)
            if choice is None:
                choice = parse_choice(text, question)
            result = self.learning.answer(
                rep, where.playbook, where.phase, attempt.next_index, choice, question_id
            )
        except CheckChanged as exc:
            self.learning.start_check(rep, where.playbook, where.phase)  # the new questions
            return Outcome(
                [_said(f"{str(exc)[:1].upper()}{str(exc)[1:]}.")], "check", where, done=False
            )
        except LearningError as exc:
            errors.append(_said(f"{str(exc)[:1].upper()}{str(exc)[1:]} (or say stop)."))
            return Outcome(errors, "check", where, done=False)
        reply = cards.answered(result, self.learning.rules.pass_mark)
        return Outcome([reply], "check", where, done=result.finished)

    # -- role-play ---------------------------------------------------------------------------

    def practise(self, rep: str, texts: Sequence[str], ref: str | None = None) -> Outcome:
        """A practice of the phase the rep names, else of their next phase (or the first)."""

        def run() -> Outcome:
            target = self._target(rep, texts, ref)
            if target is None:
                step = self.learning.next_step(rep)
                phases = self.learning.path(rep).phases()
                chosen = step.phase or (phases[0] if phases else None)
                if chosen is None:
                    return self.progress(rep)
                target = (self.library.get(chosen.playbook_id), chosen.phase_id)
            return self._start_practice(rep, target[0], target[1], texts)

        return self._guarded(run)

    def _start_practice(
        self, rep: str, playbook: Playbook, phase_id: str, texts: Sequence[str]
    ) -> Outcome:
        phase = playbook.phase(phase_id)
        attempt = len(self.learning.progress.practice_attempts(rep, playbook.id, phase.id))
        seed = check_seed(rep, attempt)
        persona = resolve_persona(playbook, texts)
        if persona is None:
            personas = phase_personas(playbook, phase)
            persona = personas[seed % len(personas)].id if personas else ""
        session = start(playbook, phase.id, persona, seed)
        reply = cards.practice_started(playbook, session, self.pass_mark)
        return Outcome([reply], "practice", Where(playbook.id, phase.id), session.to_dict())

    def rehearse(
        self,
        rep: str,
        playbook_id: str | None,
        phase_id: str | None,
        persona: str | None,
        objection_ids: Sequence[str] = (),
    ) -> Outcome:
        """A rehearsal of the call just prepped: its persona, its likely objections first."""
        if not playbook_id or not phase_id:
            return Outcome([_said(NO_PREP)])

        def run() -> Outcome:
            playbook = self._playbook(playbook_id)
            session = rehearsal(playbook, phase_id, persona or "", list(objection_ids))
            reply = cards.practice_started(playbook, session, self.pass_mark)
            return Outcome([reply], "practice", Where(playbook.id, phase_id), session.to_dict())

        return self._guarded(run)

    def reply(self, rep: str, state: Any, text: str) -> Outcome:
        """Score the rep's answer to the buyer and play the next line; after the last one,
        the summary (a practice's is recorded on the rep's path)."""
        try:
            session = PracticeSession.from_dict(state)
            playbook = self._playbook(session.playbook)
        except (PracticeError, LearningError) as exc:
            return Outcome(
                [_said(f"This practice can't go on ({exc}). Say practice to start again.")]
            )
        try:
            turn = self.practice.answer(playbook, session, text)
        except PracticeError as exc:
            message = f"{str(exc)[:1].upper()}{str(exc)[1:]}."
            return Outcome([_said(message)], "practice", practice=state, done=False)
        where = Where(playbook.id, session.phase)
        replies = [
            cards.practice_turn(turn.session, turn.feedback, turn.buyer_line, turn.session.turn)
        ]
        if turn.summary is None:
            return Outcome(replies, "practice", where, turn.session.to_dict(), done=False)
        recorded = session.mode == "practice"
        if recorded:
            details = {**turn.summary.as_dict(), "persona": session.persona, "seed": session.seed}
            self.learning.progress.record_practice(
                rep, playbook.id, session.phase, turn.summary.score, turn.summary.passed, details
            )
        replies.append(cards.practice_summary(playbook, turn.session, turn.summary, recorded))
        return Outcome(replies, "idle", where, None, done=True)

    # -- progress and stopping ---------------------------------------------------------------

    def progress(self, rep: str) -> Outcome:
        """The rep's path with their record per phase, and what is next."""
        states = self.learning.phases(rep)
        return Outcome([cards.progress(states, self.learning.next_step(rep))])

    def stop(self, rep: str, where: Where | None, stopped: Step) -> Outcome:
        """The rep left a check (kept open, to carry on later) or a practice (not scored)."""
        if stopped == "practice":
            buttons = (
                (cards.practice_button(where.playbook, where.phase, "Practice again"),)
                if where
                else ()
            )
            return Outcome([_said("Practice stopped; it was not scored.", buttons)], where=where)
        attempt = self._open_attempt(rep, where)
        if attempt is not None and attempt.next_index is not None:
            text = (
                f"Check paused at question {attempt.next_index + 1} of {attempt.total}. "
                'Say "learn" to carry on where you left off.'
            )
        else:
            text = 'Stopped. Say "learn" whenever you want to carry on.'
        return Outcome([_said(text, (cards.WHATS_NEXT,))], where=where)

    # -- helpers -----------------------------------------------------------------------------

    def _guarded(self, run: Callable[[], Outcome]) -> Outcome:
        errors: list[Reply] = []
        with _told(errors):
            return run()
        return Outcome(errors)

    def _open_attempt(self, rep: str, where: Where | None) -> CheckAttempt | None:
        if where is None:
            return None
        return self.learning.progress.open_check(rep, where.playbook, where.phase)

    def _playbook(self, playbook_id: str) -> Playbook:
        try:
            return self.library.get(playbook_id)
        except KeyError:
            known = ", ".join(p.id for p in self.library.playbooks()) or "none"
            raise LearningError(f"no playbook '{playbook_id}'; known: {known}") from None

    def _target(
        self, rep: str, texts: Sequence[str], ref: str | None
    ) -> tuple[Playbook, str] | None:
        """The phase a button names (``playbook/phase``), or that the rep's words name by one of
        its aliases (playbooks on the rep's path first); None when they name none."""
        if ref and "/" in ref:
            playbook_id, _, phase_id = ref.partition("/")
            playbook = self._playbook(playbook_id)
            try:
                playbook.phase(phase_id)
            except KeyError:
                known = ", ".join(p.id for p in playbook.phases)
                raise LearningError(
                    f"playbook '{playbook_id}' has no phase '{phase_id}'; its phases: {known}"
                ) from None
            return playbook, phase_id
        words = [*texts, ref or ""]
        on_path = [p.playbook_id for p in self.learning.path(rep).playbooks]
        playbooks = sorted(
            self.library.playbooks(),
            key=lambda p: on_path.index(p.id) if p.id in on_path else len(on_path),
        )
        for playbook in playbooks:
            options = [(p.id, [p.id, p.name, *p.aliases]) for p in playbook.phases]
            found = best_alias(words, options)
            if found:
                return playbook, found
        return None
