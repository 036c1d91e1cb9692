"""Block Kit for managers and owners: the manager's App Home, the weekly digest DM, and broken
playbooks (the owner's DMs and the App Home's "Served from an older version" section)."""

from __future__ import annotations

from datetime import UTC, datetime
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
from pregame.slack.stale_alerts import StaleAlert
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


STALE_HEADER = "Served from an older version"
STALE_SHOWN = 10
"""Broken files listed on the App Home; the rest are counted."""


def slack_time(timestamp: float) -> str:
    """A moment in the reader's own time zone (Slack's date token; UTC where it cannot)."""
    fallback = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"<!date^{int(timestamp)}^{{date_short_pretty}} at {{time}}|{fallback}>"


def _served(alert: StaleAlert) -> str:
    if alert.served_at is None:
        return "Sellers keep getting the last version of it that worked, if there was one."
    return f"Sellers still get the version saved {slack_time(alert.served_at)}."


def _problem(alert: StaleAlert) -> str:
    where = "Problem"
    if alert.line is not None:
        where = f"Line {alert.line}, column {alert.column}"
    text = f"*{where}:* {escape(alert.message)}"
    more = alert.problems - 1
    if more > 0:
        text += f" (and {more} more problem{'s' if more != 1 else ''})"
    return text


def _validate(alert: StaleAlert) -> str:
    return f"Run `pregame validate {escape(alert.file)}` to see every problem with a hint."


def stale_message(alert: StaleAlert) -> SlackMessage:
    """The DM to a playbook's owner: their latest save is broken, what sellers get instead, the
    first problem at its line and column, and what to do."""
    name = (
        f"*{escape(alert.title)}* (`{escape(alert.file)}`)"
        if alert.title
        else (f"`{escape(alert.file)}`")
    )
    blocks = [
        raw_section(
            f":warning: Your playbook {name} has a problem, so your latest save is not "
            f"live. {_served(alert)}"
        ),
        raw_section(_problem(alert)),
        raw_section(
            f"{_validate(alert)} Fix the file and save it: sellers get it on their next "
            "message, and I tell you here when it is live."
        ),
    ]
    text = f"{alert.file} has a problem: your latest save is not live. {alert.error}"
    return SlackMessage(escape(text), blocks)


def fixed_message(file: str, title: str | None) -> SlackMessage:
    """The short DM when the owner's broken playbook is fixed."""
    name = f"*{escape(title)}* (`{escape(file)}`)" if title else f"`{escape(file)}`"
    text = f":white_check_mark: {name} is fixed, now live: sellers get the version you saved."
    return SlackMessage(escape(f"{file} is fixed, now live."), [raw_section(text)])


def stale_blocks(alerts: list[StaleAlert]) -> list[Block]:
    """The App Home's section on broken playbooks: per file, who owns it, what sellers get,
    the first problem and what to do. None when nothing is broken."""
    if not alerts:
        return []
    blocks: list[Block] = [
        header(STALE_HEADER),
        context(
            "These playbook files are broken on disk, so the bot keeps serving the last version "
            "that worked. Fix the file and save it: the bot loads it on its next message."
        ),
    ]
    for alert in alerts[:STALE_SHOWN]:
        owner = f" (owner: {escape(alert.owner)})" if alert.owner else ""
        lines = [f"*`{escape(alert.file)}`*{owner}", _served(alert), _problem(alert)]
        lines.append(_validate(alert))
        blocks.append(raw_section("\n".join(lines)))
    hidden = len(alerts) - STALE_SHOWN
    if hidden > 0:
        blocks.append(context(f"And {hidden} more: run `pregame validate` to see them all."))
    return blocks


def with_stale(view: dict[str, Any], alerts: list[StaleAlert]) -> dict[str, Any]:
    """``view`` with the broken playbooks on top (unchanged when there are none)."""
    blocks = stale_blocks(alerts)
    if not blocks:
        return view
    merged = [*blocks, {"type": "divider"}, *view.get("blocks", [])]
    return {**view, "blocks": merged[:HOME_LIMIT]}
