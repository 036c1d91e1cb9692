"""`pregame validate`, `schema` and `render`."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pregame.cli import Wiring, app
from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.stale import RECORD, StaleRecord
from pregame.settings import Settings
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
    assert (
        f"error {path}:17:9: phases[0].steps[0].qestions: unknown field 'qestions'; did you mean "
        "'questions'?"
    ) in " ".join(result.output.split())


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


@pytest.fixture
def marked(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project copy, marked as a project (as a checkout has pyproject.toml)."""
    (project / "pyproject.toml").write_text("")
    monkeypatch.delenv("PREGAME_ROOT", raising=False)
    return project


def test_validate_from_a_folder_inside_the_project_finds_it(
    marked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(marked / "knowledge")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "3 file(s), 0 with errors." in result.output
    result = runner.invoke(app, ["validate", "../playbooks/complex-deals.yml"])
    assert result.exit_code == 0, result.output
    assert "1 file(s), 0 with errors." in result.output


def test_validate_a_file_from_outside_finds_its_project(
    marked: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The knowledge references resolve against the file's project, not the current folder
    (which used to give a false "no knowledge document" error per reference)."""
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    result = runner.invoke(app, ["validate", str(marked / "playbooks")])
    assert result.exit_code == 0, result.output
    assert "no knowledge document" not in result.output


def test_validate_outside_any_project_says_it_cannot_find_one(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    monkeypatch.chdir(outside)
    monkeypatch.delenv("PREGAME_ROOT", raising=False)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 1
    cannot = (
        f"No Pregame project at or above {outside} (a folder with playbooks/ and a "
        "pyproject.toml or .pregame/): run this in the project folder, or set PREGAME_ROOT."
    )
    assert cannot in " ".join(result.stderr.split())
    shutil.copy(FIXTURES / "playbooks" / "bad-content.yml", outside)
    result = runner.invoke(app, ["validate", "bad-content.yml"])
    assert result.exit_code == 0, "the schema is checked; the references cannot be"
    assert "Knowledge references (content, proof) are not checked." in " ".join(
        result.stderr.split()
    )


def _clock(path: Path) -> str:
    return dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%H:%M")


def test_validate_says_when_the_bot_serves_an_older_version(marked: Path) -> None:
    """The running bot's library (here in this process, so its pid is alive) records the file
    it keeps an older version of; validate shows it with the error."""
    settings = Settings(root=marked, data_dir=Path(".pregame"))
    path = marked / "playbooks" / "complex-deals.yml"
    library = PlaybookLibrary(marked / "playbooks", on_stale=StaleRecord(settings.run_dir / RECORD))
    library.refresh()
    served = _clock(path)
    path.write_text(path.read_text().replace("    buyer_goal:", "    buyer_goals:", 1))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 60_000_000_000))
    library.refresh()
    wired = Wiring(settings=lambda: settings)
    result = runner.invoke(app, ["validate", str(path)], obj=wired)
    assert result.exit_code == 1
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if "buyer_goals" in t)
    error = (
        f"{line}:5: phases[0].buyer_goals: unknown field 'buyer_goals'; did you mean 'buyer_goal'?"
    )
    note = (
        f"playbooks/complex-deals.yml is broken since {_clock(path)}; the bot still serves the "
        f"version from {served}: {error}"
    )
    assert f"live {note}" in " ".join(result.output.split())
    result = runner.invoke(app, ["validate", "--json", str(path)], obj=wired)
    assert json.loads(result.output)["stale"] == [{"file": str(path), "note": note}]
