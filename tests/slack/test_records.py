"""What the Slack app keeps on disk."""

from __future__ import annotations

from pathlib import Path

from pregame.slack.records import PlayRecord, Records


def test_recent_plays_are_the_users_newest_first(tmp_path: Path) -> None:
    records = Records(tmp_path)
    for i, user in enumerate(["U1", "U2", "U1"]):
        records.play(PlayRecord(user, "T1", "C1", f"{i}.0", "pb", f"phase{i}", None, "2025-01-01"))
    (tmp_path / "plays.jsonl").open("a").write('{"cut short')
    assert [p.phase for p in records.recent_plays("U1", "T1")] == ["phase2", "phase0"]
    assert records.recent_plays("U1", "T2") == []
