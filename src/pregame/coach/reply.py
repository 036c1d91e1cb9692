"""What the bot says: text for any channel, buttons, and a machine-readable payload."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One bot message. ``data`` lets a channel (Slack) render rich cards without parsing text."""

    text: str
    buttons: tuple[Button, ...] = ()
    data: dict[str, Any] = field(default_factory=dict)


NAV_BUTTONS = (
    Button("Back", "/previous_step"),
    Button("Next", "/next_step"),
    Button("Content", "/ask_content"),
)


def bullets(items: list[str], prefix: str = "  • ") -> str:
    return "\n".join(prefix + item for item in items)
