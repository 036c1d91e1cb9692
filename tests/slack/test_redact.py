"""Secrets are masked in every line the app's log handlers write."""

from __future__ import annotations

import io
import logging

from pregame.slack.redact import MASK, redact_handlers


def test_secrets_are_masked_in_messages_arguments_and_tracebacks() -> None:
    logger = logging.getLogger("test.redact")
    logger.propagate = False
    stream = io.StringIO()
    logger.addHandler(logging.StreamHandler(stream))
    redact_handlers(["xoxb-secret-123456", "short", ""], logger)
    logger.warning("token %s in use", "xoxb-secret-123456")
    try:
        raise RuntimeError("failed with xoxb-secret-123456")
    except RuntimeError:
        logger.exception("boom")
    logger.warning("a short word stays")
    text = stream.getvalue()
    assert "xoxb-secret-123456" not in text
    assert "token [redacted] in use" in text and "RuntimeError: failed with [redacted]" in text
    assert MASK in text and "a short word stays" in text
