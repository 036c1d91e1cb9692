"""Feedback: 👍/👎 per playbook, phase, step, objection and document, worst first, with owner.

Feedback comes from the conversation (the ``feedback`` slot the feedback actions set, with what
the answer was about) and from Pregame's own ``pregame_feedback`` table (Slack's buttons). A
Slack click is recorded in both (the Slack app tells the bot too): it counts once.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pregame.insights.catalog import Catalog
from pregame.insights.content import DOCUMENT_FIELDS, documents_in
from pregame.insights.events import BotEvent, EventStore, Filters
from pregame.insights.timeline import Timeline

SAME_CLICK_SECONDS = 120.0
"""A Slack record and a ``feedback`` slot this close, same conversation and verdict: one vote."""


@dataclass(frozen=True)
class Vote:
    sender: str
    """The conversation (Rasa sender id) the vote was given in."""
    at: float
    helpful: bool
    reason: str | None
    about: dict[str, Any]


@dataclass(frozen=True)
class Rated:
    kind: str  # playbook | phase | step | objection | document
    key: str
    owner: str
    up: int
    down: int
    reasons: list[str] = field(default_factory=list)
    """Why sellers gave 👎, newest first."""

    @property
    def total(self) -> int:
        return self.up + self.down

    @property
    def down_share(self) -> float:
        return self.down / self.total if self.total else 0.0


def votes(store: EventStore, filters: Filters) -> list[Vote]:
    """Every 👍/👎 in the range: from the conversation and from Slack's buttons."""
    out = []
    for slot in store.slots(filters, ["feedback"]):
        value = slot.value if isinstance(slot.value, dict) else {}
        if "helpful" not in value:
            continue
        out.append(
            Vote(
                slot.sender,
                slot.at,
                bool(value["helpful"]),
                value.get("reason"),
                dict(value.get("about") or {}),
            )
        )
    told: dict[tuple[str, bool], list[float]] = defaultdict(list)
    for vote in out:
        told[(vote.sender, vote.helpful)].append(vote.at)
    for row in store.slack_feedback(filters):
        times = told.get((row["conversation"], row["helpful"]), [])
        if any(abs(t - row["at"]) <= SAME_CLICK_SECONDS for t in times):
            continue
        out.append(
            Vote(row["conversation"], row["at"], row["helpful"], row["reason"], row["about"])
        )
    return sorted(out, key=lambda v: v.at)


class _LastDocs:
    """The last message with documents each seller saw before a moment."""

    def __init__(self, events: list[BotEvent]) -> None:
        self._times: dict[str, list[float]] = defaultdict(list)
        self._events: dict[str, list[BotEvent]] = defaultdict(list)
        for event in events:
            self._times[event.sender].append(event.at)
            self._events[event.sender].append(event)

    def before(self, sender: str, moment: float) -> BotEvent | None:
        index = bisect.bisect_right(self._times.get(sender, []), moment) - 1
        return self._events[sender][index] if index >= 0 else None


def _keys(vote: Vote, playbook: str | None, docs: _LastDocs) -> Iterator[tuple[str, str]]:
    about = vote.about
    phase, step, objection = about.get("phase"), about.get("step"), about.get("objection")
    if playbook:
        yield "playbook", playbook
        if phase:
            yield "phase", f"{playbook} / {phase}"
            if step:
                yield "step", f"{playbook} / {phase} / {step}"
        if objection:
            yield "objection", f"{playbook} / {objection}"
    message = docs.before(vote.sender, vote.at)
    if message is not None and message.type == about.get("type"):
        for source in documents_in(message):
            yield "document", source


def scoped_votes(store: EventStore, filters: Filters) -> Iterator[tuple[Vote, str | None]]:
    """The votes in the filters' playbook, each with the playbook it is about."""
    playbooks = Timeline(store.slots(filters, ["playbook"], from_start=True))
    for vote in votes(store, filters):
        playbook = vote.about.get("playbook") or playbooks.at(vote.sender, vote.at)
        if filters.keeps(playbook):
            yield vote, playbook


def feedback(store: EventStore, filters: Filters, catalog: Catalog) -> list[Rated]:
    """Everything rated, worst first: most 👎 share, then most 👎."""
    docs = _LastDocs(store.bot(filters, DOCUMENT_FIELDS))
    up: dict[tuple[str, str], int] = defaultdict(int)
    down: dict[tuple[str, str], int] = defaultdict(int)
    reasons: dict[tuple[str, str], list[str]] = defaultdict(list)
    owners: dict[tuple[str, str], str] = {}
    for vote, playbook in scoped_votes(store, filters):
        for key in _keys(vote, playbook, docs):
            if vote.helpful:
                up[key] += 1
            else:
                down[key] += 1
                if vote.reason:
                    reasons[key].insert(0, str(vote.reason))
            owners[key] = (
                catalog.document_owner(key[1])
                if key[0] == "document"
                else catalog.playbook_owner(playbook)
            )
    rated = [
        Rated(
            kind, key, owners[(kind, key)], up[(kind, key)], down[(kind, key)], reasons[(kind, key)]
        )
        for kind, key in owners
    ]
    return sorted(rated, key=lambda r: (-r.down_share, -r.down, r.kind, r.key))
