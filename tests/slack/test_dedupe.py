"""Slack delivers at least once: what was seen, for how long."""

from __future__ import annotations

from pregame.slack.dedupe import Seen


def test_seen_expires_and_is_bounded() -> None:
    now = [0.0]
    seen = Seen(ttl=10, size=3, clock=lambda: now[0])
    assert seen.first("a", "m1")
    assert not seen.first("b", "m1"), "a second event for the same message"
    assert not seen.first("a")
    now[0] = 11
    assert seen.first("a") and "a" in seen
    seen.first("x")
    seen.first("y")
    assert "a" in seen
    seen.first("z")
    assert "a" not in seen and "z" in seen, "the oldest key goes when full"
