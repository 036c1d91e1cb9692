"""`pregame eval practice` on a small labelled set (hashing embedder)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pregame.cli import Wiring, app
from pregame.playbook.library import PlaybookLibrary
from tests.support.paths import ROOT

runner = CliRunner()


def labelled_set(path: Path) -> Path:
    library = PlaybookLibrary(ROOT / "playbooks")
    library.refresh()
    objection = library.get("b2b-buyer-experience").objection("too-expensive")
    rows = [
        {"answer": objection.response, "label": "good"},
        {"answer": "We have nice dashboards.", "label": "off_topic"},
        {"answer": objection.phrasings[0], "label": "parrot"},
        {"answer": objection.response.split(". ")[0], "label": "partial"},
    ]
    lines = [
        json.dumps(
            {
                "playbook": "b2b-buyer-experience",
                "kind": "objection",
                "target": objection.id,
                "buyer_line": objection.phrasings[0],
            }
            | r
        )
        for r in rows
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_eval_practice_prints_scores_per_label_auc_and_confusion(
    fake_services: Wiring, tmp_path: Path
) -> None:
    answers = labelled_set(tmp_path / "answers.jsonl")
    result = runner.invoke(app, ["eval", "practice", "--set", str(answers)], obj=fake_services)
    assert result.exit_code == 0, result.output
    assert "good" in result.output and "pass rate (>= 80)" in result.output
    assert "AUC good vs off_topic + parrot: 1.000" in result.output
    assert "Pass/fail at 80: good 1/0, partial 0/1, off_topic 0/1, parrot 0/1" in result.output
    as_json = runner.invoke(
        app,
        ["eval", "practice", "--set", str(answers), "--json", "--pass-mark", "50"],
        obj=fake_services,
    )
    figures = json.loads(as_json.output)
    assert figures["pass_mark"] == 50 and figures["labels"]["good"]["pass_rate"] == 1.0
    items = runner.invoke(
        app, ["eval", "practice", "--set", str(answers), "--items"], obj=fake_services
    )
    assert "line 1: good 100 (objection too-expensive)" in items.output


def test_eval_practice_refuses_a_bad_set(fake_services: Wiring, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"playbook": "b2b-buyer-experience"}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", "practice", "--set", str(bad)], obj=fake_services)
    assert result.exit_code == 2
    assert "bad.jsonl:1" in result.output and "'kind' must be a non-empty string" in result.output
