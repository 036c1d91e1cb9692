"""Terminal chat: interactive when there is a TTY, a scripted demo when there is not."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from pregame.chat.client import BotUnavailable, RasaClient, merge

DEMO_SCRIPT = (
    "I have a discovery call with a CFO tomorrow",
    "next",
    "go back",
    "what should I send them?",
    "they say we're too expensive",
    "prep me for my call with the CFO at Acme, evaluation stage",
    "what's our parental leave policy?",
)


def render(messages: list[dict[str, Any]]) -> str:
    """Bot messages as terminal text; buttons shown as [Title]."""
    blocks = []
    for message in merge(messages):
        text = str(message.get("text", "")).replace("*", "")
        buttons = message.get("buttons") or []
        if buttons:
            text += "\n" + "  ".join(f"[{b['title']}]" for b in buttons)
        if text.strip():
            blocks.append(text)
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


def interactive(client: RasaClient, sender: str, read: Callable[[str], str] = input) -> None:
    print('Chat with Pregame. Try "discovery call with a CFO tomorrow". Ctrl-D or "quit" to end.')
    while True:
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
