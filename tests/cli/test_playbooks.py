"""`pregame validate`, `schema` and `render`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pregame.cli import app
from tests.support.paths import FIXTURES, ROOT

runner = CliRunner()


def test_validate_shipped_playbooks_passes() -> None:
    result = runner.invoke(app, ["validate", str(ROOT / "playbooks")])
    assert result.exit_code == 0, result.output
    assert "0 with errors" in result.output


def test_validate_broken_playbook_fails_with_location() -> None:
    path = FIXTURES / "playbooks" / "unknown-field.yml"
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:17:" in result.output
    assert "did you mean 'questions'?" in result.output


def test_validate_json_for_ci() -> None:
    result = runner.invoke(app, ["validate", "--json", str(FIXTURES / "playbooks")])
    assert result.exit_code == 1
    report = json.loads(result.output)
    by_name = {Path(f["file"]).name: f for f in report["files"]}
    assert by_name["valid-minimal.yml"]["ok"] is True
    assert by_name["duplicate-id.yml"]["problems"][0]["line"] >= 1
    assert report["errors"] == len(by_name) - 1


def test_validate_an_empty_folder_fails(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "No playbook files found." in result.output


def test_schema_is_written_where_asked(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    result = runner.invoke(app, ["schema", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["type"] == "object"


def test_render_refuses_an_invalid_playbook() -> None:
    path = FIXTURES / "playbooks" / "unknown-field.yml"
    result = runner.invoke(app, ["render", str(path)])
    assert result.exit_code == 1
    assert "pregame validate" in " ".join(result.output.split())


def test_render_prints_markdown() -> None:
    result = runner.invoke(app, ["render", str(FIXTURES / "playbooks" / "valid-minimal.yml")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("#")
