"""pregame/replies.py: the reply contract, and docs/conversation.md checked against it."""

from __future__ import annotations

import re
import typing
from typing import Any

import pytest
from pydantic import BaseModel

from pregame.replies import (
    Button,
    NoAnswerPayload,
    Payload,
    Reply,
    ReplyContractError,
    ReplyType,
    StepPayload,
    TextPayload,
    message_type,
    parse_payload,
    payload_fields,
)
from tests.support.paths import ROOT

MODELS: list[type[BaseModel]] = list(typing.get_args(typing.get_args(Payload)[0]))
BY_TYPE = {model.model_fields["type"].default: model for model in MODELS}

# The smallest valid value of each required field, by name: enough to build every payload.
SAMPLE: dict[str, Any] = {
    "playbook": "b2b-buyer-experience",
    "phase": "discovery",
    "phase_name": "Discovery",
    "phases": ["discovery", "evaluation"],
    "step": "open-and-agenda",
    "index": 0,
    "count": 4,
    "title": "Open and agenda",
    "do": "Agree the agenda.",
    "exit_criteria": ["A next meeting is booked"],
    "steps": [{"id": "open-and-agenda", "title": "Open", "do": "Agree the agenda."}],
    "items": [{"title": "ROI guide", "source": "roi.md", "url": "", "why": "related (0.61)"}],
    "objection": "too-expensive",
    "response": "Talk about value.",
    "score": 0.812,
    "options": [{"playbook": "b2b-buyer-experience", "objection": "too-expensive", "title": "T"}],
    "citations": [
        {"title": "Pricing", "heading": None, "source": "pricing.md", "url": "", "score": 0.5}
    ],
    "query": "parental leave",
    "buyer_goal": "Be understood.",
    "seller_objective": "Qualify.",
    "next_step": "Book the demo.",
    # the learning path
    "playbook_title": "B2B buyer experience",
    "number": 2,
    "of": 5,
    "buyer_experience": "Heard.",
    "question": "0a1b2c3d4e5f",
    "total": 5,
    "prompt": "Which step comes next?",
    "choice": 2,
    "correct": False,
    "answer": 1,
    "right_option": "Open and agenda",
    "explanation": "The playbook says so.",
    "answered": 2,
    "pass_mark": 80,
    "mode": "practice",
    "buyer_line": "Why should we change?",
    "turn": 1,
    "passed": False,
    "parroted": False,
    "try_next": "Ask about their goals.",
    "recorded": True,
    "ready": 1,
    "next_activity": "check",
}
# Fields whose sample differs by type: the same name holds something else there.
SAMPLE_FOR: dict[str, dict[str, Any]] = {
    "quiz_question": {"options": ["Open and agenda", "Send the proposal", "Run the demo"]},
    "choose_playbook": {
        "options": [
            {
                "playbook": "partner-led-expansion",
                "title": "Partner-led expansion",
                "phase": "joint-expansion-call",
                "phase_name": "Joint expansion call",
                "persona": "finance-director",
            }
        ]
    },
    "practice_started": {"exchanges": 4},
    "practice_turn": {"score": 65},
    "practice_summary": {"score": 72, "exchanges": [{"line": "Why change?", "score": 72}]},
    "progress": {
        "phases": [
            {
                "playbook": "b2b-buyer-experience",
                "playbook_title": "B2B buyer experience",
                "phase": "discovery",
                "phase_name": "Discovery",
                "number": 2,
                "of": 5,
                "status": "practice 65",
                "ready": False,
            }
        ]
    },
}


def sample(reply_type: ReplyType) -> dict[str, Any]:
    model = BY_TYPE[reply_type]
    required = [n for n, f in model.model_fields.items() if f.is_required()]
    values = {**SAMPLE, **SAMPLE_FOR.get(reply_type.value, {})}
    return {"type": reply_type.value, **{name: values[name] for name in required}}


def test_every_reply_type_has_exactly_one_payload_model() -> None:
    assert sorted(BY_TYPE) == sorted(ReplyType)
    assert len(MODELS) == len(ReplyType)


@pytest.mark.parametrize("reply_type", list(ReplyType))
def test_every_payload_validates_its_own_dump(reply_type: ReplyType) -> None:
    payload = parse_payload(sample(reply_type))
    assert payload.type is reply_type
    dumped = payload.model_dump(mode="json")
    assert parse_payload(dumped) == payload
    assert list(dumped) == payload_fields(reply_type)


@pytest.mark.parametrize("reply_type", [t for t in ReplyType if t is not ReplyType.TEXT])
def test_a_payload_with_a_wrong_field_fails(reply_type: ReplyType) -> None:
    with pytest.raises(ReplyContractError):
        parse_payload({**sample(reply_type), "no_such_field": 1})
    model = BY_TYPE[reply_type]
    required = [n for n, f in model.model_fields.items() if f.is_required()]
    if required:
        broken = sample(reply_type)
        del broken[required[0]]
        with pytest.raises(ReplyContractError):
            parse_payload(broken)


def test_unknown_or_mistyped_payloads_fail_and_none_is_text() -> None:
    with pytest.raises(ReplyContractError):
        parse_payload({"type": "no-such-card"})
    with pytest.raises(ReplyContractError):
        parse_payload({**sample(ReplyType.STEP), "index": "first"})
    assert parse_payload(None) == TextPayload() and parse_payload({}) == TextPayload()


def test_reply_data_is_the_json_for_rasa() -> None:
    reply = Reply("Nothing.", (Button("Help", "/help"),), NoAnswerPayload(query="x"))
    assert reply.type is ReplyType.NO_ANSWER
    assert reply.data == {"type": "no_answer", "query": "x", "related": []}
    assert Reply("Hi").type is ReplyType.TEXT
    step = StepPayload(**{k: v for k, v in sample(ReplyType.STEP).items() if k != "type"})
    assert step.model_dump(mode="json")["persona"] is None


def test_message_type_reads_the_custom_part() -> None:
    assert message_type({"text": "hi"}) is ReplyType.TEXT
    assert message_type({"text": "x", "custom": {"type": "step"}}) is ReplyType.STEP
    assert message_type({"custom": {"type": "no-such-card"}}) is ReplyType.TEXT


# -- docs/conversation.md -------------------------------------------------------------------


def documented_replies() -> dict[str, dict[str, list[str]]]:
    """The "Structured replies" table: each type's fields, with nested item fields."""
    text = (ROOT / "docs" / "conversation.md").read_text(encoding="utf-8")
    section = text.split("## Structured replies", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    table: dict[str, dict[str, list[str]]] = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        kind = cells[0].strip("`")
        assert kind not in table, f"{kind} is listed twice"
        fields: dict[str, list[str]] = {}
        listed = "" if cells[1] == "(no payload)" else cells[1]
        for name, nested in re.findall(r"(\w+)(?:\[([^\]]*)\])?", listed):
            fields[name] = [n.strip() for n in nested.split(",")] if nested else []
        table[kind] = fields
    return table


def nested_fields(model: type[BaseModel], name: str) -> list[str]:
    """The item fields of a list-of-models field, or [] for a plain field."""
    annotation = model.model_fields[name].annotation
    for arg in typing.get_args(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return list(arg.model_fields)
    return []


def test_the_docs_list_every_reply_type() -> None:
    documented = documented_replies()
    assert sorted(documented) == sorted(t.value for t in ReplyType)


@pytest.mark.parametrize("reply_type", list(ReplyType))
def test_the_docs_list_each_types_fields_exactly(reply_type: ReplyType) -> None:
    documented = documented_replies()[reply_type.value]
    model = BY_TYPE[reply_type]
    fields = [f for f in payload_fields(reply_type) if f != "type"]
    assert list(documented) == fields
    for name in fields:
        assert documented[name] == nested_fields(model, name), f"{reply_type.value}.{name}"


def test_text_is_a_plain_message_without_payload_fields() -> None:
    assert payload_fields(ReplyType.TEXT) == ["type"]
    assert documented_replies()["text"] == {}
