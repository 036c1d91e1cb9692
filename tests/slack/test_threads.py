"""One Slack thread is one Rasa conversation."""

from __future__ import annotations

import pytest

from pregame.slack.threads import Thread


def test_one_thread_is_one_conversation() -> None:
    top = Thread.of_message("T1", "C1", "100.1", None)
    reply = Thread.of_message("T1", "C1", "100.9", "100.1")
    assert top == reply and top.sender == "slack:T1:C1:100.1"
    assert Thread.of_message("T1", "C2", "100.1", None).sender != top.sender
    assert Thread.from_sender(top.sender) == top
    with pytest.raises(ValueError):
        Thread.from_sender("cli:a:b:c")
