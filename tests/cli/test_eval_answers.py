"""`pregame eval answers`: honest replies and kept answers at each confidence threshold."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from pregame.cli import Wiring, app
from tests.support.paths import FIXTURES

CORPUS = FIXTURES / "retrieval" / "corpus"
QUESTIONS = FIXTURES / "retrieval" / "questions.jsonl"
NOTHING = FIXTURES / "retrieval" / "unanswerable.jsonl"
runner = CliRunner()


def invoke(wiring: Wiring, args: list[str]) -> Result:
    return runner.invoke(app, args, obj=wiring)


def answers(wiring: Wiring, *extra: str) -> Result:
    args = ["eval", "answers", "--questions", str(QUESTIONS), "--unanswerable", str(NOTHING)]
    return invoke(wiring, [*args, *extra])


def test_eval_answers_sweeps_the_floor_and_names_the_calibrated_one(
    fake_services: Wiring,
) -> None:
    assert invoke(fake_services, ["index", str(CORPUS)]).exit_code == 0
    result = answers(fake_services, "--json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert (figures["answerable"], figures["unanswerable"]) == (5, 2)
    sweep = {row["threshold"]: row for row in figures["sweep"]}
    # Nonsense words share nothing with the corpus; each answerable question names its document.
    assert sweep[0.0]["honest"] == 1.0 and sweep[0.0]["answered_right"] == 1.0
    assert all(row["found"] == 1.0 for row in figures["sweep"]), "found at every threshold"
    honest = [row["honest"] for row in figures["sweep"]]
    answered = [row["answered"] for row in figures["sweep"]]
    assert honest == sorted(honest), "a higher threshold is never less honest"
    assert answered == sorted(answered, reverse=True), "... and never answers more"
    assert figures["current_threshold"] in sweep

    table = answers(fake_services, "--folder", str(CORPUS))
    assert table.exit_code == 0, table.output
    assert "(setting)" in table.output and "Lowest threshold honest on 90%" in table.output


def test_eval_answers_refuses_an_unanswerable_set_with_answers(
    fake_services: Wiring, tmp_path: Path
) -> None:
    bad = tmp_path / "nothing.jsonl"
    bad.write_text(json.dumps({"question": "who approves discounts?", "relevant": ["a.md"]}))
    args = ["eval", "answers", "--questions", str(QUESTIONS), "--unanswerable", str(bad)]
    result = invoke(fake_services, args)
    assert result.exit_code == 2
    assert "nothing.jsonl:1" in result.output and "must be empty" in result.output


def test_eval_answers_on_an_empty_index_says_to_index_first(fake_services: Wiring) -> None:
    result = answers(fake_services)
    assert result.exit_code == 1 and "pregame index" in result.output
