"""`pregame index` and `pregame eval retrieval` on a tiny fixture set with known answers."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from pregame.cli import Wiring, app
from tests.support.paths import FIXTURES

CORPUS = FIXTURES / "retrieval" / "corpus"
QUESTIONS = FIXTURES / "retrieval" / "questions.jsonl"
runner = CliRunner()


def invoke(wiring: Wiring, args: list[str]) -> Result:
    return runner.invoke(app, args, obj=wiring)


def test_index_then_eval_reports_all_three_methods(fake_services: Wiring) -> None:
    indexed = invoke(fake_services, ["index", str(CORPUS)])
    assert indexed.exit_code == 0, indexed.output
    assert "5 files, 11 chunks embedded, 0 unchanged files skipped, 0 removed, 0 errors" in (
        indexed.output
    )
    again = invoke(fake_services, ["index", str(CORPUS)])
    assert "0 chunks embedded, 5 unchanged files skipped" in again.output

    result = invoke(
        fake_services, ["eval", "retrieval", "--questions", str(QUESTIONS), "--json", "--k", "3"]
    )
    assert result.exit_code == 0, result.output
    methods = json.loads(result.output)["methods"]
    assert set(methods) == {"BM25", "dense", "hybrid"}
    # Each fixture question names words only its own document holds: every method ranks it first.
    for figures in methods.values():
        assert figures["questions"] == 5
        assert figures["mrr"] == 1.0 and figures["recall@1"] == 1.0 and figures["ndcg@3"] == 1.0


def test_eval_refuses_a_bad_question_file(fake_services: Wiring, tmp_path: Path) -> None:
    bad = tmp_path / "q.jsonl"
    bad.write_text("not json\n")
    result = invoke(fake_services, ["eval", "retrieval", "--questions", str(bad)])
    assert result.exit_code == 2
    assert "q.jsonl:1" in result.output


def test_eval_on_an_empty_index_says_to_index_first(fake_services: Wiring) -> None:
    result = invoke(fake_services, ["eval", "retrieval", "--questions", str(QUESTIONS)])
    assert result.exit_code == 1
    assert "pregame index" in result.output


def test_eval_objections_reports_every_outcome(fake_services: Wiring) -> None:
    reports = Path(__file__).parents[1] / "evaluation" / "objection_reports.jsonl"
    result = invoke(fake_services, ["eval", "objections", "--reports", str(reports), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert set(figures["known"]) == {
        "answered",
        "asked with it",
        "asked without it",
        "answered wrongly",
        "missed",
    }


def test_bench_refuses_a_missing_corpus(tmp_path: Path) -> None:
    result = runner.invoke(app, ["bench", "--corpus", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "is not a folder" in " ".join(result.output.split())
