"""Per-conversation timelines over the events: what a slot was, what the seller last typed."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from pregame.insights.records import BotEvent, SlotEvent, UserEvent


class Timeline:
    """Per conversation, the values a slot took over time: what was it at a given moment?"""

    def __init__(self, events: Iterable[SlotEvent]) -> None:
        self._times: dict[str, list[float]] = defaultdict(list)
        self._values: dict[str, list[Any]] = defaultdict(list)
        for event in events:
            self._times[event.sender].append(event.at)
            self._values[event.sender].append(event.value)

    def at(self, sender: str, moment: float) -> Any:
        times = self._times.get(sender)
        if not times:
            return None
        index = bisect.bisect_right(times, moment) - 1
        return self._values[sender][index] if index >= 0 else None


class Said:
    """Per conversation, what the seller last typed before a moment (button payloads like
    ``/intent{...}`` skipped: they are clicks, not wordings)."""

    def __init__(self, events: Iterable[UserEvent]) -> None:
        self._times: dict[str, list[float]] = defaultdict(list)
        self._events: dict[str, list[UserEvent]] = defaultdict(list)
        for event in events:
            self._times[event.sender].append(event.at)
            self._events[event.sender].append(event)

    def before(self, sender: str, moment: float) -> UserEvent | None:
        times = self._times.get(sender, [])
        index = bisect.bisect_right(times, moment) - 1
        while index >= 0:
            event = self._events[sender][index]
            if event.text and not event.text.startswith("/"):
                return event
            index -= 1
        return None

    def next_after(self, sender: str, moment: float) -> UserEvent | None:
        times = self._times.get(sender, [])
        index = bisect.bisect_right(times, moment)
        return self._events[sender][index] if index < len(times) else None


def playbook_of(event: BotEvent, playbooks: Timeline) -> str | None:
    """The playbook a bot message is about: its own field, else the seller's current play."""
    own = event.payload.get("playbook")
    return str(own) if own else playbooks.at(event.sender, event.at)
