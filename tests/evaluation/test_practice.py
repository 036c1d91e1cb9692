"""`pregame.evaluation.practice`: loading a labelled answer set and the separation figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pregame.evaluation.practice import evaluate, load_answers
from pregame.evaluation.questions import QuestionSetError
from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.schema import Playbook
from pregame.practice.scoring import AnswerScorer
from tests.support.fakes import HashingEmbedder
from tests.support.paths import ROOT


@pytest.fixture(scope="module")
def playbooks() -> dict[str, Playbook]:
    library = PlaybookLibrary(ROOT / "playbooks")
    library.refresh()
    return {p.id: p for p in library.playbooks()}


def row(**change: Any) -> dict[str, Any]:
    return {
        "playbook": "b2b-buyer-experience",
        "kind": "objection",
        "target": "no-budget",
        "buyer_line": "Budget is frozen until next fiscal year.",
        "answer": "Understood.",
        "label": "good",
        "note": "ignored",
    } | change


def write(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    return path


def test_figures_separate_designed_answers_from_junk_and_echoes(
    tmp_path: Path, playbooks: dict[str, Playbook]
) -> None:
    b2b = playbooks["b2b-buyer-experience"]
    rows = []
    for objection in b2b.objections[:4]:
        line = objection.phrasings[0]
        common = {"target": objection.id, "buyer_line": line}
        rows.append(row(**common, answer=objection.response, label="good"))
        first = objection.response.split(". ")[0]
        rows.append(row(**common, answer=first, label="partial"))
        rows.append(row(**common, answer="Lovely weather at the show.", label="off_topic"))
        rows.append(row(**common, answer=line, label="parrot"))
    rows.append(row(kind="step", target="agree-next-step", answer="Hm.", label="off_topic"))
    items = load_answers(write(tmp_path / "set.jsonl", rows), playbooks)
    assert len(items) == 17 and items[-1].target.phase == "discovery"
    result = evaluate(AnswerScorer(HashingEmbedder()), playbooks, items)
    figures = result.as_dict()
    assert figures["labels"]["good"] == {"answers": 4, "mean_score": 100.0, "pass_rate": 1.0}
    assert figures["labels"]["parrot"]["pass_rate"] == 0.0
    assert figures["auc_good_vs_bad"] == 1.0 and figures["auc_good_vs_partial"] == 1.0
    assert figures["confusion"]["good"] == {"pass": 4, "fail": 0}
    assert figures["confusion"]["off_topic"] == {"pass": 0, "fail": 5}
    assert result.auc(["good"], ["nothing"]) is None and result.mean("nothing") is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "set.jsonl:1: not JSON"),
        ("[1]", "expected a JSON object"),
        (json.dumps(row(answer="")), "'answer' must be a non-empty string"),
        (json.dumps(row(label="great")), "label 'great' is not one of"),
        (json.dumps(row(kind="concern")), "kind 'concern' is not objection or step"),
        (json.dumps(row(playbook="nope")), "unknown playbook 'nope'"),
        (json.dumps(row(target="nope")), "no objection 'nope'"),
        ("", "no labelled answers"),
    ],
)
def test_a_bad_set_names_its_first_bad_line(
    tmp_path: Path, playbooks: dict[str, Playbook], line: str, message: str
) -> None:
    path = tmp_path / "set.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(QuestionSetError, match=message):
        load_answers(path, playbooks)


def test_the_labelled_sets_load(playbooks: dict[str, Playbook]) -> None:
    """The sets in tests/evaluation are valid (their figures are in BENCHMARKS.md)."""
    for name in ("practice_answers_tune.jsonl", "practice_answers_report.jsonl"):
        path = ROOT / "tests" / "evaluation" / name
        if path.exists():
            items = load_answers(path, playbooks)
            assert {i.label for i in items} == {"good", "partial", "off_topic", "parrot"}
