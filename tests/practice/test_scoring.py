"""Scoring answers against real playbook responses with the real embedding model."""

from __future__ import annotations

import pytest

from pregame.playbook.schema import Playbook
from pregame.practice.scoring import AnswerScorer, Feedback, TextEmbedder, answer_stretches
from pregame.practice.targets import find_target
from tests.support.fakes import HashingEmbedder

SOC = "Are you SOC 2 compliant?"
SECURITY_POINTS = [
    'Take it seriously - "That\'s exactly the right question to ask before you go further."',
    "Ask what their security review requires and who signs it off.",
    "Explain that Northwind queries the warehouse in place, so most data never leaves their "
    "environment, and offer the SOC 2 Type II report under NDA, SSO and SCIM details and EU "
    "hosting.",
    "Propose a call between their security lead and our solutions engineer this week.",
]


def score(
    embedder: TextEmbedder, playbook: Playbook, kind: str, target: str, line: str, said: str
) -> Feedback:
    return AnswerScorer(embedder).score(playbook, find_target(playbook, kind, target), line, said)


@pytest.mark.model
def test_an_answer_in_its_own_words_covering_every_point_passes(
    real_embedder: TextEmbedder, b2b: Playbook
) -> None:
    feedback = score(
        real_embedder,
        b2b,
        "objection",
        "security-concerns",
        SOC,
        "Good question, and the right one to ask this early. What does your security review "
        "need from us, and who signs it off? Most of your data never leaves your warehouse "
        "because we query it in place, and I can send our SOC 2 Type II report under NDA plus "
        "the SSO, SCIM and EU hosting details. Could your security lead meet our solutions "
        "engineer this week?",
    )
    assert feedback.passed and feedback.score >= 90
    assert [p.point for p in feedback.covered] == SECURITY_POINTS
    assert not feedback.missed and not feedback.parroted
    # Nothing missed: the one thing to try is the proof the playbook backs the response with.
    assert "security-overview-one-pager.md" in feedback.try_next


@pytest.mark.model
def test_a_partial_answer_names_the_missed_points_in_the_playbooks_words(
    real_embedder: TextEmbedder, b2b: Playbook
) -> None:
    feedback = score(
        real_embedder,
        b2b,
        "objection",
        "security-concerns",
        SOC,
        "Great question. What does your security review require, and who signs it off on your "
        "side?",
    )
    assert not feedback.passed and 30 <= feedback.score < 80
    assert [p.point for p in feedback.covered] == SECURITY_POINTS[:2]
    assert [p.point for p in feedback.missed] == SECURITY_POINTS[2:]
    assert feedback.try_next == SECURITY_POINTS[2]
    text = feedback.text()
    assert f'Missed: the playbook says "{SECURITY_POINTS[3]}"' in text
    assert f"Covered: {SECURITY_POINTS[1]}" in text


@pytest.mark.model
def test_repeating_the_buyers_words_back_does_not_pass(
    real_embedder: TextEmbedder, b2b: Playbook
) -> None:
    feedback = score(
        real_embedder,
        b2b,
        "objection",
        "security-concerns",
        SOC,
        "So you want to know if we are SOC 2 compliant? Whether we're compliant with SOC 2, right.",
    )
    assert feedback.score < 20 and not feedback.covered
    assert feedback.parroted
    assert feedback.try_next.startswith("Answer the buyer instead of repeating their words back")
    assert "repeated the buyer's words" in feedback.text()


@pytest.mark.model
def test_an_off_topic_answer_scores_low_without_being_called_a_parrot(
    real_embedder: TextEmbedder, b2b: Playbook
) -> None:
    feedback = score(
        real_embedder,
        b2b,
        "objection",
        "security-concerns",
        SOC,
        "Our dashboards are really fast and the new release has great charts for the sales team.",
    )
    assert feedback.score < 30 and not feedback.covered and not feedback.parroted


@pytest.mark.model
def test_paraphrases_of_each_point_of_a_long_response_pass(
    real_embedder: TextEmbedder, b2b: Playbook
) -> None:
    feedback = score(
        real_embedder,
        b2b,
        "objection",
        "too-expensive",
        "the price is too high",
        "I get it, it's a real investment. What are you comparing it with - another vendor, your "
        "current tool, or the budget line? You told me your analysts lose 80 hours a month and "
        "the close runs five days long; on those numbers it pays back within the year. If it's "
        "more than you need we can start smaller, and if I move on price I'd ask for a longer "
        "term or a reference.",
    )
    assert feedback.passed and len(feedback.covered) == 5


@pytest.mark.model
def test_a_step_answer_is_scored_against_the_steps_do(
    real_embedder: TextEmbedder, b2b: Playbook
) -> None:
    feedback = score(
        real_embedder,
        b2b,
        "step",
        "map-decision-process",
        "IT will want to run their security questionnaire, and that takes forever.",
        "Understood. How does a purchase like this usually get made at your company - who signs, "
        "who could say no, and what do security and procurement need? In similar companies the "
        "security review took three or four weeks, so shall we start it in parallel now so it "
        "doesn't hold you up later?",
    )
    assert feedback.passed and not feedback.missed
    step = next(s for s in b2b.phase("discovery").steps if s.id == "map-decision-process")
    assert feedback.try_next == step.tips[0]


def test_stretches_of_the_answer_a_buyer_line_can_be_compared_with() -> None:
    said = "Fair point. What are you comparing it with?\nLet's look at payback - on your numbers."
    stretches = answer_stretches(said)
    assert stretches[0] == " ".join(said.split())  # the whole answer comes first
    assert "Fair point." in stretches and "What are you comparing it with?" in stretches
    assert "Fair point. What are you comparing it with?" in stretches  # two sentences together
    assert "on your numbers." in stretches
    long = " ".join(f"word{i}" for i in range(40))
    whole, first, second, *_ = answer_stretches(long)  # one long sentence: windows of 16 words
    assert whole == long and first.split() == [f"word{i}" for i in range(16)]
    assert second.split()[0] == "word8"
    assert answer_stretches("   ") == []


def test_words_closer_to_the_buyers_line_than_to_a_point_cover_nothing(b2b: Playbook) -> None:
    """The parrot guard, with the hashing embedder (shared words = similarity): the answer
    shares "price" and "compared" with a point but repeats the buyer far more."""
    scorer = AnswerScorer(HashingEmbedder())
    target = find_target(b2b, "objection", "too-expensive")
    line = "The price is too high compared with last year."
    parrot = scorer.score(b2b, target, line, "The price is too high compared with last year.")
    assert parrot.score == 0 and parrot.parroted and not parrot.covered
    # The buyer's own words are never key terms the answer gets credit for.
    assert all("price" not in p.terms_used for p in parrot.points)


def test_empty_answer_scores_zero_and_pass_mark_is_checked(b2b: Playbook) -> None:
    scorer = AnswerScorer(HashingEmbedder(), pass_mark=60)
    feedback = scorer.score(b2b, find_target(b2b, "objection", "no-budget"), "No budget.", " ")
    assert feedback.score == 0 and feedback.pass_mark == 60 and not feedback.covered
    with pytest.raises(ValueError, match="between 1 and 100"):
        AnswerScorer(HashingEmbedder(), pass_mark=0)


@pytest.mark.model
def test_the_pass_mark_decides_the_verdict(real_embedder: TextEmbedder, b2b: Playbook) -> None:
    target = find_target(b2b, "objection", "security-concerns")
    said = "Great question. What does your security review require, and who signs it off?"
    strict = AnswerScorer(real_embedder, pass_mark=80).score(b2b, target, SOC, said)
    lenient = AnswerScorer(real_embedder, pass_mark=strict.score).score(b2b, target, SOC, said)
    assert not strict.passed and lenient.passed and lenient.score == strict.score
