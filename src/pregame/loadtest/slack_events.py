"""Slack Events API requests as Slack sends them: the event envelope, message and app_mention
events, and the v0 request signature (made by ``slack_sdk``'s :class:`SignatureVerifier`)."""

from __future__ import annotations

import time
from typing import Any

from slack_sdk.signature import SignatureVerifier

BOT_USER = "UBOT"
"""The bot's user id, as the mock Slack Web API's ``auth.test`` answers it."""
TEAM = "T1"


def signed_headers(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    """The headers Slack adds to a request: its timestamp and ``v0=`` signature over ``body``."""
    if not secret:
        raise ValueError("an empty signing secret signs nothing: set the app's signing secret")
    ts = str(int(time.time()) if timestamp is None else timestamp)
    verifier = SignatureVerifier(signing_secret=secret)
    signature = verifier.generate_signature(timestamp=ts, body=body)
    if signature is None:  # slack_sdk makes none without a timestamp
        raise ValueError(f"slack_sdk made no signature for timestamp {ts!r}")
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


def event_body(event: dict[str, Any], event_id: str, team: str = TEAM) -> dict[str, Any]:
    """The ``event_callback`` envelope around one event."""
    return {
        "token": "unused",
        "team_id": team,
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": event,
    }


def mention(
    text: str,
    ts: str,
    channel: str = "C1",
    user: str = "U1",
    thread_ts: str = "",
    bot_user: str = BOT_USER,
) -> dict[str, Any]:
    """An ``app_mention``: ``@bot text`` in a channel (in a thread with ``thread_ts``)."""
    event = {"type": "app_mention", "user": user, "text": f"<@{bot_user}> {text}", "ts": ts}
    event |= {"channel": channel, "event_ts": ts}
    return event | ({"thread_ts": thread_ts} if thread_ts else {})


def message(
    text: str, ts: str, channel: str, channel_type: str, user: str = "U1", thread_ts: str = ""
) -> dict[str, Any]:
    """A ``message`` event (``channel_type`` ``channel``, ``group`` or ``im``)."""
    event = {"type": "message", "user": user, "text": text, "ts": ts, "channel": channel}
    event |= {"channel_type": channel_type, "event_ts": ts}
    return event | ({"thread_ts": thread_ts} if thread_ts else {})
