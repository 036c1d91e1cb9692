"""One Slack thread is one Rasa conversation: the sender id is team, channel and thread."""

from __future__ import annotations

from dataclasses import dataclass

PREFIX = "slack"


@dataclass(frozen=True)
class Thread:
    team: str
    channel: str
    ts: str  # the thread's root message

    @property
    def sender(self) -> str:
        return f"{PREFIX}:{self.team}:{self.channel}:{self.ts}"

    @classmethod
    def from_sender(cls, sender: str) -> Thread:
        prefix, team, channel, ts = sender.split(":")
        if prefix != PREFIX:
            raise ValueError(f"not a Slack sender id: {sender!r}")
        return cls(team, channel, ts)

    @classmethod
    def of_message(cls, team: str, channel: str, ts: str, thread_ts: str | None) -> Thread:
        """A top-level message starts its own thread; a reply belongs to its root's."""
        return cls(team, channel, thread_ts or ts)
