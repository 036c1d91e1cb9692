"""Block Kit primitives: sections, headers, buttons, and fitting a message in Slack's limits.

Text from the bot is escaped (see :func:`pregame.slack.text.escape`) and mrkdwn is ``verbatim``
so nothing in it can turn into a mention or a disguised link.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pregame.slack.blocks.ids import FEEDBACK_BLOCK, FEEDBACK_NOTE
from pregame.slack.text import cut, escape, plain, safe_end

Block = dict[str, Any]

SECTION_LIMIT = 3000
BUTTON_LIMIT = 75
HEADER_LIMIT = 150
MAX_BLOCKS = 50


@dataclass(frozen=True)
class SlackMessage:
    """``text`` is the notification and accessibility fallback; ``blocks`` the layout."""

    text: str
    blocks: list[Block]


def mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def section(text: str) -> list[Block]:
    """One or more sections (Slack caps a section at 3000 characters); ``text`` is escaped."""
    out: list[str] = []
    chunk = ""
    for line in escape(text).split("\n"):
        while len(line) > SECTION_LIMIT:
            if chunk:
                out.append(chunk)
                chunk = ""
            end = safe_end(line, SECTION_LIMIT) or SECTION_LIMIT
            out.append(line[:end])
            line = line[end:]
        candidate = f"{chunk}\n{line}" if chunk else line
        if len(candidate) > SECTION_LIMIT:
            out.append(chunk)
            chunk = line
        else:
            chunk = candidate
    if chunk.strip():
        out.append(chunk)
    return [{"type": "section", "text": mrkdwn(c)} for c in out if c.strip()]


def raw_section(escaped: str) -> Block:
    """A section from text already escaped (it holds links built by :func:`link`)."""
    return {"type": "section", "text": mrkdwn(cut(escaped, SECTION_LIMIT))}


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": plain(text, HEADER_LIMIT)}}


def context(escaped: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(cut(escaped, SECTION_LIMIT))]}


def button(title: str, action_id: str, value: str, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": plain(title, BUTTON_LIMIT), "emoji": True},
        "action_id": action_id,
        "value": value[:2000],
    }
    if style:
        element["style"] = style
    return element


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def labelled(label: str, body: str) -> list[Block]:
    """A bold label over a body, as one escaped section."""
    return section(f"*{label}*\n{body}") if body.strip() else []


def actions(elements: Sequence[Block], block_id: str | None = None) -> list[Block]:
    if not elements:
        return []
    block: Block = {"type": "actions", "elements": list(elements[:25])}
    if block_id:
        block["block_id"] = block_id
    return [block]


def _kept(block: Block) -> bool:
    """Blocks :func:`fit` never drops: the buttons and the feedback area."""
    return block.get("type") == "actions" or block.get("block_id") in (
        FEEDBACK_BLOCK,
        FEEDBACK_NOTE,
    )


def fit(blocks: Sequence[Block], limit: int = MAX_BLOCKS) -> list[Block]:
    """``blocks`` within Slack's ``limit``: the body is cut short (marked "…"), the buttons and
    the feedback area are always kept."""
    if len(blocks) <= limit:
        return list(blocks)
    kept = sum(1 for b in blocks if _kept(b))
    room = max(0, limit - kept - 1)  # body blocks kept, plus one "…" note
    out: list[Block] = []
    body = 0
    for block in blocks:
        if _kept(block):
            out.append(block)
        elif body < room:
            out.append(block)
            body += 1
            if body == room:
                out.append(context("…"))
    if room == 0:
        out = out[-limit:]
    return out


def notice(text: str) -> SlackMessage:
    """A friendly message of our own (errors, confirmations)."""
    return SlackMessage(escape(text), section(text))
