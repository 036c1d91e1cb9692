"""`pregame readiness` and `pregame learning team` against a real SQLite store."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from pregame.cli import Wiring, app
from pregame.settings import Settings
from pregame.store.database import Database
from pregame.store.progress import Progress

runner = CliRunner()


def test_a_manager_sees_who_is_ready(project: Path) -> None:
    settings = Settings(root=project)
    wiring = Wiring(settings=lambda: settings)
    empty = runner.invoke(app, ["readiness"], obj=wiring)
    assert empty.exit_code == 0, empty.output
    assert "No reps on a learning path (all teams)" in empty.stdout

    said = []
    for args in (
        ["U1", "enterprise-sales", "--name", "Ana"],
        ["U2", "enterprise-sales", "--name", "Bo"],
        ["M1", "enterprise-sales", "--name", "Mia", "--manager"],
        ["U3", "smb", "--name", "Cy"],
    ):
        result = runner.invoke(app, ["learning", "team", "set", *args], obj=wiring)
        assert result.exit_code == 0, result.output
        said.append(result.stdout.strip())
    assert said[2] == "Mia (M1) is a manager in team enterprise-sales."
    listed = runner.invoke(app, ["learning", "team", "list", "--team", "smb"], obj=wiring)
    assert listed.stdout.split() == ["U3", "smb", "rep", "Cy"]

    db = Database(settings.database)
    progress = Progress(db)
    attempt = progress.start_check("U1", "complex-deals", "research-trigger", "v", 1, total=1)
    progress.answer_check(attempt.id, 0, "q", 0, correct=True)
    progress.finish_check(attempt.id, 100, passed=True)
    progress.record_practice("U1", "complex-deals", "research-trigger", 88, True)
    progress.record_practice("U2", "complex-deals", "research-trigger", 88, True)
    db.dispose()

    shown = runner.invoke(app, ["readiness", "--team", "enterprise-sales"], obj=wiring)
    assert shown.exit_code == 0, shown.output
    out = shown.stdout
    assert "Complex deals" in out and "(team enterprise-sales)" in out
    assert "Mia" not in out and "Cy" not in out  # a manager; another team
    ana = [line for line in out.splitlines() if "Ana" in line]
    bo = [line for line in out.splitlines() if "Bo" in line]
    assert len(ana) == len(bo) == 3  # b2b, complex deals, events: for everyone or the team
    assert [("ready" in line, line.rstrip(" │").endswith("1/6")) for line in ana] == [
        (False, False),
        (True, True),
        (False, False),
    ]
    assert "practice 88" not in out and all("ready" not in line for line in bo)


def test_bad_team_input_is_refused(project: Path) -> None:
    wiring = Wiring(settings=lambda: Settings(root=project))
    result = runner.invoke(app, ["learning", "team", "set", " ", "smb"], obj=wiring)
    assert result.exit_code == 2
    assert "user_id must not be empty" in result.output
