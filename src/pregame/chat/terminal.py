"""Terminal chat: interactive when there is a TTY, a scripted demo when there is not.

Bot messages are rendered as text by reply type (:data:`RENDERERS`); every type has an entry,
and a test fails when a new type lacks one. A payload that does not match the contract is
logged once and its message shown as plain text.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from pregame.rasa_client import BotUnavailable, RasaClient, merge
from pregame.replies import (
    BotMessage,
    Payload,
    QuizQuestionPayload,
    ReplyContractError,
    ReplyType,
    parse_payload,
)

log = logging.getLogger(__name__)

DEMO_SCRIPT = (
    "I have a discovery call with a CFO tomorrow",
    "next",
    "go back",
    "what should I send them?",
    "they say we're too expensive",
    "prep me for my call with the CFO at Acme, evaluation stage",
    "what's our parental leave policy?",
)

TextRenderer = Callable[[BotMessage, Payload], str]
"""One message as terminal text, given its validated payload."""


def plain(message: BotMessage, payload: Payload | None = None) -> str:
    """The message's text without Slack emphasis, its buttons shown as [Title]."""
    text = str(message.get("text", "")).replace("*", "")
    buttons = message.get("buttons") or []
    if buttons:
        text += "\n" + "  ".join(f"[{b['title']}]" for b in buttons)
    return text


def quiz_question(message: BotMessage, payload: Payload) -> str:
    """A check question with its options numbered from 1: the rep answers with the number."""
    if not isinstance(payload, QuizQuestionPayload):
        return plain(message, payload)
    lines = [f"Question {payload.number} of {payload.total}: {payload.prompt}"]
    lines += [f"  {n}. {option}" for n, option in enumerate(payload.options, 1)]
    lines.append(f"Answer with a number from 1 to {len(payload.options)}, or say stop.")
    return "\n".join(lines)


# The text already says everything a terminal can show, so most types share the plain
# rendering; a type that needs more gets its own function here.
RENDERERS: dict[ReplyType, TextRenderer] = {
    ReplyType.TEXT: plain,
    ReplyType.HELP: plain,
    ReplyType.OUT_OF_SCOPE: plain,
    ReplyType.FALLBACK: plain,
    ReplyType.ERROR: plain,
    ReplyType.CLARIFY: plain,
    ReplyType.PLAY_STARTED: plain,
    ReplyType.CHOOSE_PLAYBOOK: plain,
    ReplyType.CHOOSE_PHASE: plain,
    ReplyType.CHOOSE_STEP: plain,
    ReplyType.CHOOSE_PERSONA: plain,
    ReplyType.STEP: plain,
    ReplyType.PHASE_DONE: plain,
    ReplyType.OVERVIEW: plain,
    ReplyType.CONTEXT_CHANGED: plain,
    ReplyType.PLAY_STOPPED: plain,
    ReplyType.NO_PLAY: plain,
    ReplyType.NO_PLAYBOOKS: plain,
    ReplyType.NUDGE: plain,
    ReplyType.CONTENT: plain,
    ReplyType.OBJECTION: plain,
    ReplyType.CHOOSE_OBJECTION: plain,
    ReplyType.OBJECTION_UNKNOWN: plain,
    ReplyType.ANSWER: plain,
    ReplyType.NO_ANSWER: plain,
    ReplyType.PREP: plain,
    ReplyType.FEEDBACK_RECORDED: plain,
    ReplyType.LESSON: plain,
    ReplyType.QUIZ_QUESTION: quiz_question,
    ReplyType.QUIZ_RESULT: plain,
    ReplyType.PRACTICE_STARTED: plain,
    ReplyType.PRACTICE_TURN: plain,
    ReplyType.PRACTICE_SUMMARY: plain,
    ReplyType.PROGRESS: plain,
}


def render_message(message: BotMessage) -> str:
    """One merged bot message as terminal text, by its reply type."""
    custom: Any = message.get("custom")
    try:
        if custom is not None and not isinstance(custom, Mapping):
            raise ReplyContractError(f"reply payload is not an object: {custom!r}")
        payload = parse_payload(custom)
    except ReplyContractError as exc:
        kind = custom.get("type") if isinstance(custom, Mapping) else None
        log.warning("reply %r shown as plain text: %s", kind, " ".join(str(exc).split()))
        return plain(message)
    return RENDERERS[payload.type](message, payload)


def render(messages: Sequence[Mapping[str, Any]]) -> str:
    """A bot turn as terminal text: its messages (custom payloads merged in) one per block."""
    blocks = [render_message(message) for message in merge(messages)]
    blocks = [block for block in blocks if block.strip()]
    return "\n\n".join(blocks) if blocks else "(no reply)"


def indent(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def play_script(
    client: RasaClient, sender: str, script: Iterable[str], out: Callable[[str], None] = print
) -> list[float]:
    """Send each line, print the transcript, and return the reply latencies in seconds."""
    latencies = []
    for line in script:
        out(f"you> {line}")
        started = time.perf_counter()
        messages = client.send(sender, line)
        latencies.append(time.perf_counter() - started)
        out("pregame>\n" + indent(render(messages)) + "\n")
    return latencies


def interactive(
    client: RasaClient,
    sender: str,
    read: Callable[[str], str] = input,
    first: str | None = None,
) -> None:
    """Chat until Ctrl-D or "quit"; ``first`` is sent as the rep's opening message."""
    print('Chat with Pregame. Try "discovery call with a CFO tomorrow". Ctrl-D or "quit" to end.')
    pending = [first] if first else []
    while True:
        if pending:
            line = pending.pop()
            print(f"you> {line}")
        else:
            try:
                line = read("you> ").strip()
            except EOFError:
                print()
                return
        if line.lower() in {"quit", "exit"}:
            return
        if not line:
            continue
        try:
            print("pregame>\n" + indent(render(client.send(sender, line))) + "\n")
        except BotUnavailable as exc:
            print(f"(!) {exc}")
