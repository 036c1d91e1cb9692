"""`pregame index` and `search` against an in-memory store."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from pregame.cli import Wiring, app
from tests.support.paths import FIXTURES

CORPUS = FIXTURES / "retrieval" / "corpus"
runner = CliRunner()


def invoke(wiring: Wiring, args: list[str]) -> Result:
    return runner.invoke(app, args, obj=wiring)


def test_search_json_carries_citations_and_says_nothing_when_irrelevant(
    fake_services: Wiring,
) -> None:
    invoke(fake_services, ["index", str(CORPUS)])
    hits = json.loads(invoke(fake_services, ["search", "penetration test", "--json"]).output)
    assert hits[0]["source"] == "security-faq.html"
    assert hits[0]["citation"] == "Security questionnaire FAQ (https://example.com/security-faq)"
    typed = json.loads(
        invoke(fake_services, ["search", "renewal", "--type", "call guide", "--json"]).output
    )
    assert {h["source"] for h in typed} == {"renewal-call-guide.pdf"}
    nothing = invoke(fake_services, ["search", "parental leave policy"])
    assert "Nothing relevant found" in nothing.output


def test_index_refuses_a_path_that_is_not_a_folder(fake_services: Wiring, tmp_path: Path) -> None:
    result = invoke(fake_services, ["index", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "is not a folder" in " ".join(result.output.split())
