from __future__ import annotations

import math
from pathlib import Path

import pytest

from pregame.evaluation.metrics import ndcg_at, recall_at, reciprocal_rank, score
from pregame.evaluation.questions import QuestionSetError, load_questions


def test_metrics_on_a_known_ranking() -> None:
    ranked = ["x", "a", "y", "b"]
    assert recall_at(ranked, {"a", "b"}, 1) == 0.0
    assert recall_at(ranked, {"a", "b"}, 2) == 0.5
    assert recall_at(ranked, {"a", "b"}, 5) == 1.0
    assert reciprocal_rank(ranked, {"a", "b"}) == 0.5
    assert reciprocal_rank(ranked, {"z"}) == 0.0
    expected = (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
    assert ndcg_at(ranked, {"a", "b"}, 5) == pytest.approx(expected)
    assert ndcg_at(["a"], {"a"}, 5) == 1.0


def test_scores_are_means_over_questions() -> None:
    s = score([(["a"], {"a"}), (["x", "b"], {"b"})], k=5)
    assert s.recall_1 == 0.5 and s.recall_k == 1.0 and s.mrr == 0.75
    assert s.as_dict()["recall@5"] == 1.0


def test_question_files_are_checked_line_by_line(tmp_path: Path) -> None:
    good = tmp_path / "q.jsonl"
    good.write_text('{"question": "hi?", "relevant": ["a.md"]}\n\n')
    assert [q.relevant for q in load_questions(good)] == [("a.md",)]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "hi?", "relevant": ["a.md"]}\n{"question": "x", "relevant": []}\n')
    with pytest.raises(QuestionSetError, match=r"bad.jsonl:2:"):
        load_questions(bad)


def test_the_corpus_question_set_is_well_formed() -> None:
    path = Path(__file__).parent / "corpus_questions.jsonl"
    questions = load_questions(path)
    assert len(questions) >= 60
    assert len({q.text for q in questions}) == len(questions)
    corpus = Path(__file__).resolve().parents[3] / "shared" / "corpus"
    if corpus.is_dir():
        missing = [r for q in questions for r in q.relevant if not (corpus / r).is_file()]
        assert missing == []
