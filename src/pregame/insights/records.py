"""What the insight queries read, as plain data: the filters a manager picks, and the events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

SLACK_PREFIX = "slack"
"""Slack conversations' sender ids are ``slack:<team>:<channel>:<thread ts>``
(:class:`pregame.slack.threads.Thread`)."""


@dataclass(frozen=True)
class Filters:
    """What a manager looks at: a time range (dates, UTC, ``until`` included), a playbook and a
    team (of the ``pregame_reps`` table)."""

    since: date | None = None
    until: date | None = None
    playbook: str | None = None
    team: str | None = None

    def bounds(self) -> tuple[float, float]:
        start = datetime.combine(self.since, time.min, UTC).timestamp() if self.since else 0.0
        end = datetime.combine(self.until, time.max, UTC).timestamp() if self.until else 1e12
        return start, end

    def span(self) -> Filters:
        """The time range alone (what the store reads)."""
        return Filters(self.since, self.until)

    def keeps(self, playbook: str | None) -> bool:
        return self.playbook is None or playbook == self.playbook


@dataclass(frozen=True)
class BotEvent:
    sender: str
    at: float
    payload: dict[str, Any]

    @property
    def type(self) -> str:
        return str(self.payload.get("type", "text"))


@dataclass(frozen=True)
class UserEvent:
    sender: str
    at: float
    intent: str
    text: str
    seller: str = ""
    """Who typed it: the Slack user of a Slack conversation, else the sender id itself."""


@dataclass(frozen=True)
class SlotEvent:
    sender: str
    at: float
    name: str
    value: Any


def slack_sender(team: str, channel: str, thread_ts: str) -> str:
    """The Rasa sender id of a Slack thread."""
    return f"{SLACK_PREFIX}:{team}:{channel}:{thread_ts}"
