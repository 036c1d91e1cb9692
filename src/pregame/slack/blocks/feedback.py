"""The feedback area under an answer: helpful / not helpful, then why, then a thank-you."""

from __future__ import annotations

import json
from collections.abc import Sequence

from pregame.replies import (
    NoAnswerPayload,
    ObjectionPayload,
    OverviewPayload,
    Payload,
    PhaseDonePayload,
    PlayStartedPayload,
    PrepPayload,
    ReplyType,
    StepPayload,
)
from pregame.slack.blocks.ids import FEEDBACK_ACTION, FEEDBACK_BLOCK, FEEDBACK_NOTE, REASON_ACTION
from pregame.slack.blocks.primitives import Block, actions, button, context, fit
from pregame.slack.text import escape

# Replies that answer the seller and so carry the helpful / not helpful buttons.
ANSWERS = frozenset(
    {
        ReplyType.STEP,
        ReplyType.CONTENT,
        ReplyType.OBJECTION,
        ReplyType.OBJECTION_UNKNOWN,
        ReplyType.ANSWER,
        ReplyType.NO_ANSWER,
        ReplyType.PREP,
        ReplyType.OVERVIEW,
        ReplyType.PHASE_DONE,
    }
)
REASONS = (
    ("wrong_play", "Wrong play or step"),
    ("missing_content", "Content missing"),
    ("not_accurate", "Not accurate"),
    ("too_long", "Too long"),
)
NO_REASON = "none"  # the "Skip" button: not helpful, no reason given
FEEDBACK_LABELS = {"helpful": "helpful", "not_helpful": "not helpful"}

_PHASED = (PlayStartedPayload, StepPayload, PhaseDonePayload, OverviewPayload, PrepPayload)


def feedback_value(kind: ReplyType, payload: Payload | None) -> str:
    """What the feedback is about, kept in the button (Slack caps values at 2000 chars).

    ``payload`` is None when the message's payload did not validate: only its type is kept.
    """
    ref = ""
    if isinstance(payload, StepPayload):
        ref = payload.step
    elif isinstance(payload, ObjectionPayload):
        ref = payload.objection
    elif isinstance(payload, NoAnswerPayload):
        ref = payload.query
    phase = payload.phase if isinstance(payload, _PHASED) else None
    about = {"type": kind.value, "ref": ref[:200], "phase": phase}
    return json.dumps({k: v for k, v in about.items() if v}, separators=(",", ":"))


def feedback_block(value: str) -> list[Block]:
    return actions(
        [
            button(":thumbsup: Helpful", f"{FEEDBACK_ACTION}helpful", value),
            button(":thumbsdown: Not helpful", f"{FEEDBACK_ACTION}not_helpful", value),
        ],
        block_id=FEEDBACK_BLOCK,
    )


def after_feedback(blocks: Sequence[Block], user: str, value: str) -> list[Block]:
    """The message's blocks with the feedback buttons replaced by a thank-you (and reasons)."""
    who = f"<@{escape(user)}>"
    if value != "not_helpful":
        label = escape(FEEDBACK_LABELS.get(value, value))
        return _replace_feedback(blocks, [_note(f"{who} found this {label}. Thanks!")])
    about = _feedback_value_in(blocks)
    reasons = [button(t, f"{REASON_ACTION}{k}", about) for k, t in REASONS]
    reasons.append(button("Skip", f"{REASON_ACTION}{NO_REASON}", about))
    note = _note(f"{who} found this not helpful. What was wrong?")
    return _replace_feedback(blocks, [note, *actions(reasons, block_id=FEEDBACK_BLOCK)])


def after_reason(blocks: Sequence[Block], user: str, reason: str) -> list[Block]:
    label = "" if reason == NO_REASON else f": {escape(dict(REASONS).get(reason, reason))}"
    return _replace_feedback(
        blocks, [_note(f"<@{escape(user)}> found this not helpful{label}. Thanks!")]
    )


def _note(escaped: str) -> Block:
    return {**context(escaped), "block_id": FEEDBACK_NOTE}


def _feedback_value_in(blocks: Sequence[Block]) -> str:
    for block in blocks:
        if block.get("block_id") == FEEDBACK_BLOCK:
            for element in block.get("elements", []):
                return str(element.get("value", "{}"))
    return "{}"


def _replace_feedback(blocks: Sequence[Block], replacement: list[Block]) -> list[Block]:
    """``blocks`` with the feedback area (buttons and note) swapped for ``replacement``."""
    out: list[Block] = []
    placed = False
    for block in blocks:
        if block.get("block_id") in (FEEDBACK_BLOCK, FEEDBACK_NOTE):
            if not placed:
                out += replacement
                placed = True
        else:
            out.append(block)
    return fit(out if placed else [*out, *replacement])
