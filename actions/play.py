"""Guided play: start a play from the seller's description, then move through its steps."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.base import CoachAction, entity_values, user_text
from pregame.coach.coach import Turn
from pregame.coach.state import PlayState


class ActionStartPlay(CoachAction):
    def name(self) -> str:
        return "action_start_play"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return self.coach.start(state, [*entity_values(tracker), user_text(tracker)])


class ActionNextStep(CoachAction):
    def name(self) -> str:
        return "action_next_step"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return self.coach.move(state, +1)


class ActionPreviousStep(CoachAction):
    def name(self) -> str:
        return "action_previous_step"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return self.coach.move(state, -1)


class ActionWarmUp(CoachAction):
    """Called once by `pregame up` so the first seller turn does not wait for model loading."""

    def name(self) -> str:
        return "action_pregame_warm_up"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        self.coach.knowledge.search("warm up", k=1)
        self.coach.library.playbooks()
        return Turn(state, [])
