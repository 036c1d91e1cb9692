"""The weekly digest's content: who needs to see what, as plain data and text.

Each owner (a playbook's ``owner`` or a document's front-matter ``owner``; in Slack, a user id
there or mapped in config) gets the 👎 on what they own, with reasons, their stale documents,
and the uncovered objections raised in their playbooks. Sending it is the Slack app's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pregame.insights.content import Stale
from pregame.insights.events import Filters
from pregame.insights.feedback import Rated
from pregame.insights.gaps import UncoveredObjection
from pregame.insights.service import Insights


@dataclass(frozen=True)
class Digest:
    owner: str
    disliked: list[Rated] = field(default_factory=list)
    stale: list[Stale] = field(default_factory=list)
    uncovered: list[UncoveredObjection] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.disliked or self.stale or self.uncovered)

    def text(self, dashboard_url: str = "") -> str:
        lines = [f"*What needs your attention this week* ({self.owner})"]
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
                lines.append(
                    f'  • "{gap.cluster.label}" ({gap.cluster.count}x, '
                    f"{gap.cluster.sellers} sellers)"
                )
        if dashboard_url:
            lines.append(f"Details: {dashboard_url}")
        return "\n".join(lines)


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
    return [
        Digest(name, disliked.get(name, []), stale.get(name, []), uncovered.get(name, []))
        for name in names
    ]
