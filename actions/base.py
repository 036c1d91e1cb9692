"""The shared shape of every Pregame action: tracker in, coach turn, replies and slots out."""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import threading
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from pregame.coach import answer_cards
from pregame.coach.coach import Coach, Turn
from pregame.coach.state import SLOTS, PlayState
from pregame.replies import ErrorPayload, Reply, ReplyType, message_type
from pregame.retrieval.store import StoreUnavailable

if TYPE_CHECKING:
    from pregame.services import Services

log = logging.getLogger(__name__)

SORRY = (
    "Sorry, something went wrong on my side while answering that. "
    "Please try again in a moment; if it keeps happening, tell the Pregame admin."
)


_BUILDING = threading.Lock()


@functools.cache
def _build_services() -> Services:
    from pregame.services import build_services
    from pregame.settings import Settings

    _log_to_stderr()
    settings = Settings()
    # With several action servers, only the first re-indexes edited playbooks (one writer).
    return build_services(settings, watch_playbooks=settings.index_writer)


@functools.cache
def _build_coach() -> Coach:
    return _build_services().coach()


def default_services() -> Services:
    """The settings, embedder and playbook library the action server's parts share, built
    once on first use (not at import)."""
    with _BUILDING:
        return _build_services()


def default_coach() -> Coach:
    """The coach the action server uses, built once on first use (not at import)."""
    with _BUILDING:  # turns run in threads: the first two must not both build it
        return _build_coach()


def warm_up() -> None:
    """Build the coach and what its first turns need; the action server calls this before it
    listens, so no seller's turn pays for loading the model or embedding the objections."""
    default_coach().warm()


def _log_to_stderr() -> None:
    """Show pregame's logs, once: through the root logger when the server set one up (our own
    action server does), else through a handler of our own (``rasa run actions`` workers)."""
    logger = logging.getLogger("pregame")
    if not logger.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)-8s %(name)s  - %(message)s")
        )
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


class UsesCoach:
    """A coach injected by tests, or the action server's own one."""

    def __init__(self, coach: Coach | None = None) -> None:
        self._coach = coach

    @property
    def coach(self) -> Coach:
        return self._coach or default_coach()


class CoachAction(UsesCoach, Action, ABC):
    """Subclasses implement :meth:`turn`; failures become a friendly reply and a log line
    (Chroma not answering where the coach could not do without it, for example while the coach
    is built, gets its own reply and a line without a traceback).

    Each run refreshes the coach once (edited playbooks and knowledge), before the turn.
    """

    @abstractmethod
    def turn(self, state: PlayState, tracker: Tracker) -> Turn: ...

    def extra_events(self, tracker: Tracker) -> list[EventType]:
        """Events besides the play slots (for example a recorded feedback)."""
        return []

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = play_state(tracker)

        def work() -> tuple[Turn, list[EventType]]:
            self.coach.refresh()
            return self.turn(state, tracker), self.extra_events(tracker)

        try:
            # Embedding, search and matching are CPU work: off the event loop, so one
            # seller's slow turn never holds up another's.
            turn, extra = await asyncio.to_thread(work)
        except StoreUnavailable as exc:
            log.warning("action %s failed: %s", self.name(), exc)
            send(dispatcher, answer_cards.knowledge_unreachable(state.active, "answer that"))
            return []
        except Exception:
            log.exception("action %s failed", self.name())
            send(dispatcher, Reply(SORRY, payload=ErrorPayload()))
            return []
        for reply in turn.replies:
            send(dispatcher, reply)
        return slot_changes(state, turn.state) + extra


def play_state(tracker: Tracker) -> PlayState:
    return PlayState.from_slots({name: tracker.get_slot(name) for name in SLOTS})


def slot_changes(old: PlayState, new: PlayState) -> list[EventType]:
    before, after = old.to_slots(), new.to_slots()
    return [SlotSet(k, v) for k, v in after.items() if before.get(k) != v]


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """One reply as a Rasa message; a plain text reply carries no custom payload."""
    dispatcher.utter_message(
        text=reply.text,
        buttons=[{"title": b.title, "payload": b.payload} for b in reply.buttons],
        json_message=None if reply.type is ReplyType.TEXT else reply.data,
    )


def user_text(tracker: Tracker) -> str:
    """What the seller typed; empty for a button payload such as ``/ask_content``.

    After the fallback's clarifying question, the clicked button stands for the seller's
    unclear message before it, so that message's words are used.
    """
    text = str(tracker.latest_message.get("text") or "")
    if not text.startswith("/"):
        return text
    # All events, not Tracker.applied_events(): the fallback reverts the unclear message. On
    # the click, Rasa's two-stage fallback reverts it and adds a copy of the click, so the user
    # events end: unclear message, click, copy of the click.
    said = [e for e in tracker.events if e.get("event") == "user"]
    for before in reversed(said[-3:-1]):
        typed = str(before.get("text") or "")
        if typed.startswith("/"):
            continue
        intent = (before.get("parse_data") or {}).get("intent", {}).get("name")
        return typed if intent == "nlu_fallback" else ""
    return ""


def said_before(tracker: Tracker) -> str:
    """The seller's last typed words, skipping button payloads: what a button click answers."""
    for event in reversed(tracker.events):
        text = str(event.get("text") or "") if event.get("event") == "user" else ""
        if text and not text.startswith("/"):
            return text
    return ""


def last_card(tracker: Tracker) -> ReplyType | None:
    """The type of the last message the bot sent (see docs/conversation.md), if it sent one;
    :attr:`ReplyType.TEXT` for a plain message."""
    event = tracker.get_last_event_for("bot")
    if event is None:
        return None
    return message_type(event.get("data") or {})


def entity_values(tracker: Tracker, entity: str) -> list[str]:
    """The values of one entity in the seller's latest message."""
    return [str(v) for v in tracker.get_latest_entity_values(entity)]


def texts(tracker: Tracker) -> list[str]:
    """Entity values and the seller's own words: what names are resolved against."""
    entities = tracker.latest_message.get("entities") or []
    return [*(str(e.get("value")) for e in entities), user_text(tracker)]


ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "last": -1, "final": -1,
}  # fmt: skip


def step_number(tracker: Tracker) -> int | None:
    """A step number from the step_number entity, or from "step 3" in the text."""
    candidates = entity_values(tracker, "step_number")
    text = user_text(tracker).lower()
    # "step 3", "step three", and "the 3rd step", "the final step"
    for pattern in (r"\bstep\s+(\d+|[a-z]+)\b", r"\b(\d+(?:st|nd|rd|th)?|[a-z]+)\s+step\b"):
        found = re.search(pattern, text)
        if found:
            candidates.append(found.group(1))
    for candidate in candidates:
        word = candidate.lower().strip().rstrip(".")
        digits = re.sub(r"(st|nd|rd|th)$", "", word)
        if digits.isdigit():
            return int(digits)
        if word in ORDINALS:
            return ORDINALS[word]
    return None
