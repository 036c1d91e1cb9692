"""A small client for Rasa's REST channel."""

from __future__ import annotations

from typing import Any

import httpx


class BotUnavailable(RuntimeError):
    """The Rasa server could not be reached or answered with an error."""


class RasaClient:
    def __init__(self, base_url: str, timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def send(self, sender: str, message: str) -> list[dict[str, Any]]:
        """One turn: the bot's messages (text, buttons, custom payload) in order."""
        url = f"{self.base_url}/webhooks/rest/webhook"
        try:
            response = httpx.post(
                url, json={"sender": sender, "message": message}, timeout=self.timeout
            )
        except httpx.HTTPError as exc:
            raise BotUnavailable(
                f"Cannot reach the bot at {self.base_url} ({exc.__class__.__name__}). "
                "Is it running? Start it with `pregame up`."
            ) from exc
        if response.status_code != 200:
            raise BotUnavailable(f"The bot answered HTTP {response.status_code}: {response.text}")
        messages: list[dict[str, Any]] = response.json()
        return messages


def merge(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rasa's REST channel sends a message's custom payload separately; join them again."""
    merged: list[dict[str, Any]] = []
    for message in messages:
        if "custom" in message and "text" not in message and merged:
            merged[-1] = {**merged[-1], "custom": message["custom"]}
        else:
            merged.append(dict(message))
    return merged
