"""Block Kit for managers and owners: the manager's App Home and the weekly digest DM."""

from __future__ import annotations

from typing import Any

from pregame.insights.digest import Digest
from pregame.insights.headline import Headline
from pregame.slack.blocks.primitives import (
    Block,
    SlackMessage,
    context,
    header,
    raw_section,
    section,
)
from pregame.slack.text import escape, link

HOME_LIMIT = 100
"""Slack's cap on blocks in a view."""
GAP_KINDS = {"question": "unanswered question", "objection": "objection no playbook covers"}
NO_DASHBOARD = (
    "Run `pregame dashboard` for the details; set PREGAME_DASHBOARD_URL to link it from here."
)


def _period(head: Headline) -> str:
    since, until = head.filters.since, head.filters.until
    if since and until:
        return f"{since:%b %d} to {until:%b %d}"
    return "all time"


def dashboard_line(url: str, label: str = "Open the dashboard") -> str:
    """A link to the dashboard (escaped mrkdwn), or how to get one."""
    return link(url, label) if url else escape(NO_DASHBOARD)


def manager_blocks(head: Headline, dashboard_url: str) -> list[Block]:
    """The headline numbers, the top gaps and the dashboard's link."""
    numbers = [
        (head.active_sellers, "active sellers"),
        (head.conversations, "conversations"),
        (head.plays, "plays started"),
        (head.unanswered, "questions not answered"),
        (head.thumbs_down, "👎"),
    ]
    blocks: list[Block] = [
        header(
            f"Team {head.filters.team} this week" if head.filters.team else "Your sellers this week"
        ),
        context(escape(_period(head))),
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": f"*{n}*\n{label}", "verbatim": True}
                for n, label in numbers
            ],
        },
        header("Top gaps to fill"),
    ]
    if head.gaps:
        lines = [
            f"• “{escape(g.label)}”: {GAP_KINDS[g.kind]}, {g.count}x by {g.sellers} "
            f"seller{'s' if g.sellers != 1 else ''}"
            for g in head.gaps
        ]
        blocks.append(raw_section("\n".join(lines)))
    else:
        blocks += section(
            "No gaps this week: every question was answered and every objection was in a playbook."
        )
    blocks.append(raw_section(dashboard_line(dashboard_url)))
    return blocks


def manager_home(head: Headline, dashboard_url: str, seller_home: dict[str, Any]) -> dict[str, Any]:
    """A manager's App Home: the insights on top, then what every seller sees."""
    blocks = [*manager_blocks(head, dashboard_url), {"type": "divider"}]
    blocks += list(seller_home.get("blocks", []))
    return {"type": "home", "blocks": blocks[:HOME_LIMIT]}


def digest_message(digest: Digest, dashboard_url: str) -> SlackMessage:
    """The weekly digest DM: the digest's text (escaped: it quotes what sellers typed) and the
    dashboard's link."""
    blocks = section(digest.text())
    blocks.append(raw_section(dashboard_line(dashboard_url, "Details in the dashboard")))
    return SlackMessage(escape(f"What needs your attention ({digest.owner})"), blocks)
