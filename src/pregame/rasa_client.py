"""The one client of the Rasa server: the REST channel for turns, ``/status`` for health.

Used by ``pregame chat`` and ``ask``, the Slack app and the stack's health checks. The network
is injected (an ``httpx`` client or transport), so tests can swap it; a sync and an async
flavour share the request and response handling, and both return the same shape: the bot's
messages with each custom payload merged into the message it belongs to.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from pregame.replies import BotMessage

WEBHOOK = "/webhooks/rest/webhook"
STATUS = "/status"


class BotUnavailable(RuntimeError):
    """The Rasa server could not be reached or answered with an error."""


def merge(messages: Sequence[Mapping[str, Any]]) -> list[BotMessage]:
    """Rasa's REST channel sends a message's custom payload separately; join them again.

    Idempotent: merging merged messages changes nothing.
    """
    merged: list[dict[str, Any]] = []
    for message in messages:
        if "custom" in message and "text" not in message and merged:
            merged[-1] = {**merged[-1], "custom": message["custom"]}
        else:
            merged.append(dict(message))
    return [BotMessage(**m) for m in merged]  # type: ignore[typeddict-item]


def _turn_body(sender: str, message: str, metadata: Mapping[str, Any] | None) -> dict[str, Any]:
    body: dict[str, Any] = {"sender": sender, "message": message}
    if metadata:
        body["metadata"] = dict(metadata)
    return body


def _messages(base_url: str, response: httpx.Response) -> list[BotMessage]:
    if response.status_code != 200:
        raise BotUnavailable(f"The bot answered HTTP {response.status_code}: {response.text}")
    data = response.json()
    if not isinstance(data, list):
        raise BotUnavailable(f"The bot at {base_url} answered with {type(data).__name__}")
    return merge(data)


def _unreachable(base_url: str, exc: httpx.HTTPError) -> BotUnavailable:
    return BotUnavailable(
        f"Cannot reach the bot at {base_url} ({exc.__class__.__name__}). "
        "Is it running? Start it with `pregame up`."
    )


def model_loaded(response: httpx.Response) -> bool:
    """Whether a ``/status`` answer says the server has a model loaded."""
    if response.status_code != 200:
        return False
    try:
        return bool(response.json().get("model_file"))
    except ValueError:
        return False


class RasaClient:
    """Blocking client (terminal chat, ``ask``, the stack's health checks).

    ``token`` is the Rasa HTTP API's token: the REST channel does not need it, ``/status``
    does.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
        token: str = "",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(base_url=self.base_url, timeout=timeout, transport=transport)
        self._auth = {"token": token} if token else {}

    def send(
        self, sender: str, message: str, metadata: Mapping[str, Any] | None = None
    ) -> list[BotMessage]:
        """One turn: the bot's messages (text, buttons, custom payload) in order."""
        try:
            response = self.http.post(WEBHOOK, json=_turn_body(sender, message, metadata))
        except httpx.HTTPError as exc:
            raise _unreachable(self.base_url, exc) from exc
        return _messages(self.base_url, response)

    def ready(self) -> bool:
        """True when the server answers ``/status`` with a model loaded."""
        try:
            return model_loaded(self.http.get(STATUS, params=self._auth))
        except httpx.HTTPError:
            return False

    def close(self) -> None:
        self.http.close()


class AsyncRasaClient:
    """Non-blocking client (the Slack app); share one per process."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 60.0,
        transport: httpx.AsyncBaseTransport | None = None,
        token: str = "",
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = httpx.AsyncClient(base_url=self.base_url, timeout=timeout, transport=transport)
        self._auth = {"token": token} if token else {}

    async def send(
        self, sender: str, message: str, metadata: Mapping[str, Any] | None = None
    ) -> list[BotMessage]:
        try:
            response = await self.http.post(WEBHOOK, json=_turn_body(sender, message, metadata))
        except httpx.HTTPError as exc:
            raise _unreachable(self.base_url, exc) from exc
        return _messages(self.base_url, response)

    async def ready(self) -> bool:
        try:
            return model_loaded(await self.http.get(STATUS, params=self._auth))
        except httpx.HTTPError:
            return False

    async def close(self) -> None:
        await self.http.aclose()
