"""The App Home tab: how to start, the seller's recent plays and the playbooks loaded.

A manager (configured in ``PREGAME_MANAGERS``, or a rep marked as one) sees the insights on top:
the week's headline numbers, the top gaps and a link to the dashboard
(:mod:`pregame.slack.manager`). A manager, and the owner of a playbook whose file is broken on
disk, see on top which playbooks are served from an older version and why
(:mod:`pregame.slack.stale_watch`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from pregame.playbook.library import PlaybookLibrary
from pregame.slack.blocks.help import HELP_LINES
from pregame.slack.blocks.insights import manager_home
from pregame.slack.blocks.primitives import Block, header, raw_section, section
from pregame.slack.learning import LearningDesk
from pregame.slack.manager import ManagerDesk
from pregame.slack.records import PlayRecord, SlackRecords
from pregame.slack.stale_watch import StaleDesk
from pregame.slack.text import escape

log = logging.getLogger(__name__)


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


class Home:
    """``refresh`` reads the playbooks again (once per opening); by default the library's own.
    ``desk``: the managers' insights (none: everyone gets the seller's home); ``learning``: the
    learning path (a rep's progress per phase, a manager's team readiness); ``stale``: the
    broken playbooks (a manager's, or an owner's own)."""

    def __init__(
        self,
        library: PlaybookLibrary,
        records: SlackRecords,
        refresh: Callable[[], None] | None = None,
        desk: ManagerDesk | None = None,
        learning: LearningDesk | None = None,
        stale: StaleDesk | None = None,
    ) -> None:
        self.library = library
        self.records = records
        self.refresh = refresh or library.refresh
        self.desk = desk
        self.learning = learning
        self.stale = stale

    async def opened(self, event: Mapping[str, Any], client: AsyncWebClient, team: str) -> None:
        if event.get("tab", "home") != "home":
            return
        user = str(event["user"])
        self.refresh()
        plays = await self.records.recent_plays(user, team)
        view = self.view(plays)
        if self.learning is not None:  # the rep's learning path, or a manager's team
            view = await self.learning.add_to(view, user)
        if self.desk is not None:
            try:
                head = await self.desk.headline_for(user)
            except Exception:  # the store is down: the manager still gets a home
                log.exception("no insights for the App Home of %s", user)
                head = None
            if head is not None:
                view = manager_home(head, self.desk.dashboard_url, view)
        if self.stale is not None:  # broken playbooks, on top
            view = await self.stale.add_to(view, user)
        await client.views_publish(user_id=user, view=view)

    def view(self, recent: Sequence[PlayRecord]) -> dict[str, Any]:
        """A seller's home: their ``recent`` plays and the playbooks as last refreshed."""
        playbooks = self.library.playbooks()
        names: dict[tuple[str, str], str] = {}
        for pb in playbooks:
            names.update({(pb.id, ph.id): ph.name for ph in pb.phases})
            names.update({(pb.id, f"persona:{p.id}"): p.name for p in pb.personas})
        plays = []
        for record in recent:
            title = names.get((record.playbook, record.phase), record.phase)
            if record.persona:
                persona = names.get((record.playbook, f"persona:{record.persona}"), record.persona)
                title += f" with the {persona}"
            plays.append(HomePlay(title, record.channel, record.at))
        summaries = [
            HomePlaybook(pb.title, [ph.name for ph in pb.phases], [p.name for p in pb.personas])
            for pb in playbooks
        ]
        return home_view(summaries, plays)
