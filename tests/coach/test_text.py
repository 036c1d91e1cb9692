"""coach/text.py."""

from __future__ import annotations

from pregame.coach.text import bullets


def test_bullets() -> None:
    assert bullets(["a", "b"]) == "  • a\n  • b"
    assert bullets(["a"], prefix="- ") == "- a"
