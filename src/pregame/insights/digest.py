"""The weekly digest's content: who needs to see what, as plain data and Slack text.

Each owner (a playbook's ``owner`` or a document's front-matter ``owner``) gets the 👎 on what
they own, with the reasons, their stale documents, and the objections no playbook covers that
sellers raised in their playbooks (with the phases). An owner with nothing to see gets no
digest. Sending is the Slack app's job (:mod:`pregame.slack.digest`); :class:`Addressed` says
where each digest goes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pregame.insights.content import Stale
from pregame.insights.events import Filters
from pregame.insights.feedback import Rated
from pregame.insights.gaps import UncoveredObjection
from pregame.insights.people import Roster
from pregame.insights.service import Insights


@dataclass(frozen=True)
class Digest:
    owner: str
    disliked: list[Rated] = field(default_factory=list)
    stale: list[Stale] = field(default_factory=list)
    uncovered: list[UncoveredObjection] = field(default_factory=list)
    period: str = ""
    """What the 👎 and objections cover, e.g. "2026-11-26 to 2026-12-02"."""

    @property
    def empty(self) -> bool:
        return not (self.disliked or self.stale or self.uncovered)

    def text(self, dashboard_url: str = "") -> str:
        """The digest as Slack mrkdwn."""
        when = f", {self.period}" if self.period else ""
        lines = [f"*What needs your attention* ({self.owner}{when})"]
        if self.disliked:
            lines.append("👎 on what you own:")
            for item in self.disliked[:5]:
                why = f": {'; '.join(item.reasons[:3])}" if item.reasons else ""
                lines.append(f"  • {item.kind} {item.key}: {item.down} 👎, {item.up} 👍{why}")
        if self.stale:
            lines.append("Stale content:")
            lines.extend(f"  • {s.title} (`{s.source}`): {s.why}" for s in self.stale[:10])
        if self.uncovered:
            lines.append("Objections your playbooks don't cover:")
            for gap in self.uncovered[:5]:
                where = ", ".join(gap.cluster.phases)
                lines.append(
                    f'  • "{gap.cluster.label}" ({gap.cluster.count}x, '
                    f"{gap.cluster.sellers} sellers{', in ' + where if where else ''})"
                )
        if dashboard_url:
            lines.append(f"Details: {dashboard_url}")
        return "\n".join(lines)


def _period(filters: Filters) -> str:
    if filters.since and filters.until:
        return f"{filters.since} to {filters.until}"
    if filters.since:
        return f"since {filters.since}"
    return ""


def digests(insights: Insights, filters: Filters) -> list[Digest]:
    """One digest per owner with something to look at, by owner name."""
    catalog = insights.catalog
    disliked: dict[str, list[Rated]] = {}
    for item in insights.feedback(filters):
        if item.down and item.owner:
            disliked.setdefault(item.owner, []).append(item)
    stale: dict[str, list[Stale]] = {}
    for doc in insights.content(filters).stale:
        if doc.owner:
            stale.setdefault(doc.owner, []).append(doc)
    uncovered: dict[str, list[UncoveredObjection]] = {}
    for gap in insights.objections(filters).uncovered:
        owners = {catalog.playbook_owner(p) for p in gap.cluster.playbooks} - {""}
        for owner in owners:
            uncovered.setdefault(owner, []).append(gap)
    names = sorted(set(disliked) | set(stale) | set(uncovered))
    period = _period(filters)
    return [
        Digest(name, disliked.get(name, []), stale.get(name, []), uncovered.get(name, []), period)
        for name in names
    ]


@dataclass(frozen=True)
class Addressed:
    digest: Digest
    slack_id: str | None
    """Where to DM it; None when the owner has no Slack id (set ``PREGAME_OWNERS``)."""


def address(found: list[Digest], roster: Roster) -> list[Addressed]:
    """Each digest with its owner's Slack id; two owner names for one person are merged."""
    merged: dict[str, Digest] = {}
    unreachable: list[Addressed] = []
    for digest in found:
        user = roster.slack_id(digest.owner)
        if user is None:
            unreachable.append(Addressed(digest, None))
        elif user in merged:
            was = merged[user]
            merged[user] = Digest(
                f"{was.owner}, {digest.owner}",
                was.disliked + digest.disliked,
                was.stale + digest.stale,
                was.uncovered + [u for u in digest.uncovered if u not in was.uncovered],
                was.period,
            )
        else:
            merged[user] = digest
    return [Addressed(d, user) for user, d in merged.items()] + unreachable
