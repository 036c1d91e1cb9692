"""The play funnel per phase: which steps sellers reached, skipped, and where they stopped.

A *run* is one seller going through one phase of a playbook: it starts with a ``play_started``
message (or the first step shown of another phase) and ends at the next one. A step is
*skipped* when the seller jumped over it ("go to step 4") or moved on with "next" within
``quick_seconds`` of seeing it; a run *stopped* at the last step it showed unless the phase's
exit (``phase_done``) was reached.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from pregame.insights.catalog import Catalog
from pregame.insights.events import BotEvent, EventStore, Filters
from pregame.insights.timeline import Said

MOVE_ON = frozenset({"next_step", "go_to", "affirm"})
"""Intents that move past a step."""


@dataclass(frozen=True)
class StepStats:
    index: int
    id: str
    title: str
    reached: int = 0
    skipped_quickly: int = 0
    jumped_over: int = 0
    stopped_here: int = 0

    @property
    def skipped(self) -> int:
        return self.skipped_quickly + self.jumped_over


@dataclass(frozen=True)
class PhaseFunnel:
    playbook: str
    phase: str
    phase_name: str
    runs: int
    exits: int
    steps: list[StepStats] = field(default_factory=list)


@dataclass
class _Run:
    playbook: str
    phase: str
    shown: list[BotEvent] = field(default_factory=list)
    done: bool = False


def _runs(bots: list[BotEvent]) -> list[_Run]:
    current: dict[str, _Run] = {}
    runs: list[_Run] = []
    for event in bots:
        playbook = str(event.payload.get("playbook") or "")
        phase = str(event.payload.get("phase") or "")
        run = current.get(event.sender)
        if event.type == "play_started" or (
            event.type == "step" and (run is None or (run.playbook, run.phase) != (playbook, phase))
        ):
            run = _Run(playbook, phase)
            current[event.sender] = run
            runs.append(run)
        if run is None:
            continue
        if event.type == "step":
            run.shown.append(event)
        elif event.type == "phase_done" and phase == run.phase:
            run.done = True
    return [r for r in runs if r.shown]


def funnel(
    store: EventStore, filters: Filters, catalog: Catalog, quick_seconds: float = 5.0
) -> list[PhaseFunnel]:
    """One funnel per (playbook, phase) that sellers played, most played first."""
    bots = store.bot(filters, ["play_started", "step", "phase_done"])
    said = Said(store.user(filters))
    grouped: dict[tuple[str, str], list[_Run]] = defaultdict(list)
    for run in _runs(bots):
        if filters.keeps(run.playbook):
            grouped[(run.playbook, run.phase)].append(run)
    result = [
        _phase_funnel(playbook, phase, runs, said, catalog, quick_seconds)
        for (playbook, phase), runs in grouped.items()
    ]
    return sorted(result, key=lambda f: (-f.runs, f.playbook, f.phase))


def _phase_funnel(
    playbook: str,
    phase: str,
    runs: list[_Run],
    said: Said,
    catalog: Catalog,
    quick_seconds: float,
) -> PhaseFunnel:
    info = catalog.playbooks.get(playbook)
    phase_info = info.phase(phase) if info else None
    titles: dict[int, tuple[str, str]] = {}
    if phase_info:
        titles = {i: (s.id, s.title) for i, s in enumerate(phase_info.steps)}
    reached: dict[int, int] = defaultdict(int)
    quick: dict[int, int] = defaultdict(int)
    jumped: dict[int, int] = defaultdict(int)
    stopped: dict[int, int] = defaultdict(int)
    for run in runs:
        indices = [int(e.payload.get("index", 0)) for e in run.shown]
        for event in run.shown:
            titles.setdefault(
                int(event.payload.get("index", 0)),
                (str(event.payload.get("step", "")), str(event.payload.get("title", ""))),
            )
        seen = set(indices)
        for i in seen:
            reached[i] += 1
        skipped_fast: set[int] = set()
        for event, index in zip(run.shown, indices, strict=True):
            reply = said.next_after(event.sender, event.at)
            if reply and reply.intent in MOVE_ON and reply.at - event.at < quick_seconds:
                skipped_fast.add(index)
        over: set[int] = set()
        for before, after in pairwise(indices):
            over.update(i for i in range(before + 1, after) if i not in seen)
        for i in skipped_fast - over:
            quick[i] += 1
        for i in over:
            jumped[i] += 1
        if not run.done:
            stopped[indices[-1]] += 1
    count = max([len(titles)] + [int(e.payload.get("count", 0)) for r in runs for e in r.shown])
    steps = [
        StepStats(
            index=i,
            id=titles.get(i, ("", ""))[0],
            title=titles.get(i, ("", f"Step {i + 1}"))[1],
            reached=reached[i],
            skipped_quickly=quick[i],
            jumped_over=jumped[i],
            stopped_here=stopped[i],
        )
        for i in range(count)
    ]
    return PhaseFunnel(
        playbook=playbook,
        phase=phase,
        phase_name=phase_info.name if phase_info else phase,
        runs=len(runs),
        exits=sum(1 for r in runs if r.done),
        steps=steps,
    )
