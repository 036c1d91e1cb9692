"""The answerability features and model: strong, clearly leading rankings are sure."""

from __future__ import annotations

from dataclasses import dataclass

from pregame.retrieval.answerability import MODEL, Evidence, evidence


@dataclass(frozen=True)
class Hit:
    score: float
    source: str
    relevance: float


def test_evidence_is_the_best_cosine_and_the_lead_over_the_next_document() -> None:
    ranked = [Hit(0.7, "a.md", 0.95), Hit(0.6, "a.md", 0.95), Hit(0.65, "b.md", 0.55)]
    found = evidence(ranked)
    assert found.top_cosine == 0.7
    assert round(found.lead, 3) == 0.4  # b.md is the next document, not a.md's second chunk


def test_a_single_document_leads_by_all_of_its_score_and_nothing_is_no_evidence() -> None:
    assert evidence([Hit(0.5, "a.md", 0.8)]).lead == 0.8
    assert evidence([]) == Evidence(0.0, 0.0)
    assert MODEL.confidence(evidence([])) == 0.0


def test_confidence_grows_with_the_cosine_and_with_the_lead() -> None:
    weak = MODEL.confidence(Evidence(0.45, 0.02))
    strong_cosine = MODEL.confidence(Evidence(0.75, 0.02))
    clear_lead = MODEL.confidence(Evidence(0.45, 0.40))
    assert 0.0 < weak < strong_cosine < 1.0
    assert weak < clear_lead < 1.0
