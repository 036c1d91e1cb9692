"""Replies from the knowledge base: cited answers, the honest "I don't have that", and the
knowledge base being out of reach. Each passage keeps its source; stale ones are flagged."""

from __future__ import annotations

from collections.abc import Sequence

from pregame.coach.buttons import NAV_BUTTONS
from pregame.coach.stale import Stale, flag_text, stale_flag
from pregame.coach.text import bullets
from pregame.replies import (
    AnswerPayload,
    Citation,
    ErrorPayload,
    NoAnswerPayload,
    ObjectionUnknownPayload,
    Reply,
)
from pregame.retrieval.search import Passage

CAPABILITIES = [
    'walk you through a play: "discovery call with a CFO tomorrow"',
    'prep a call: "prep me for my call with Acme\'s CFO, evaluation stage"',
    'find content to send: "case study for manufacturing?"',
    'handle an objection: "they say we\'re too expensive"',
    'answer a sales question from the knowledge base: "how do I build a business case?"',
]


def unknown_objection(passages: Sequence[Passage], stale: Stale | None = None) -> Reply:
    cited = citations(passages, stale)
    text = (
        "That objection isn't in the playbook yet, so treat this as a starting "
        "point, not the designed answer. The closest I have:\n" + passages_text(passages, cited)
    )
    return Reply(text, payload=ObjectionUnknownPayload(citations=cited))


def answer(passages: Sequence[Passage], stale: Stale | None = None) -> Reply:
    """Cited passages, in the order given; ``stale`` flags the stale ones (see
    :meth:`pregame.retrieval.freshness.Freshness.passages`, which also puts fresh first)."""
    cited = citations(passages, stale)
    text = "From the knowledge base:\n" + passages_text(passages, cited)
    return Reply(text, payload=AnswerPayload(citations=cited))


KNOWLEDGE_UNREACHABLE = "I can't reach the knowledge base right now"


def knowledge_unreachable(in_play: bool, cannot: str = "look that up") -> Reply:
    """The knowledge base (Chroma) did not answer: say what that stops, and that the play is
    still there."""
    text = f"{KNOWLEDGE_UNREACHABLE}, so I can't {cannot}. Please try again in a minute."
    if in_play:
        text += ' Your play is where you left it: say "next" to go on.'
    return Reply(text, NAV_BUTTONS if in_play else (), ErrorPayload())


def nothing(query: str, what: str = "that", related: Sequence[Passage] = ()) -> Reply:
    """The honest reply. ``related``: pages that came close without answering, offered as
    reading to check, never as the answer."""
    if related:
        text = (
            f"I don't have a sure answer on {what} in the playbooks or the knowledge base, "
            "and I'd rather say so than guess. These pages came closest; check them before "
            "you repeat anything to a buyer:\n"
            + "\n".join(
                f"• {p.title}{f' > {p.heading}' if p.heading else ''} (`{p.url or p.source}`)"
                for p in related
            )
        )
    else:
        text = (
            f"I don't have anything on {what} in the playbooks or the knowledge base, "
            "and I'd rather say so than guess. What I can do:\n" + bullets(CAPABILITIES)
        )
    return Reply(text, payload=NoAnswerPayload(query=query, related=citations(related)))


def passages_text(passages: Sequence[Passage], cited: Sequence[Citation] = ()) -> str:
    """Each passage with its source; with ``cited`` (its citations), a stale one's flag."""
    flags = {c.source: c.stale for c in cited if c.stale}
    out = []
    for p in passages:
        heading = f" > {p.heading}" if p.heading else ""
        snippet = p.text if len(p.text) <= 400 else p.text[:400].rsplit(" ", 1)[0] + " …"
        line = f"• {snippet}\n  Source: {p.title}{heading} (`{p.url or p.source}`)"
        if p.source in flags:
            line += f"\n  {flag_text(flags[p.source])}"
        out.append(line)
    return "\n".join(out)


def citations(passages: Sequence[Passage], stale: Stale | None = None) -> list[Citation]:
    stale = stale or {}
    return [
        Citation(
            title=p.title,
            heading=p.heading,
            source=p.source,
            url=p.url,
            score=round(p.score, 3),
            stale=stale_flag(stale.get(p.source)),
        )
        for p in passages
    ]
