"""`pregame eval answers`: honest replies and kept answers at each relevance floor."""

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
    sweep = {row["floor"]: row for row in figures["sweep"]}
    at_setting = sweep[figures["current_floor"]]
    # Nonsense words share nothing with the corpus; each answerable question names its document.
    assert at_setting["honest"] == 1.0 and at_setting["answered_right"] == 1.0
    honest = [row["honest"] for row in figures["sweep"]]
    assert honest == sorted(honest), "a higher floor is never less honest"

    table = answers(fake_services, "--folder", str(CORPUS))
    assert table.exit_code == 0, table.output
    assert "(setting)" in table.output and "Lowest floor honest on 90%" in table.output


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
