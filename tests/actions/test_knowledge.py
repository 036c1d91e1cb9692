"""actions/knowledge.py: content, objections, questions and call prep."""

from __future__ import annotations

from actions.knowledge import (
    ActionAnswerQuestion,
    ActionCallPrep,
    ActionHandleObjection,
    ActionSendContent,
)
from pregame.coach.coach import Coach
from tests.support.rasa_tracker import PLAYING, run, tracker


def test_content_objection_and_question_actions(coach: Coach) -> None:
    slots = {"playbook": "b2b-buyer-experience", "phase": "discovery", "step": 0.0}
    messages, events = run(ActionSendContent(coach), tracker("what should I send them?", slots))
    assert events == [] and messages[0]["custom"]["type"] == "content"
    messages, _ = run(ActionHandleObjection(coach), tracker("they say we're too expensive"))
    assert messages[0]["custom"]["objection"] == "too-expensive"
    messages, _ = run(ActionAnswerQuestion(coach), tracker("parental leave allowance"))
    assert messages[0]["custom"]["type"] == "no_answer"


def test_button_payload_is_not_used_as_a_search_query(coach: Coach) -> None:
    slots = {"playbook": "b2b-buyer-experience", "phase": "discovery", "step": 0.0}
    messages, _ = run(ActionSendContent(coach), tracker("/ask_content", slots))
    assert all(i["why"] == "recommended in the playbook" for i in messages[0]["custom"]["items"])


def test_a_picked_objection_answers_what_was_said_before(coach: Coach) -> None:
    t = tracker(
        '/raise_objection{"objection":"b2b-buyer-experience/too-expensive"}',
        entities=[{"entity": "objection", "value": "b2b-buyer-experience/too-expensive"}],
    )
    messages, _ = run(ActionHandleObjection(coach), t)
    assert messages[0]["custom"]["type"] == "objection"
    assert messages[0]["custom"]["objection"] == "too-expensive"
    assert messages[0]["custom"]["score"] == 1.0


def test_call_prep_uses_the_company_slot(coach: Coach) -> None:
    slots = {**PLAYING, "phase": "evaluation", "persona": "cfo", "company": "Acme"}
    messages, _ = run(ActionCallPrep(coach), tracker("evaluation", slots))
    assert messages[0]["custom"]["type"] == "prep"
    assert messages[0]["custom"]["company"] == "Acme"


def test_call_prep_prefers_the_company_named_now(coach: Coach) -> None:
    slots = {**PLAYING, "phase": "evaluation", "persona": "cfo", "company": "Acme"}
    t = tracker("prep my call with Globex", slots, [{"entity": "company", "value": "Globex"}])
    messages, _ = run(ActionCallPrep(coach), t)
    assert messages[0]["custom"]["company"] == "Globex"
