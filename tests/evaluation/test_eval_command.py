"""`pregame index` and `pregame eval retrieval` on a tiny fixture set with known answers."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pregame import cli
from pregame.playbook.library import PlaybookLibrary
from pregame.services import Services
from pregame.settings import Settings
from tests.support.fakes import HashingEmbedder
from tests.support.paths import FIXTURES

CORPUS = FIXTURES / "retrieval" / "corpus"
QUESTIONS = FIXTURES / "retrieval" / "questions.jsonl"
runner = CliRunner()


@pytest.fixture
def fake_services(project: Path, chroma: Any, monkeypatch: pytest.MonkeyPatch) -> Services:
    settings = Settings(root=project, data_dir=Path(f".pregame-{uuid.uuid4().hex[:6]}"))
    services = Services(settings, HashingEmbedder(), chroma, PlaybookLibrary(project / "playbooks"))
    monkeypatch.setattr(cli, "_services", lambda _settings: services)
    return services


def test_index_then_eval_reports_all_three_methods(fake_services: Services) -> None:
    indexed = runner.invoke(cli.app, ["index", str(CORPUS)])
    assert indexed.exit_code == 0, indexed.output
    assert "5 files, 11 chunks embedded, 0 unchanged files skipped, 0 removed, 0 errors" in (
        indexed.output
    )
    again = runner.invoke(cli.app, ["index", str(CORPUS)])
    assert "0 chunks embedded, 5 unchanged files skipped" in again.output

    result = runner.invoke(
        cli.app, ["eval", "retrieval", "--questions", str(QUESTIONS), "--json", "--k", "3"]
    )
    assert result.exit_code == 0, result.output
    methods = json.loads(result.output)["methods"]
    assert set(methods) == {"BM25", "dense", "hybrid"}
    # Each fixture question names words only its own document holds: every method ranks it first.
    for figures in methods.values():
        assert figures["questions"] == 5
        assert figures["mrr"] == 1.0 and figures["recall@1"] == 1.0 and figures["ndcg@3"] == 1.0


def test_eval_refuses_a_bad_question_file(fake_services: Services, tmp_path: Path) -> None:
    bad = tmp_path / "q.jsonl"
    bad.write_text("not json\n")
    result = runner.invoke(cli.app, ["eval", "retrieval", "--questions", str(bad)])
    assert result.exit_code == 2
    assert "q.jsonl:1" in result.output


def test_search_json_carries_citations_and_says_nothing_when_irrelevant(
    fake_services: Services,
) -> None:
    runner.invoke(cli.app, ["index", str(CORPUS)])
    hits = json.loads(runner.invoke(cli.app, ["search", "penetration test", "--json"]).output)
    assert hits[0]["source"] == "security-faq.html"
    assert hits[0]["citation"] == "Security questionnaire FAQ (https://example.com/security-faq)"
    typed = json.loads(
        runner.invoke(cli.app, ["search", "renewal", "--type", "call guide", "--json"]).output
    )
    assert {h["source"] for h in typed} == {"renewal-call-guide.pdf"}
    nothing = runner.invoke(cli.app, ["search", "parental leave policy"])
    assert "Nothing relevant found" in nothing.output
