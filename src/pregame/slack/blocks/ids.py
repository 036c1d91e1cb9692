"""The ids the listeners match on: button actions, feedback blocks and the objection form."""

from __future__ import annotations

RASA_ACTION = "pregame_rasa_"  # + index; the button's value is the Rasa payload
OBJECTION_ACTION = "pregame_objection"
DONE_ACTION = "pregame_done"
FEEDBACK_ACTION = "pregame_feedback_"  # + helpful | not_helpful
REASON_ACTION = "pregame_reason_"  # + reason key
FEEDBACK_BLOCK = "pregame_feedback"
FEEDBACK_NOTE = "pregame_feedback_note"
OBJECTION_VIEW = "pregame_objection_view"
OBJECTION_INPUT = ("objection", "said")  # block_id, action_id of the modal's text input
