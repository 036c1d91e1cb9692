"""The Rasa launcher's per-turn savings give the same results as Rasa's own code.

These run in the Rasa runtime (Python 3.10, Rasa 3.6), where the launcher runs.
"""

from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

from pregame.stack.tuning import RASA_BOOT
from tests.support.paths import ROOT

PYTHON = ROOT / ".venv-rasa" / "bin" / "python"
pytestmark = pytest.mark.skipif(not PYTHON.exists(), reason="no Rasa runtime")


def run_in_rasa(code: str) -> str:
    """Run ``code`` in the Rasa runtime with the launcher importable as ``rasa_boot``."""
    prelude = f"import sys; sys.path.append({str(RASA_BOOT.parent)!r}); import rasa_boot\n"
    result = subprocess.run(
        [str(PYTHON), "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
        env={"RASA_TELEMETRY_ENABLED": "false", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_action_replies_are_checked_as_strictly_as_rasa_does() -> None:
    out = run_in_rasa(
        """
        from jsonschema import ValidationError
        from rasa.core.actions.action import RemoteAction

        replies = [
            {"events": [{"event": "slot", "name": "a", "value": 1}], "responses": [{"text": "x"}]},
            {"events": [], "responses": []},
            {"events": "not a list"},
            {"events": [{"no_event_key": 1}]},
            {"responses": ["not an object"]},
        ]

        def outcomes():
            out = []
            for reply in replies:
                try:
                    out.append(RemoteAction._validate_action_result(RemoteAction, reply))
                except ValidationError as error:
                    out.append(error.message)
            return out

        before = outcomes()
        rasa_boot.patch_action_result_validation()
        after = outcomes()
        assert after == before, (before, after)
        assert before[:2] == [True, True] and all(isinstance(m, str) for m in before[2:])
        assert all("Failed to validate Action server response" in m for m in after[2:])
        print("same", len(after))
        """
    )
    assert "same 5" in out


def test_events_are_read_back_as_the_same_classes() -> None:
    out = run_in_rasa(
        """
        from rasa.shared.core.events import Event, SlotSet
        from rasa.shared.utils.common import all_subclasses

        names = sorted({cls.type_name for cls in all_subclasses(Event)}) + ["topic", "nonsense"]
        def lookups():
            found = []
            for name in names:
                try:
                    default = SlotSet if name == "nonsense" else None
                    found.append(Event.resolve_by_type(name, default=default))
                except ValueError as error:
                    found.append(str(error))
            return found

        before = lookups()
        rasa_boot.patch_event_lookup()
        after = lookups()
        assert after == before
        events = [
            {"event": "user", "text": "hi", "parse_data": {}},
            {"event": "slot", "name": "a", "value": 1},
        ]
        read = [type(Event.from_parameters(e)).__name__ for e in events]
        assert read == ["UserUttered", "SlotSet"], read
        print("same", len(names))
        """
    )
    assert out.startswith("same ")


def test_sqlite_commits_skip_the_disk_flush_only_in_wal_mode(tmp_path: Path) -> None:
    out = run_in_rasa(
        f"""
        import sqlite3
        from sqlalchemy import create_engine, text

        wal, plain = {str(tmp_path / "wal.db")!r}, {str(tmp_path / "plain.db")!r}
        sqlite3.connect(wal).execute("PRAGMA journal_mode=WAL").fetchall()
        rasa_boot.patch_sqlite_commits()
        for path in (wal, plain):
            with create_engine("sqlite:///" + path).connect() as connection:
                level = connection.execute(text("PRAGMA synchronous")).scalar()
                print(path.rsplit("/", 1)[1], level)
        """
    )
    assert "wal.db 1" in out  # NORMAL
    assert "plain.db 2" in out  # FULL, SQLite's default: left alone
