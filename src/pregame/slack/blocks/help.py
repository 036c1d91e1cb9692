"""How to use Pregame: the slash command's help and the App Home's "Get started"."""

from __future__ import annotations

from pregame.slack.blocks.primitives import Block, context, raw_section, section

HELP_LINES = (
    ("Walk through a play", "`/pregame play discovery call with a CFO tomorrow`"),
    ("Prep a call", "`/pregame prep evaluation call with Acme's CFO`"),
    ("New to the team", "`/pregame learn`, `/pregame practice`, `/pregame progress`"),
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
