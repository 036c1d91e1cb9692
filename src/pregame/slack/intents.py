"""Which intents the bot knows (the Rasa domain file), and the ``/intent{...}`` payloads the app
sends for them.

The domain is read once at start (:meth:`DomainIntents.load`) and again only when
:meth:`DomainIntents.refresh` is called (once per Slack request, by the app's middleware) and
the file has changed; a lookup never touches the disk.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

import yaml

log = logging.getLogger(__name__)

PAYLOAD = re.compile(r"^/([A-Za-z0-9_]+)(\{.*\})?$", re.S)


class DomainIntents:
    """The intents in the Rasa domain file (it is the bot's contract)."""

    def __init__(self, domain_file: Path, intents: frozenset[str] = frozenset()) -> None:
        self.path = domain_file
        self._mtime: int | None = None
        self._intents = intents

    @classmethod
    def load(cls, domain_file: Path) -> DomainIntents:
        intents = cls(domain_file)
        intents.refresh()
        return intents

    def refresh(self) -> None:
        """Re-read the file if it changed since the last read (one ``stat`` otherwise)."""
        try:
            mtime = self.path.stat().st_mtime_ns
        except OSError:
            self._intents, self._mtime = frozenset(), None
            return
        if mtime == self._mtime:
            return
        try:
            data = yaml.safe_load(self.path.read_text()) or {}
        except (OSError, yaml.YAMLError) as exc:
            log.warning("cannot read the intents in %s: %s", self.path, exc)
            return
        names: set[str] = set()
        for item in data.get("intents") or []:
            names.update(map(str, item) if isinstance(item, dict) else [str(item)])
        self._intents, self._mtime = frozenset(names), mtime

    def names(self) -> frozenset[str]:
        return self._intents

    def __contains__(self, intent: object) -> bool:
        return intent in self._intents


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
