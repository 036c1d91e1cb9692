"""Pure Block Kit builders: the bot's structured replies as Slack messages and views.

Every builder takes plain data and returns plain dicts, so each is unit-tested without Slack.
Text from the bot is escaped (see :func:`pregame.slack.text.escape`) and mrkdwn is ``verbatim``
so nothing in it can turn into a mention or a disguised link. A reply type this module does not
know falls back to its text and buttons, so new conversation features show up in Slack at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pregame.slack.text import cut, escape, link, plain, safe_end

Block = dict[str, Any]

RASA_ACTION = "pregame_rasa_"  # + index; the button's value is the Rasa payload
OBJECTION_ACTION = "pregame_objection"
DONE_ACTION = "pregame_done"
FEEDBACK_ACTION = "pregame_feedback_"  # + helpful | not_helpful
REASON_ACTION = "pregame_reason_"  # + reason key
FEEDBACK_BLOCK = "pregame_feedback"
FEEDBACK_NOTE = "pregame_feedback_note"
OBJECTION_VIEW = "pregame_objection_view"
OBJECTION_INPUT = ("objection", "said")  # block_id, action_id of the modal's text input

SECTION_LIMIT = 3000
BUTTON_LIMIT = 75
HEADER_LIMIT = 150
MAX_BLOCKS = 50

# Replies that answer the seller and so carry the helpful / not helpful buttons.
ANSWERS = frozenset(
    {"step", "content", "objection", "objection_unknown", "answer", "no_answer", "prep"}
    | {"overview", "phase_done"}
)
REASONS = (
    ("wrong_play", "Wrong play or step"),
    ("missing_content", "Content missing"),
    ("not_accurate", "Not accurate"),
    ("too_long", "Too long"),
)
NO_REASON = "none"  # the "Skip" button: not helpful, no reason given
FEEDBACK_LABELS = {"helpful": "helpful", "not_helpful": "not helpful"}


@dataclass(frozen=True)
class SlackMessage:
    """``text`` is the notification and accessibility fallback; ``blocks`` the layout."""

    text: str
    blocks: list[Block]


# -- primitives ------------------------------------------------------------------------------


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


def rasa_buttons(buttons: Sequence[Mapping[str, Any]]) -> list[Block]:
    out = []
    for i, b in enumerate(buttons):
        title, payload = str(b.get("title", "")), str(b.get("payload", ""))
        style = "primary" if payload == "/next_step" else None
        out.append(button(title, f"{RASA_ACTION}{i}", payload, style))
    return out


def actions(elements: Sequence[Block], block_id: str | None = None) -> list[Block]:
    if not elements:
        return []
    block: Block = {"type": "actions", "elements": list(elements[:25])}
    if block_id:
        block["block_id"] = block_id
    return [block]


def _docs(items: Sequence[Mapping[str, Any]]) -> str:
    """Content items as escaped mrkdwn lines: the title (a link when there is one), the path."""
    lines = []
    for item in items:
        title = str(item.get("title") or item.get("source") or "untitled")
        url = str(item.get("url") or "")
        source = str(item.get("source") or "")
        line = f"*{link(url, title)}*" if url else f"*{escape(title)}*"
        if source:
            line += f"  `{escape(source)}`"
        why = str(item.get("why") or "")
        if why:
            line += f"\n_{escape(why)}_"
        lines.append(line)
    return "\n".join(lines)


def _sources(citations: Sequence[Mapping[str, Any]]) -> list[Block]:
    if not citations:
        return []
    parts = []
    for c in citations:
        title = str(c.get("title") or c.get("source") or "source")
        if c.get("heading"):
            title += f" > {c['heading']}"
        url = str(c.get("url") or "")
        parts.append(link(url, title) if url else f"{escape(title)} `{escape(str(c['source']))}`")
    return [context("Sources: " + " · ".join(parts))]


# -- one reply per type ----------------------------------------------------------------------


def step_card(text: str, data: Mapping[str, Any], buttons: Sequence[Block]) -> list[Block]:
    index, count = int(data.get("index", 0)), int(data.get("count", 1))
    blocks: list[Block] = [
        header(f"{data.get('phase_name', 'Step')} · step {index + 1} of {count}"),
        *section(f"*{data.get('title', '')}*\n{data.get('do', '')}"),
    ]
    for label, key in (
        (f"For the {data.get('persona') or 'persona'}", "persona_note"),
        (f"Over {data.get('channel') or 'this channel'}", "channel_note"),
    ):
        if data.get(key):
            blocks += labelled(label, str(data[key]))
    if data.get("questions"):
        blocks += labelled("Questions to ask", bullets(data["questions"]))
    if data.get("tips"):
        blocks += labelled("Tips", bullets(data["tips"]))
    perspective = [str(data.get("buyer_experience") or "")]
    if data.get("buyer_says"):
        says = data["buyer_says"]
        perspective.append(bullets(says if isinstance(says, list) else [str(says)]))
    blocks += labelled("The buyer's perspective", "\n".join(p for p in perspective if p))
    if data.get("content"):
        blocks.append(raw_section("*Content*\n" + _docs(data["content"])))
    if data.get("exit_criteria"):
        blocks += labelled("Last step. Move on when", bullets(data["exit_criteria"]))
    elements = [
        *buttons,
        button("Objection", OBJECTION_ACTION, "objection"),
        button("Done", DONE_ACTION, "done"),
    ]
    return blocks + actions(elements)


def content_card(text: str, data: Mapping[str, Any], buttons: Sequence[Block]) -> list[Block]:
    items = data.get("items") or []
    return [
        *section("*Here is what I'd use*"),
        raw_section(_docs(items)),
        *actions(buttons),
    ]


def objection_card(text: str, data: Mapping[str, Any], buttons: Sequence[Block]) -> list[Block]:
    blocks = [*section(f"*Objection: {data.get('title', '')}*\n{data.get('response', '')}")]
    if data.get("proof"):
        blocks.append(raw_section("*Proof to share*\n" + _docs(data["proof"])))
    return blocks + actions(buttons)


def cited_card(text: str, data: Mapping[str, Any], buttons: Sequence[Block]) -> list[Block]:
    """answer / objection_unknown: the passages are in the text, the sources in the data."""
    body = text.split("\n• ")[0] if data.get("citations") else text
    passages = text[len(body) :].strip()
    blocks = section(body)
    if passages:
        blocks += section(passages)
    return blocks + _sources(data.get("citations") or []) + actions(buttons)


def prep_card(text: str, data: Mapping[str, Any], buttons: Sequence[Block]) -> list[Block]:
    """The call-prep brief, one short labelled block after another: it reads well on a phone."""
    who = " ".join(str(p) for p in (data.get("company"), data.get("persona")) if p)
    title = f"Call prep: {data.get('phase_name') or data.get('phase') or ''}"
    blocks: list[Block] = [header(title + (f" · {who}" if who else ""))]
    blocks += labelled("Their goal", str(data.get("buyer_goal") or ""))
    blocks += labelled("Your objective", str(data.get("seller_objective") or ""))
    blocks += labelled("Ask", bullets(data.get("questions") or []))
    if data.get("content"):
        blocks.append(raw_section("*Bring*\n" + _docs(data["content"])))
    blocks += labelled("Have ready", bullets(data.get("have_ready") or []))
    objections = [str(o.get("title", "")) for o in data.get("objections") or []]
    blocks += labelled("Likely objections", bullets(objections))
    blocks += labelled("Secure before you hang up", str(data.get("next_step") or ""))
    return blocks + actions(buttons)


def phase_done_card(text: str, data: Mapping[str, Any], buttons: Sequence[Block]) -> list[Block]:
    blocks = section(text.split("\n")[0])
    blocks += labelled("Move on when", bullets(data.get("exit_criteria") or []))
    return blocks + actions(buttons)


def error_card(text: str, data: Mapping[str, Any], buttons: Sequence[Block]) -> list[Block]:
    return section(f":warning: {text}") + actions(buttons)


def text_card(text: str, data: Mapping[str, Any], buttons: Sequence[Block]) -> list[Block]:
    return section(text) + actions(buttons)


CARDS = {
    "step": step_card,
    "content": content_card,
    "objection": objection_card,
    "objection_unknown": cited_card,
    "answer": cited_card,
    "prep": prep_card,
    "phase_done": phase_done_card,
    "error": error_card,
}


def reply_type(message: Mapping[str, Any]) -> str:
    custom = message.get("custom")
    return str(custom.get("type", "")) if isinstance(custom, Mapping) else ""


def render_reply(message: Mapping[str, Any]) -> SlackMessage:
    """One bot message (text, buttons, custom payload) as a Slack message."""
    text = str(message.get("text") or "")
    custom = message.get("custom")
    data: Mapping[str, Any] = custom if isinstance(custom, Mapping) else {}
    buttons = rasa_buttons(message.get("buttons") or [])
    card = CARDS.get(reply_type(message), text_card)
    try:
        blocks = card(text, data, buttons)
    except (KeyError, TypeError, ValueError, AttributeError):
        blocks = text_card(text, data, buttons)  # a payload of an unexpected shape: its text
    if not blocks:
        blocks = text_card(text or "(no text)", data, buttons)
    return SlackMessage(escape(plain(text or "Pregame", 3000)), fit(blocks))


def feedback_value(message: Mapping[str, Any]) -> str:
    """What the feedback is about, kept in the button (Slack caps values at 2000 chars)."""
    custom = message.get("custom") or {}
    about = {
        "type": reply_type(message),
        "ref": str(custom.get("step") or custom.get("objection") or custom.get("query") or "")[
            :200
        ],
        "phase": custom.get("phase"),
    }
    return json.dumps({k: v for k, v in about.items() if v}, separators=(",", ":"))


def feedback_block(value: str) -> list[Block]:
    return actions(
        [
            button(":thumbsup: Helpful", f"{FEEDBACK_ACTION}helpful", value),
            button(":thumbsdown: Not helpful", f"{FEEDBACK_ACTION}not_helpful", value),
        ],
        block_id=FEEDBACK_BLOCK,
    )


def render_turn(
    messages: Sequence[Mapping[str, Any]], quote: str | None = None
) -> list[SlackMessage]:
    """A whole bot turn (merged REST messages); the last answer gets the feedback buttons."""
    rendered = [render_reply(m) for m in messages]
    if not rendered:
        return []
    if quote:
        first = rendered[0]
        rendered[0] = SlackMessage(first.text, fit([context(quote), *first.blocks]))
    answers = [i for i, m in enumerate(messages) if reply_type(m) in ANSWERS]
    if answers:
        i = answers[-1]
        last = rendered[i]
        blocks = [*last.blocks, *feedback_block(feedback_value(messages[i]))]
        rendered[i] = SlackMessage(last.text, fit(blocks))
    return rendered


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


# -- feedback, after a click -----------------------------------------------------------------


def after_feedback(blocks: Sequence[Block], user: str, value: str) -> list[Block]:
    """The message's blocks with the feedback buttons replaced by a thank-you (and reasons)."""
    who = f"<@{escape(user)}>"
    if value != "not_helpful":
        label = escape(FEEDBACK_LABELS.get(value, value))
        return _replace_feedback(blocks, [_note(f"{who} found this {label}. Thanks!")])
    about = _feedback_value_in(blocks)
    reasons = [button(t, f"{REASON_ACTION}{k}", about) for k, t in REASONS]
    reasons.append(button("Skip", f"{REASON_ACTION}{NO_REASON}", about))
    note = _note(f"{who} found this not helpful. What was wrong?")
    return _replace_feedback(blocks, [note, *actions(reasons, block_id=FEEDBACK_BLOCK)])


def after_reason(blocks: Sequence[Block], user: str, reason: str) -> list[Block]:
    label = "" if reason == NO_REASON else f": {escape(dict(REASONS).get(reason, reason))}"
    return _replace_feedback(
        blocks, [_note(f"<@{escape(user)}> found this not helpful{label}. Thanks!")]
    )


def _note(escaped: str) -> Block:
    return {**context(escaped), "block_id": FEEDBACK_NOTE}


def _feedback_value_in(blocks: Sequence[Block]) -> str:
    for block in blocks:
        if block.get("block_id") == FEEDBACK_BLOCK:
            for element in block.get("elements", []):
                return str(element.get("value", "{}"))
    return "{}"


def _replace_feedback(blocks: Sequence[Block], replacement: list[Block]) -> list[Block]:
    """``blocks`` with the feedback area (buttons and note) swapped for ``replacement``."""
    out: list[Block] = []
    placed = False
    for block in blocks:
        if block.get("block_id") in (FEEDBACK_BLOCK, FEEDBACK_NOTE):
            if not placed:
                out += replacement
                placed = True
        else:
            out.append(block)
    return fit(out if placed else [*out, *replacement])


# -- slash command, modal, App Home ----------------------------------------------------------

HELP_LINES = (
    ("Walk through a play", "`/pregame play discovery call with a CFO tomorrow`"),
    ("Prep a call", "`/pregame prep evaluation call with Acme's CFO`"),
    ("In a channel", "mention me: `@Pregame demo with their IT team on thursday`"),
    ("In a DM", "just write to me; every conversation is its own thread"),
)


def help_blocks(note: str | None = None) -> list[Block]:
    lines = [f"*{label}:* {how}" for label, how in HELP_LINES]
    blocks = section(note) if note else []
    return [
        *blocks,
        raw_section("*Pregame, your sales playbook coach*\n" + "\n".join(lines)),
        context(
            "In a thread, say _next_, _back_, _what should I send them?_ or what the buyer "
            "said (_they say we're too expensive_), or use the buttons."
        ),
    ]


def objection_modal(private_metadata: str) -> dict[str, Any]:
    block_id, action_id = OBJECTION_INPUT
    return {
        "type": "modal",
        "callback_id": OBJECTION_VIEW,
        "private_metadata": private_metadata,
        "title": {"type": "plain_text", "text": "Handle an objection"},
        "submit": {"type": "plain_text", "text": "Get the answer"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            {
                "type": "input",
                "block_id": block_id,
                "label": {"type": "plain_text", "text": "What did the buyer say?"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": action_id,
                    "placeholder": {"type": "plain_text", "text": "We're happy with our vendor"},
                    "max_length": 500,
                },
            }
        ],
    }


@dataclass(frozen=True)
class HomePlaybook:
    title: str
    phases: Sequence[str]
    personas: Sequence[str]


@dataclass(frozen=True)
class HomePlay:
    title: str
    channel: str
    at: datetime


def home_view(playbooks: Sequence[HomePlaybook], plays: Sequence[HomePlay]) -> dict[str, Any]:
    blocks: list[Block] = [header("Pregame: your sales playbook coach")]
    blocks += section(
        "Tell me about your next call and I walk you through the play your team designed, "
        "step by step, with the content to send and where it comes from."
    )
    blocks.append({"type": "divider"})
    blocks.append(header("Get started"))
    blocks.append(raw_section("\n".join(f"*{label}:* {how}" for label, how in HELP_LINES)))
    blocks.append({"type": "divider"})
    blocks.append(header("Your recent plays"))
    if plays:
        lines = [f"• *{escape(p.title)}* in <#{escape(p.channel)}>, {p.at:%b %d}" for p in plays]
        blocks.append(raw_section("\n".join(lines)))
    else:
        blocks += section("None yet. Start one with `/pregame play` or a message to me.")
    blocks.append({"type": "divider"})
    blocks.append(header("Playbooks"))
    if not playbooks:
        blocks += section("No playbooks are loaded yet. Ask your sales manager to add one.")
    for pb in playbooks:
        body = f"*{pb.title}*\nPhases: {', '.join(pb.phases)}"
        if pb.personas:
            body += f"\nBuyers: {', '.join(pb.personas)}"
        blocks += section(body)
    return {"type": "home", "blocks": blocks[:100]}
