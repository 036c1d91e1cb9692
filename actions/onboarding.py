"""What the learning path's actions share: the tutor (built once), the rep's id, the slots.

The rep is the tracker's sender in the terminal and over REST; in Slack a conversation is a
thread, so the rep is the Slack user who wrote the latest message (``metadata.slack.user``,
passed on by the Slack app).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import SORRY, default_services, send
from pregame.onboarding import Outcome, Tutor, Where
from pregame.replies import ErrorPayload, Reply

log = logging.getLogger(__name__)

STEP, WHERE, PRACTICE = "learning_step", "learning", "practice"
"""The slots: what the last learning turn started (the rules branch on it), the phase being
learnt, and the practice's state."""
QUIZ_ANSWER, PRACTICE_ANSWER = "quiz_answer", "practice_answer"
"""The two forms' free-text slots."""

_BUILDING = threading.Lock()


@functools.cache
def _build_tutor() -> Tutor:
    from pregame.learning.service import Learning
    from pregame.practice.scoring import AnswerScorer
    from pregame.practice.session import Practice
    from pregame.store.database import Database
    from pregame.store.progress import Progress

    services = default_services()
    settings = services.settings
    db = Database(settings.database)
    db.migrate()  # idempotent; `pregame up` has done it already
    learning = Learning(services.library, Progress(db), services.embedder)
    practice = Practice(AnswerScorer(services.embedder, settings.practice_pass_mark))
    return Tutor(learning, practice, services.library)


def default_tutor() -> Tutor:
    """The tutor over the action server's playbooks, embedder and SQL store, built once."""
    with _BUILDING:
        return _build_tutor()


def rep_id(tracker: Tracker) -> str:
    """Who is learning: the Slack user of the latest message, else the conversation's sender."""
    metadata = tracker.latest_message.get("metadata")
    if not metadata:
        said = [e for e in tracker.events if e.get("event") == "user"]
        metadata = said[-1].get("metadata") if said else None
    slack = metadata.get("slack") if isinstance(metadata, dict) else None
    user = slack.get("user") if isinstance(slack, dict) else None
    return str(user) if user else tracker.sender_id


def where(tracker: Tracker) -> Where | None:
    return Where.from_slot(tracker.get_slot(WHERE))


def entity(tracker: Tracker, name: str) -> str | None:
    value = next(tracker.get_latest_entity_values(name), None)
    return str(value) if value is not None else None


def started(outcome: Outcome) -> list[EventType]:
    """The slots after a turn that may start a check or a practice: the forms' answers are
    cleared, so a form never completes on an answer from an earlier round."""
    events: list[EventType] = [
        SlotSet(STEP, outcome.step),
        SlotSet(QUIZ_ANSWER, None),
        SlotSet(PRACTICE_ANSWER, None),
    ]
    if outcome.where is not None:
        events.append(SlotSet(WHERE, outcome.where.to_slot()))
    if outcome.step == "practice":
        events.append(SlotSet(PRACTICE, outcome.practice))
    return events


class UsesTutor:
    """A tutor injected by tests, or the action server's own one."""

    def __init__(self, tutor: Tutor | None = None) -> None:
        self._tutor = tutor

    @property
    def tutor(self) -> Tutor:
        return self._tutor or default_tutor()

    async def call(self, rep: str, work: Any) -> Outcome | None:
        """``work(tutor)`` in a worker thread after a refresh; None (logged) if it failed."""

        def run() -> Outcome:
            self.tutor.refresh()
            result: Outcome = work(self.tutor)
            return result

        try:
            return await asyncio.to_thread(run)
        except Exception:
            log.exception("learning turn failed for %s", rep)
            return None


class TutorAction(UsesTutor, Action, ABC):
    """Subclasses say what to ask the tutor (:meth:`turn`) and which slots follow
    (:meth:`events`); a failure becomes a friendly reply and a log line."""

    @abstractmethod
    def turn(self, tutor: Tutor, rep: str, tracker: Tracker) -> Outcome: ...

    def events(self, outcome: Outcome, tracker: Tracker) -> list[EventType]:
        return []

    def failed(self) -> list[EventType]:
        """The slots when the turn failed."""
        return []

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        rep = rep_id(tracker)
        outcome = await self.call(rep, lambda tutor: self.turn(tutor, rep, tracker))
        if outcome is None:
            send(dispatcher, Reply(SORRY, payload=ErrorPayload()))
            return self.failed()
        for reply in outcome.replies:
            send(dispatcher, reply)
        return self.events(outcome, tracker)


class StartsActivity(TutorAction, ABC):
    """An action that starts a check or a practice: the slots the outcome sets, or idle."""

    def events(self, outcome: Outcome, tracker: Tracker) -> list[EventType]:
        return started(outcome)

    def failed(self) -> list[EventType]:
        return [SlotSet(STEP, "idle")]


def warm_tutor() -> None:
    """Build the tutor (and migrate the store) before the server takes turns."""
    default_tutor()
