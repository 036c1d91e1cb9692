"""One Slack card per reply type, keyed by :class:`~pregame.replies.ReplyType`.

Each card takes the reply's text, its TYPED payload and its buttons. A payload that does not
match the contract is logged (one warning line: its type and the error) and the reply is shown
as its text and buttons, so the seller still gets an answer and the breakage is visible.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pregame.coach.prep import call_with
from pregame.replies import (
    AnswerPayload,
    Citation,
    ContentItem,
    ContentPayload,
    DocRef,
    ObjectionPayload,
    ObjectionUnknownPayload,
    Payload,
    PhaseDonePayload,
    PrepPayload,
    ReplyContractError,
    ReplyType,
    StaleFlag,
    StepPayload,
    message_type,
    parse_payload,
)
from pregame.slack.blocks import learning
from pregame.slack.blocks.feedback import ANSWERS, feedback_block, feedback_value
from pregame.slack.blocks.ids import DONE_ACTION, OBJECTION_ACTION, RASA_ACTION
from pregame.slack.blocks.primitives import (
    Block,
    SlackMessage,
    actions,
    bullets,
    button,
    context,
    fit,
    header,
    labelled,
    raw_section,
    section,
)
from pregame.slack.text import escape, link, plain

log = logging.getLogger(__name__)

Card = Callable[[str, Any, Sequence[Block]], list[Block]]


def rasa_buttons(buttons: Sequence[Mapping[str, Any]]) -> list[Block]:
    out = []
    for i, b in enumerate(buttons):
        title, payload = str(b.get("title", "")), str(b.get("payload", ""))
        style = "primary" if payload == "/next_step" else None
        out.append(button(title, f"{RASA_ACTION}{i}", payload, style))
    return out


def _docs(items: Sequence[DocRef | ContentItem]) -> str:
    """Content items as escaped mrkdwn lines: the title (a link when there is one), the path."""
    lines = []
    for item in items:
        title = item.title or item.source or "untitled"
        url = item.url if isinstance(item, ContentItem) else ""
        line = f"*{link(url, title)}*" if url else f"*{escape(title)}*"
        if item.source:
            line += f"  `{escape(item.source)}`"
        why = item.why if isinstance(item, ContentItem) else ""
        if why:
            line += f"\n_{escape(why)}_"
        if item.stale:
            line += "\n" + stale_line(item.stale)
        lines.append(line)
    return "\n".join(lines)


def stale_line(flag: StaleFlag) -> str:
    """A stale document's flag under its name: ":warning: last reviewed 14 months ago; owner:
    Field Marketing"."""
    return f":warning: _{escape(flag.note)}_"


def _sources(citations: Sequence[Citation]) -> list[Block]:
    if not citations:
        return []
    parts = []
    for c in citations:
        title = c.title or c.source or "source"
        if c.heading:
            title += f" > {c.heading}"
        parts.append(link(c.url, title) if c.url else f"{escape(title)} `{escape(c.source)}`")
    return [context("Sources: " + " · ".join(parts))]


# -- one card per reply type -----------------------------------------------------------------


def step_card(text: str, data: StepPayload, buttons: Sequence[Block]) -> list[Block]:
    blocks: list[Block] = [
        header(f"{data.phase_name} · step {data.index + 1} of {data.count}"),
        *section(f"*{data.title}*\n{data.do}"),
    ]
    if data.persona_note:
        blocks += labelled(
            f"For the {data.persona_name or data.persona or 'persona'}", data.persona_note
        )
    if data.channel_note:
        blocks += labelled(f"Over {data.channel or 'this channel'}", data.channel_note)
    if data.questions:
        blocks += labelled("Questions to ask", bullets(data.questions))
    if data.tips:
        blocks += labelled("Tips", bullets(data.tips))
    perspective = [data.buyer_experience]
    if data.buyer_says:
        perspective.append(bullets(data.buyer_says))
    blocks += labelled("The buyer's perspective", "\n".join(p for p in perspective if p))
    if data.content:
        blocks.append(raw_section("*Content*\n" + _docs(data.content)))
    if data.exit_criteria:
        blocks += labelled("Last step. Move on when", bullets(data.exit_criteria))
    elements = [
        *buttons,
        button("Objection", OBJECTION_ACTION, "objection"),
        button("Done", DONE_ACTION, "done"),
    ]
    return blocks + actions(elements)


def content_card(text: str, data: ContentPayload, buttons: Sequence[Block]) -> list[Block]:
    return [
        *section("*Here is what I'd use*"),
        raw_section(_docs(data.items)),
        *actions(buttons),
    ]


def objection_card(text: str, data: ObjectionPayload, buttons: Sequence[Block]) -> list[Block]:
    blocks = [*section(f"*Objection: {data.title}*\n{data.response}")]
    if data.proof:
        blocks.append(raw_section("*Proof to share*\n" + _docs(data.proof)))
    return blocks + actions(buttons)


def cited_card(
    text: str, data: AnswerPayload | ObjectionUnknownPayload, buttons: Sequence[Block]
) -> list[Block]:
    """answer / objection_unknown: the passages are in the text, the sources in the data."""
    body = text.split("\n• ")[0] if data.citations else text
    passages = text[len(body) :].strip()
    blocks = section(body)
    if passages:
        blocks += section(passages)
    return blocks + _sources(data.citations) + actions(buttons)


def prep_card(text: str, data: PrepPayload, buttons: Sequence[Block]) -> list[Block]:
    """The call-prep brief, one short labelled block after another: it reads well on a phone."""
    who = call_with(data.company, data.persona_name or data.persona)
    title = f"Call prep: {data.phase_name or data.phase}"
    blocks: list[Block] = [header(title + (f" · {who}" if who else ""))]
    blocks += labelled("Their goal", data.buyer_goal)
    blocks += labelled("Your objective", data.seller_objective)
    blocks += labelled("Ask", bullets(data.questions))
    if data.content:
        blocks.append(raw_section("*Bring*\n" + _docs(data.content)))
    blocks += labelled("Have ready", bullets(data.have_ready))
    blocks += labelled("Likely objections", bullets(o.title for o in data.objections))
    blocks += labelled("Secure before you hang up", data.next_step)
    return blocks + actions(buttons)


def phase_done_card(text: str, data: PhaseDonePayload, buttons: Sequence[Block]) -> list[Block]:
    blocks = section(text.split("\n")[0])
    blocks += labelled("Move on when", bullets(data.exit_criteria))
    return blocks + actions(buttons)


def error_card(text: str, data: Payload, buttons: Sequence[Block]) -> list[Block]:
    return section(f":warning: {text}") + actions(buttons)


def text_card(text: str, data: Payload | None, buttons: Sequence[Block]) -> list[Block]:
    """The reply's text and buttons: for types that need no more, and for broken payloads."""
    return section(text) + actions(buttons)


CARDS: dict[ReplyType, Card] = {
    ReplyType.TEXT: text_card,
    ReplyType.HELP: text_card,
    ReplyType.OUT_OF_SCOPE: text_card,
    ReplyType.FALLBACK: text_card,
    ReplyType.ERROR: error_card,
    ReplyType.CLARIFY: text_card,
    ReplyType.PLAY_STARTED: text_card,
    ReplyType.CHOOSE_PLAYBOOK: text_card,
    ReplyType.CHOOSE_PHASE: text_card,
    ReplyType.CHOOSE_STEP: text_card,
    ReplyType.CHOOSE_PERSONA: text_card,
    ReplyType.STEP: step_card,
    ReplyType.PHASE_DONE: phase_done_card,
    ReplyType.OVERVIEW: text_card,
    ReplyType.CONTEXT_CHANGED: text_card,
    ReplyType.PLAY_STOPPED: text_card,
    ReplyType.NO_PLAY: text_card,
    ReplyType.NO_PLAYBOOKS: text_card,
    ReplyType.NUDGE: text_card,
    ReplyType.CONTENT: content_card,
    ReplyType.OBJECTION: objection_card,
    ReplyType.CHOOSE_OBJECTION: text_card,
    ReplyType.OBJECTION_UNKNOWN: cited_card,
    ReplyType.ANSWER: cited_card,
    ReplyType.NO_ANSWER: text_card,
    ReplyType.PREP: prep_card,
    ReplyType.FEEDBACK_RECORDED: text_card,
    ReplyType.LESSON: learning.lesson_card,
    ReplyType.QUIZ_QUESTION: learning.quiz_question_card,
    ReplyType.QUIZ_RESULT: learning.quiz_result_card,
    ReplyType.PRACTICE_STARTED: learning.practice_started_card,
    ReplyType.PRACTICE_TURN: learning.practice_turn_card,
    ReplyType.PRACTICE_SUMMARY: learning.practice_summary_card,
    ReplyType.PROGRESS: learning.progress_card,
}


def typed(message: Mapping[str, Any]) -> Payload | None:
    """The message's typed payload; None (and one warning line) when it breaks the contract."""
    custom = message.get("custom")
    try:
        return parse_payload(custom if isinstance(custom, Mapping) else None)
    except ReplyContractError as exc:
        kind = custom.get("type") if isinstance(custom, Mapping) else None
        error = " ".join(str(exc.__cause__ or exc).split())
        log.warning("reply of type %r shown as text, its payload is invalid: %s", kind, error)
        return None


def render_reply(message: Mapping[str, Any]) -> SlackMessage:
    """One bot message (text, buttons, custom payload) as a Slack message."""
    return _render(message, typed(message))


def _render(message: Mapping[str, Any], payload: Payload | None) -> SlackMessage:
    text = str(message.get("text") or "")
    buttons = rasa_buttons(message.get("buttons") or [])
    card = text_card if payload is None else CARDS[payload.type]
    blocks = card(text, payload, buttons)
    if not blocks:
        blocks = text_card(text or "(no text)", payload, buttons)
    return SlackMessage(escape(plain(text or "Pregame", 3000)), fit(blocks))


def render_turn(
    messages: Sequence[Mapping[str, Any]], quote: str | None = None
) -> list[SlackMessage]:
    """A whole bot turn (merged REST messages); the last answer gets the feedback buttons."""
    payloads = [typed(m) for m in messages]
    rendered = [_render(m, p) for m, p in zip(messages, payloads, strict=True)]
    if not rendered:
        return []
    if quote:
        first = rendered[0]
        rendered[0] = SlackMessage(first.text, fit([context(quote), *first.blocks]))
    answers = [i for i, m in enumerate(messages) if message_type(m) in ANSWERS]
    if answers:
        i = answers[-1]
        last = rendered[i]
        value = feedback_value(message_type(messages[i]), payloads[i])
        rendered[i] = SlackMessage(last.text, fit([*last.blocks, *feedback_block(value)]))
    return rendered
