"""The plays a turn started, kept as records (the App Home lists a seller's recent plays)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pregame.replies import (
    PlayStartedPayload,
    ReplyContractError,
    ReplyType,
    message_type,
    parse_payload,
)
from pregame.slack.records import PlayRecord, SlackRecords
from pregame.slack.threads import Thread


def plays_started(messages: Sequence[Mapping[str, Any]]) -> list[PlayStartedPayload]:
    """The ``play_started`` payloads of a turn that name a phase (an invalid one is skipped: the
    renderer has already logged it)."""
    started = []
    for message in messages:
        if message_type(message) != ReplyType.PLAY_STARTED:
            continue
        try:
            data = parse_payload(message.get("custom"))
        except ReplyContractError:
            continue
        if isinstance(data, PlayStartedPayload) and data.phase:
            started.append(data)
    return started


async def record_plays(
    records: SlackRecords, messages: Sequence[Mapping[str, Any]], thread: Thread, user: str
) -> None:
    for data in plays_started(messages):
        await records.play(
            PlayRecord(
                user=user,
                team=thread.team,
                channel=thread.channel,
                thread_ts=thread.ts,
                playbook=data.playbook,
                phase=data.phase,
                persona=data.persona,
            )
        )
