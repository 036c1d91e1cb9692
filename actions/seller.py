"""Who the seller is, for choosing playbooks: their team (``pregame learning team set``).

A playbook's ``audience`` names the teams it is for; the coach offers a seller the playbooks for
everyone and for their team, their team's own first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from rasa_sdk import Tracker

from actions.base import UsesCoach
from pregame.coach.coach import Coach

log = logging.getLogger(__name__)

Teams = Callable[[str], str | None]
"""A rep's id -> their team, or None when they have none."""


def registered_team(user_id: str) -> str | None:
    """The team the SQL store has for the rep (None if unregistered or the store is out of
    reach: the seller is then offered every playbook, and the turn goes on)."""
    from actions.onboarding import default_tutor

    try:
        rep = default_tutor().learning.progress.rep(user_id)
    except Exception as exc:  # the store being down must not stop a play
        log.warning("the seller's team is unknown, the store did not answer: %s", exc)
        return None
    return rep.team if rep and rep.team else None


class KnowsTeams(UsesCoach):
    """A coach action that also needs the seller's team: looked up in the store by the action
    server; tests inject ``teams`` (with an injected coach and no ``teams``, no team)."""

    def __init__(self, coach: Coach | None = None, teams: Teams | None = None) -> None:
        super().__init__(coach)
        self._teams = teams

    def team(self, tracker: Tracker) -> str | None:
        from actions.onboarding import rep_id

        if self._teams is not None:
            return self._teams(rep_id(tracker))
        if self._coach is not None:
            return None
        return registered_team(rep_id(tracker))
