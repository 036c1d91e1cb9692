"""The learning path on the App Home: a rep's progress per phase, a manager's team readiness.

Read from the one SQL store (the Slack app's own connection) and the playbooks the App Home
has just refreshed; every query runs in a worker thread. A manager is a user configured in
``PREGAME_MANAGERS`` or a rep marked as one (``pregame learning team set ... --manager``);
a manager sees the readiness of their team (every rep when they have no team).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from pregame.learning.path import learning_path
from pregame.learning.readiness import (
    NextStep,
    PhaseState,
    Readiness,
    phase_states,
    team_readiness,
    whats_next,
)
from pregame.playbook.schema import Playbook
from pregame.slack.blocks.learning_home import path_blocks, readiness_blocks, with_learning
from pregame.store.progress import Progress

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LearningView:
    states: list[PhaseState]
    next: NextStep
    team: Readiness | None
    """The team's readiness, for a manager only."""


class LearningDesk:
    def __init__(
        self,
        progress: Progress,
        playbooks: Callable[[], list[Playbook]],
        managers: Collection[str] = (),
    ) -> None:
        self.progress = progress
        self.playbooks = playbooks
        self.managers = frozenset(managers)

    def view_for(self, user: str) -> LearningView:
        """What ``user`` sees (blocking: call it from a worker thread)."""
        rep = self.progress.rep(user)
        team = rep.team if rep and rep.team else None
        playbooks = self.playbooks()
        states = phase_states(
            learning_path(playbooks, team), self.progress.summaries([user]).get(user, {})
        )
        manager = user in self.managers or bool(rep and rep.is_manager)
        readiness = team_readiness(playbooks, self.progress, team) if manager else None
        return LearningView(states, whats_next(states, {}), readiness)

    async def add_to(self, view: dict[str, Any], user: str) -> dict[str, Any]:
        """``view`` with the learning blocks; unchanged (and logged) if the store fails."""
        try:
            seen = await asyncio.to_thread(self.view_for, user)
        except Exception:
            log.exception("no learning path for the App Home of %s", user)
            return view
        blocks = readiness_blocks(seen.team) if seen.team else path_blocks(seen.states, seen.next)
        return with_learning(view, blocks)
