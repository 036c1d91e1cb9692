"""Text across the Slack edge: clean what sellers type, escape what the bot says."""

from __future__ import annotations

import re

_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")


def escape(text: str) -> str:
    """Bot text for mrkdwn: ``&``, ``<`` and ``>`` escaped, so no text can become a mention
    (``<!channel>``, ``<@U123>``) or a disguised link (``<https://evil|docs>``)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str, limit: int) -> str:
    """Text for a ``plain_text`` field, cut to Slack's length limit."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def link(url: str, label: str) -> str:
    """A mrkdwn link to an http(s) URL; anything else is shown as escaped text."""
    if not re.match(r"^https?://[^\s<>|]+$", url):
        return escape(label)
    return f"<{url}|{escape(label).replace('|', '¦')}>"


def from_slack(text: str, bot_user_id: str | None = None) -> str:
    """What a seller typed, as plain words for the NLU.

    The bot's own mention is dropped, other mentions and links become readable words, and a
    leading ``/`` is removed so typed text can never be read by Rasa as an ``/intent`` payload.
    """

    def words(match: re.Match[str]) -> str:
        target, label = match.group(1), match.group(2)
        if bot_user_id and target == f"@{bot_user_id}":
            return ""
        if target.startswith("@"):
            return "@" + (label or "someone")
        if target.startswith("#"):
            return "#" + (label or "channel")
        if target.startswith("!"):
            return "@" + (label or target[1:].split("^")[0])
        return label or target

    cleaned = _LINK.sub(words, text)
    cleaned = cleaned.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(cleaned.split()).lstrip("/ ").strip()


def mentions(text: str, user_id: str | None) -> bool:
    return bool(user_id) and f"<@{user_id}" in text


def safe_end(escaped: str, limit: int) -> int:
    """An index <= ``limit`` to cut mrkdwn at without splitting a ``<link|title>`` or an
    ``&amp;``-style entity in half (0 when ``escaped`` starts with a link that long)."""
    if len(escaped) <= limit:
        return len(escaped)
    head = escaped[:limit]
    end = limit
    opened = head.rfind("<")
    if opened > head.rfind(">"):
        end = opened
    amp = head.rfind("&", 0, end)
    if amp >= 0 and ";" not in head[amp:end] and end - amp <= 8:
        end = amp
    return end


def cut(escaped: str, limit: int) -> str:
    """``escaped`` mrkdwn within ``limit`` characters: cut at a line boundary (else at a safe
    point), marked with "…"."""
    if len(escaped) <= limit:
        return escaped
    line_end = escaped.rfind("\n", 0, limit)
    end = line_end if line_end > 0 else safe_end(escaped, limit - 1)
    return escaped[:end].rstrip() + "…"
