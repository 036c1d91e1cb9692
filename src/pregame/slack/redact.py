"""Secrets never reach a log line: a filter for the app's log handlers that masks them.

The app does not log its tokens; this is the second line, for a library that might (a debug
line, an exception message that quotes a request).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

MASK = "[redacted]"
MIN_SECRET = 8  # shorter values would mask ordinary words


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if len(s) >= MIN_SECRET}, key=len, reverse=True)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        clean = self._mask(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_text:
            record.exc_text = self._mask(record.exc_text)
        return True

    def _mask(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        return text


def redact_handlers(secrets: Iterable[str], logger: logging.Logger | None = None) -> None:
    """Mask ``secrets`` in everything the handlers of ``logger`` (the root logger) write."""
    masker = RedactSecrets(secrets)
    for handler in (logger or logging.getLogger()).handlers:
        handler.addFilter(masker)
