"""coach/answer_cards.py: knowledge-base passages as cited replies, and the honest one."""

from __future__ import annotations

from pregame.coach import answer_cards
from pregame.replies import AnswerPayload, NoAnswerPayload, ObjectionUnknownPayload
from tests.coach.test_cards import passage


def test_passages_are_cited_and_long_ones_cut() -> None:
    long = "word " * 200
    reply = answer_cards.answer([passage(long, 0.56789, heading="Discounts")])
    assert reply.text.startswith("From the knowledge base:\n• word")
    assert reply.text.splitlines()[1].endswith(" …")
    assert "Source: Pricing and packaging > Discounts (`pricing-and-packaging.md`)" in reply.text
    assert isinstance(reply.payload, AnswerPayload)
    assert reply.payload.citations[0].score == 0.568
    assert reply.payload.citations[0].heading == "Discounts"
    unknown = answer_cards.unknown_objection([passage("Discounts need approval.", 0.4)])
    assert isinstance(unknown.payload, ObjectionUnknownPayload)
    assert "isn't in the playbook yet" in unknown.text


def test_nothing_is_honest_and_lists_what_the_bot_can_do() -> None:
    reply = answer_cards.nothing("the weather", what="that objection")
    assert reply.text.startswith("I don't have anything on that objection")
    assert all(capability in reply.text for capability in answer_cards.CAPABILITIES)
    assert reply.payload == NoAnswerPayload(query="the weather")
