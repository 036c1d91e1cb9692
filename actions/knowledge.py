"""Content, objections, questions and call prep: from the playbook and the knowledge base."""

from __future__ import annotations

from dataclasses import replace

from rasa_sdk import Tracker

from actions.base import CoachAction, said_before, user_text
from actions.seller import KnowsTeams
from pregame.coach.coach import Turn
from pregame.coach.state import PlayState


class ActionSendContent(CoachAction):
    def name(self) -> str:
        return "action_send_content"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return self.coach.content(state, user_text(tracker))


class ActionHandleObjection(CoachAction):
    def name(self) -> str:
        return "action_handle_objection"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        chosen = next(tracker.get_latest_entity_values("objection"), None)
        said = said_before(tracker) if chosen else user_text(tracker)
        return self.coach.objection(state, said, chosen)


class ActionAnswerQuestion(KnowsTeams, CoachAction):
    """The answer; outside a play, followed by the play the question clearly describes."""

    def name(self) -> str:
        return "action_answer_question"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        said = user_text(tracker)
        answered = self.coach.answer(state, said)
        offer = self.coach.suggest_play(state, said, self.team(tracker))
        return replace(answered, replies=[*answered.replies, offer]) if offer else answered


class ActionCallPrep(CoachAction):
    def name(self) -> str:
        return "action_call_prep"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        company = next(tracker.get_latest_entity_values("company"), None)
        if company is None:
            company = tracker.get_slot("company")
        return self.coach.prep(state, company)
