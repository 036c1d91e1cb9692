"""Content, objections, questions and call prep: from the playbook and the knowledge base."""

from __future__ import annotations

from rasa_sdk import Tracker

from actions.base import CoachAction, said_before, user_text
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


class ActionAnswerQuestion(CoachAction):
    def name(self) -> str:
        return "action_answer_question"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        return self.coach.answer(state, user_text(tracker))


class ActionCallPrep(CoachAction):
    def name(self) -> str:
        return "action_call_prep"

    def turn(self, state: PlayState, tracker: Tracker) -> Turn:
        company = next(tracker.get_latest_entity_values("company"), None)
        if company is None:
            company = tracker.get_slot("company")
        return self.coach.prep(state, company)
