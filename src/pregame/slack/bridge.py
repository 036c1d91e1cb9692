"""Slack's side of Rasa's REST channel: one turn per call, and which intents the bot knows."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import yaml

from pregame.chat.client import BotUnavailable, merge

PAYLOAD = re.compile(r"^/([A-Za-z0-9_]+)(\{.*\})?$", re.S)


class RasaBridge:
    """Async REST channel client: ``{sender, message, metadata}`` in, merged bot messages out."""

    def __init__(self, base_url: str, client: httpx.AsyncClient, timeout: float = 60.0) -> None:
        self.url = base_url.rstrip("/") + "/webhooks/rest/webhook"
        self.client = client
        self.timeout = timeout

    async def send(
        self, sender: str, message: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        body = {"sender": sender, "message": message, "metadata": metadata or {}}
        try:
            response = await self.client.post(self.url, json=body, timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise BotUnavailable(f"cannot reach Rasa at {self.url}: {exc!r}") from exc
        if response.status_code != 200:
            raise BotUnavailable(f"Rasa answered HTTP {response.status_code}: {response.text}")
        messages: list[dict[str, Any]] = response.json()
        return merge(messages)


class DomainIntents:
    """The intents in the Rasa domain file, re-read when it changes (it is the bot's contract)."""

    def __init__(self, domain_file: Path) -> None:
        self.path = domain_file
        self._mtime: int | None = None
        self._intents: frozenset[str] = frozenset()

    def names(self) -> frozenset[str]:
        try:
            mtime = self.path.stat().st_mtime_ns
        except OSError:
            return frozenset()
        if mtime != self._mtime:
            data = yaml.safe_load(self.path.read_text()) or {}
            names: set[str] = set()
            for item in data.get("intents") or []:
                names.update(map(str, item) if isinstance(item, dict) else [str(item)])
            self._intents, self._mtime = frozenset(names), mtime
        return self._intents

    def __contains__(self, intent: object) -> bool:
        return intent in self.names()


def payload(intent: str, entities: dict[str, Any] | None = None) -> str:
    """A Rasa ``/intent{...}`` payload; only ever sent by the app, never typed by a seller."""
    return f"/{intent}" + (json.dumps(entities, separators=(",", ":")) if entities else "")


def intent_of(rasa_payload: str) -> str | None:
    """The intent a button payload triggers, or None if it is not a well-formed payload."""
    match = PAYLOAD.match(rasa_payload)
    if match is None:
        return None
    if match.group(2):
        try:
            json.loads(match.group(2))
        except ValueError:
            return None
    return match.group(1)
