"""The record of stale playbooks: written by the bot's library, read by doctor and validate."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from pregame.playbook.stale import (
    RECORD,
    StaleFile,
    StaleRecord,
    describe,
    read_stale,
    sha256,
    stale_notes,
)

NOW = dt.datetime(2026, 11, 2, 16, 0).timestamp()
BROKEN_AT = dt.datetime(2026, 11, 2, 14, 2).timestamp()
SERVED_AT = dt.datetime(2026, 11, 2, 13, 40).timestamp()
ERROR = "21:9: phases[0].steps[0].doo: unknown field 'doo'; did you mean 'do'?"


def _stale(root: Path, problems: int = 1, served: bool = True) -> StaleFile:
    return StaleFile(
        file=root / "playbooks" / "x.yml",
        broken_since=BROKEN_AT,
        error=ERROR,
        problems=problems,
        broken_sha256=sha256(b"broken"),
        served_at=SERVED_AT if served else None,
        served_sha256=sha256(b"good") if served else None,
        playbook_id="x" if served else None,
    )


def test_the_record_round_trips_while_its_writer_runs(tmp_path: Path) -> None:
    record = tmp_path / "run" / RECORD
    stale = _stale(tmp_path)
    StaleRecord(record)([stale])
    assert json.loads(record.read_text())["pid"] == os.getpid()
    assert read_stale(record, alive=lambda pid: pid == os.getpid()) == [stale]
    assert read_stale(record, alive=lambda pid: False) == [], "a dead bot serves nothing"
    StaleRecord(record)([])
    assert read_stale(record, alive=lambda pid: True) == []
    assert [p.name for p in record.parent.iterdir()] == [RECORD], "no temporary file left"


def test_no_record_or_a_damaged_one_reads_as_nothing(tmp_path: Path) -> None:
    assert read_stale(tmp_path / RECORD, alive=lambda pid: True) == []
    (tmp_path / RECORD).write_text("{not json")
    assert read_stale(tmp_path / RECORD, alive=lambda pid: True) == []


def test_the_note_says_since_when_what_is_served_and_why(tmp_path: Path) -> None:
    assert describe(_stale(tmp_path), sha256(b"broken"), tmp_path, NOW) == (
        "playbooks/x.yml is broken since 14:02; the bot still serves the version from 13:40: "
        + ERROR
    )
    assert describe(
        _stale(tmp_path, problems=3, served=False), sha256(b"broken"), tmp_path, NOW
    ) == (
        f"playbooks/x.yml is broken since 14:02; the bot does not serve it: {ERROR} "
        "(and 2 more: run `pregame validate playbooks/x.yml`)"
    )


def test_the_note_says_when_the_file_changed_since_the_bot_read_it(tmp_path: Path) -> None:
    note = describe(_stale(tmp_path), sha256(b"edited again"), tmp_path, NOW)
    assert note.endswith(
        " (the file has changed since; the bot reads it again on its next message)"
    )


def test_times_from_another_day_carry_the_date(tmp_path: Path) -> None:
    tomorrow = NOW + 24 * 3600
    assert describe(_stale(tmp_path), sha256(b"broken"), tmp_path, tomorrow).startswith(
        "playbooks/x.yml is broken since 2026-11-02 14:02; the bot still serves the version "
        "from 2026-11-02 13:40: "
    )


def test_notes_skip_files_that_are_gone(tmp_path: Path) -> None:
    stale = _stale(tmp_path)
    assert stale_notes([stale], tmp_path, NOW) == []
    stale.file.parent.mkdir()
    stale.file.write_bytes(b"broken")
    assert stale_notes([stale], tmp_path, NOW) == [
        (stale.file, describe(stale, sha256(b"broken"), tmp_path, NOW))
    ]
