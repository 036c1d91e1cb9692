"""Splitting designed responses into key points, on the project's real playbooks."""

from __future__ import annotations

from pregame.playbook.schema import Playbook
from pregame.practice.keypoints import Terms, clauses, key_points, sentences


def test_objection_response_splits_into_its_moves(b2b: Playbook) -> None:
    points = key_points(b2b.objection("too-expensive").response, Terms.of_playbook(b2b))
    assert [p.text for p in points] == [
        "Acknowledge it without flinching - \"That's fair to raise, it's a real investment.\"",
        "Then explore what the price is being compared with: another vendor, the current tool, "
        "an internal build, or simply a number in the budget.",
        "Go back to the impact the buyer quantified (for example, 80 analyst hours a month and a "
        "5-day faster close) and show the payback on their own numbers.",
        "If the scope is bigger than they need, offer a smaller starting package",
        "if you concede on price, trade it for term, timing or a reference.",
    ]
    assert [p.acknowledgement for p in points] == [True, False, False, False, False]
    # The acknowledgement is compared with what a rep would say: the quote on its own too.
    assert "That's fair to raise, it's a real investment." in points[0].forms


def test_quoted_speech_with_sentences_of_its_own_stays_in_one_point(b2b: Playbook) -> None:
    step = next(s for s in b2b.phase("research").steps if s.id == "lead-with-insight")
    points = key_points(step.do, Terms.of_playbook(b2b), acknowledges=False)
    texts = [p.text for p in points]
    assert texts[0] == "Open with the observation, then the question, then the ask - in that order."
    assert texts[1].startswith('Say something like "Companies that just moved ERPs')
    assert texts[1].endswith('Is that happening for you, or did you avoid it?"')
    # A semicolon that does not start an alternative does not make a new point.
    assert texts[2] == (
        "Keep the product out of the first 30 seconds; the buyer should learn something even if "
        "they say no."
    )
    assert len(points) == 3
    assert not any(p.acknowledgement for p in points)


def test_sentences_respect_abbreviations_and_quotes() -> None:
    text = 'Ask e.g. who signs. Say "We have 30 minutes. Anything to add?" Then stop. 3 days out.'
    assert sentences(text) == [
        "Ask e.g. who signs.",
        'Say "We have 30 minutes. Anything to add?"',
        "Then stop.",
        "3 days out.",
    ]


def test_only_alternatives_after_a_semicolon_are_points_of_their_own() -> None:
    assert clauses("If it is big, offer less; if they push, trade it; otherwise wait.") == [
        "If it is big, offer less",
        "if they push, trade it",
        "otherwise wait.",
    ]
    assert clauses('Keep it short; say "fine; thanks" and stop.') == [
        'Keep it short; say "fine; thanks" and stop.'
    ]


def test_key_terms_are_distinctive_words_not_instructions(b2b: Playbook) -> None:
    terms = Terms.of_playbook(b2b)
    points = key_points(b2b.objection("security-concerns").response, terms)
    explain = next(p for p in points if p.text.startswith("Explain that Northwind"))
    assert "explain" not in explain.words and "offer" not in explain.words
    assert {"soc", "nda"} <= set(explain.words)  # acronyms as written rank first
    propose = next(p for p in points if p.text.startswith("Propose a call"))
    assert set(propose.words) >= {"solutions", "engineer"}
    # A word the whole playbook uses everywhere ranks below a rare one.
    assert terms.idf("buyer") < terms.idf("nda")


def test_every_playbook_response_has_points_with_terms(playbooks: dict[str, Playbook]) -> None:
    for playbook in playbooks.values():
        terms = Terms.of_playbook(playbook)
        responses = [o.response for o in playbook.objections]
        responses += [s.do for phase in playbook.phases for s in phase.steps]
        for response in responses:
            points = key_points(response, terms)
            assert 1 <= len(points) <= 6, response
            assert all(p.terms and p.forms[0] == p.text for p in points), response
            # Nothing of the response is lost in the splitting (but the semicolons split at).
            joined = " ".join(p.text for p in points).replace(";", "")
            assert joined.split() == response.replace(";", "").split()
