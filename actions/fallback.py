"""The clarifying question of the two-stage fallback: plain words and buttons, no intent names;
a play the seller's words point to is named on its button (see :mod:`pregame.coach.clarify`)."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.base import CoachAction, user_text
from actions.seller import KnowsTeams
from pregame.coach.clarify import offered
from pregame.coach.coach import Turn
from pregame.coach.state import PlayState


class ActionAskAffirmation(KnowsTeams, CoachAction):
    """Rasa's `action_default_ask_affirmation`, phrased for sellers."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        ranking = tracker.latest_message.get("intent_ranking", [])
        options = offered([str(r.get("name")) for r in ranking])
        # The words a click on an option is read with (actions.base.user_text): the same play.
        return self.coach.clarify(state, [user_text(tracker)], options, self.team(tracker))
