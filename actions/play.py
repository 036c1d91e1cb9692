"""Guided play: start a play from the seller's description, then move through its steps."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.base import CoachAction, last_card, step_number, texts
from actions.seller import KnowsTeams
from pregame.coach.coach import Turn
from pregame.coach.state import PlayState


class ActionNewPlay(KnowsTeams, CoachAction):
    """Before a play or prep form: read the situation afresh; the form asks what is missing
    (the playbook when the words fit several, then the phase)."""

    def name(self) -> str:
        return "action_new_play"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return Turn(self.coach.understand(state, texts(tracker), self.team(tracker)), [])


class ActionAskPlaybook(KnowsTeams, CoachAction):
    """How the forms ask for the playbook: "Which play?" with the close ones as buttons."""

    def name(self) -> str:
        return "action_ask_playbook"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return self.coach.ask_playbook(state, texts(tracker), self.team(tracker))


class ActionAskPhase(KnowsTeams, CoachAction):
    """How the forms ask for the phase: with the playbook's phases as buttons."""

    def name(self) -> str:
        return "action_ask_phase"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return self.coach.ask_phase(state, texts(tracker), self.team(tracker))


class ActionStartPlay(KnowsTeams, CoachAction):
    def name(self) -> str:
        return "action_start_play"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return self.coach.start(state, texts(tracker), self.team(tracker))


class ActionChoosePlaybook(KnowsTeams, CoachAction):
    """The seller said "no, the partner one": the play moves to the playbook the seller names."""

    def name(self) -> str:
        return "action_choose_playbook"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return self.coach.switch_playbook(state, texts(tracker), self.team(tracker))


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


class ActionRepeatStep(CoachAction):
    def name(self) -> str:
        return "action_repeat_step"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return self.coach.move(state, 0)


class ActionRestartPlay(CoachAction):
    def name(self) -> str:
        return "action_restart_play"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return self.coach.move(state.at(0), 0)


class ActionGoTo(KnowsTeams, CoachAction):
    def name(self) -> str:
        return "action_go_to"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return self.coach.go_to(state, texts(tracker), step_number(tracker), self.team(tracker))


class ActionShowPlay(CoachAction):
    def name(self) -> str:
        return "action_show_play"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return self.coach.overview(state)


class ActionStopPlay(CoachAction):
    def name(self) -> str:
        return "action_stop_play"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return self.coach.stop(state)


class ActionChangeContext(KnowsTeams, CoachAction):
    def name(self) -> str:
        return "action_change_context"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return self.coach.switch(state, texts(tracker), self.team(tracker))


class ActionWarmUp(CoachAction):
    """Called once by `pregame up` so the first seller turn does not wait for model loading."""

    def name(self) -> str:
        return "action_pregame_warm_up"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        self.coach.warm()  # done at start already: this checks the server answers turns
        return Turn(state, [])


class ActionAcknowledge(CoachAction):
    """A bare "ok" or "no", read against the card the seller was just shown."""

    def name(self) -> str:
        return "action_acknowledge"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        intent = tracker.latest_message.get("intent", {}).get("name")
        return self.coach.acknowledge(state, intent != "deny", last_card(tracker))
