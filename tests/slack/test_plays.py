"""The plays a turn started become records."""

from __future__ import annotations

import asyncio

from pregame.replies import PlayStartedPayload, Reply
from pregame.slack.plays import plays_started, record_plays
from pregame.slack.records import SlackRecords
from pregame.slack.threads import Thread
from tests.support.fake_rasa import step
from tests.support.slack_blocks import msg


def test_a_started_play_is_recorded_for_the_seller(records: SlackRecords) -> None:
    started = PlayStartedPayload(playbook="pb", phase="discovery", persona="cfo")
    turn = [
        msg("Got it", Reply("Got it", payload=started).data),
        msg("Step 1", step(0)),
        msg("Broken", {"type": "play_started"}),
        msg("No phase", {"type": "play_started", "playbook": "pb", "phase": ""}),
    ]
    assert plays_started(turn) == [started]
    asyncio.run(record_plays(records, turn, Thread("T1", "C1", "100.1"), "U1"))
    (play,) = asyncio.run(records.recent_plays("U1", "T1"))
    assert (play.playbook, play.phase, play.persona) == ("pb", "discovery", "cfo")
    assert (play.channel, play.thread_ts) == ("C1", "100.1")
