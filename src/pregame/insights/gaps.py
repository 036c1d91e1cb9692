"""The gaps: questions nobody could answer, and objections no playbook covers."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import yaml

from pregame.insights.clusters import Cluster, Wording, cluster
from pregame.insights.events import EventStore, Filters
from pregame.insights.timeline import Said, Timeline, playbook_of
from pregame.retrieval.embeddings import Embedder

LOW_RELEVANCE = 0.45
"""An answer whose best passage scores below this is counted as not really answered."""


def _best_score(payload: dict[str, Any]) -> float:
    return max((float(score) for score in payload.get("scores") or []), default=0.0)


def unanswered(
    store: EventStore,
    filters: Filters,
    embedder: Embedder,
    low_relevance: float = LOW_RELEVANCE,
    max_distance: float = 0.5,
) -> list[Cluster]:
    """No-answer questions and low-relevance answers, clustered by meaning, biggest first."""
    playbooks = Timeline(store.slots(filters, ["playbook"], from_start=True))
    phases = Timeline(store.slots(filters, ["phase"], from_start=True))
    said = Said(store.user(filters))
    seller_of = store.sellers()
    wordings = []
    for event in store.bot(filters, ["no_answer", "answer"]):
        if event.type == "answer" and _best_score(event.payload) >= low_relevance:
            continue
        playbook = playbook_of(event, playbooks)
        if not filters.keeps(playbook):
            continue
        question = str(event.payload.get("query") or "")
        if not question:
            asked = said.before(event.sender, event.at)
            question = asked.text if asked else ""
        if question:
            seller = seller_of.get(event.sender, event.sender)
            wordings.append(Wording(question, seller, playbook, phases.at(event.sender, event.at)))
    return cluster(wordings, embedder, max_distance)


@dataclass(frozen=True)
class KnownObjection:
    playbook: str
    objection: str
    title: str
    count: int
    sellers: int


@dataclass(frozen=True)
class UncoveredObjection:
    cluster: Cluster
    snippet: str
    """A YAML snippet to paste under a playbook's ``objections:``."""


@dataclass(frozen=True)
class Objections:
    known: list[KnownObjection] = field(default_factory=list)
    uncovered: list[UncoveredObjection] = field(default_factory=list)


STOP = frozenset(
    "the they say says said that this with their them our are not for and but its it's "
    "all any too can cant can't don't dont want wants need needs have has was were will "
    "would buyer customer client means into from until about your".split()
)


def objection_id(group: Cluster) -> str:
    """A short id for a new objection from its cluster's most common words."""
    words: Counter[str] = Counter()
    for wording in group.wordings:
        for word in re.findall(r"[a-z][a-z0-9-]+", wording.lower()):
            if len(word) > 2 and word not in STOP:
                words[word] += 1
    top = [w for w, _ in words.most_common(3)]
    return "-".join(top) or "new-objection"


def phrasings_snippet(group: Cluster) -> str:
    """A playbook ``objections:`` entry with the sellers' own wordings as ``phrasings``."""
    entry: dict[str, Any] = {
        "id": objection_id(group),
        "title": "TODO: name this objection",
        "phrasings": group.wordings[:10],
        "response": "TODO: the designed answer",
    }
    if group.phases:
        entry["phases"] = group.phases
    return yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=100)


def objections(
    store: EventStore, filters: Filters, embedder: Embedder, max_distance: float = 0.5
) -> Objections:
    """Known objections by frequency; objections no playbook covers, clustered, each with a
    ready-to-paste ``phrasings`` snippet."""
    playbooks = Timeline(store.slots(filters, ["playbook"], from_start=True))
    phases = Timeline(store.slots(filters, ["phase"], from_start=True))
    said = Said(store.user(filters))
    seller_of = store.sellers()
    counts: Counter[tuple[str, str, str]] = Counter()
    sellers: dict[tuple[str, str, str], set[str]] = {}
    wordings = []
    for event in store.bot(filters, ["objection", "objection_unknown"]):
        playbook = playbook_of(event, playbooks)
        if not filters.keeps(playbook):
            continue
        if event.type == "objection":
            key = (
                str(event.payload.get("playbook")),
                str(event.payload.get("objection")),
                str(event.payload.get("title")),
            )
            counts[key] += 1
            sellers.setdefault(key, set()).add(seller_of.get(event.sender, event.sender))
            continue
        raised = said.before(event.sender, event.at)
        if raised:
            wordings.append(
                Wording(raised.text, raised.seller, playbook, phases.at(event.sender, event.at))
            )
    known = [
        KnownObjection(p, o, t, n, len(sellers[(p, o, t)])) for (p, o, t), n in counts.most_common()
    ]
    uncovered = [
        UncoveredObjection(group, phrasings_snippet(group))
        for group in cluster(wordings, embedder, max_distance)
    ]
    return Objections(known, uncovered)
