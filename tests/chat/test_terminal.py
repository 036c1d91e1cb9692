"""chat/terminal.py: bot turns as terminal text, keyed by reply type."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pregame.chat.terminal import DEMO_SCRIPT, RENDERERS, interactive, play_script, render
from pregame.coach.cards import content_list
from pregame.coach.stale import stale_flag
from pregame.rasa_client import RasaClient
from pregame.replies import ContentItem, ReplyType
from pregame.retrieval.freshness import Review, check

STEP = {
    "type": "step",
    "playbook": "b2b-buyer-experience",
    "phase": "discovery",
    "phase_name": "Discovery",
    "step": "open-and-agenda",
    "index": 0,
    "count": 4,
    "title": "Open and agenda",
    "do": "Agree the agenda.",
}


def test_every_reply_type_has_a_text_rendering() -> None:
    missing = set(ReplyType) - set(RENDERERS)
    assert not missing, f"no terminal rendering for {sorted(missing)}"


def test_text_without_emphasis_and_buttons_in_brackets() -> None:
    messages: list[dict[str, Any]] = [
        {
            "text": "*Discovery, step 1 of 4: Open and agenda*",
            "buttons": [
                {"title": "Back", "payload": "/previous_step"},
                {"title": "Next", "payload": "/next_step"},
            ],
        },
        {"custom": STEP},  # the REST channel sends the payload on its own: merged first
        {"text": "Say next to go on."},
    ]
    assert render(messages) == (
        "Discovery, step 1 of 4: Open and agenda\n[Back]  [Next]\n\nSay next to go on."
    )


def test_a_check_question_numbers_its_options_instead_of_buttons() -> None:
    question = {
        "type": "quiz_question",
        "playbook": "b2b-buyer-experience",
        "phase": "discovery",
        "phase_name": "Discovery",
        "question": "0a1b2c3d4e5f",
        "number": 2,
        "total": 5,
        "prompt": "Which step comes next?",
        "options": ["Current state", "Send the proposal"],
    }
    buttons = [{"title": "1", "payload": "/answer_quiz"}, {"title": "2", "payload": "/x"}]
    assert render([{"text": "*Question 2*", "buttons": buttons, "custom": question}]) == (
        "Question 2 of 5: Which step comes next?\n"
        "  1. Current state\n"
        "  2. Send the proposal\n"
        "Answer with a number from 1 to 2, or say stop."
    )


def test_no_reply_is_said() -> None:
    assert render([]) == "(no reply)"
    assert render([{"text": "  "}]) == "(no reply)"


@pytest.mark.parametrize(
    "custom",
    [
        {"type": "step", "index": "first"},  # missing and mistyped fields
        {"type": "no_answer", "query": "x", "extra": 1},  # a field the contract lacks
        {"type": "no-such-card"},
    ],
)
def test_a_payload_off_the_contract_is_logged_once_and_shown_as_text(
    custom: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="pregame.chat.terminal"):
        text = render([{"text": "Still *readable*", "custom": custom}])
    assert text == "Still readable"
    (record,) = caplog.records
    assert record.levelno == logging.WARNING
    assert str(custom["type"]) in record.getMessage()
    assert "\n" not in record.getMessage()


def test_a_valid_payload_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        render([{"text": "Step", "custom": STEP}, {"text": "thanks"}])
    assert caplog.records == []


def _bot(replies: Iterator[list[dict[str, Any]]]) -> RasaClient:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/webhooks/rest/webhook"
        return httpx.Response(200, json=next(replies))

    return RasaClient("http://bot", transport=httpx.MockTransport(handler))


def test_play_script_prints_the_transcript_and_times_each_reply() -> None:
    replies: list[list[dict[str, Any]]] = [
        [{"text": "Got it: *Discovery*"}, {"custom": STEP}],
        [{"text": "Bye"}],
    ]
    turns = iter(replies)
    out: list[str] = []
    latencies = play_script(_bot(turns), "demo", ["discovery call", "bye"], out.append)
    assert out == [
        "you> discovery call",
        "pregame>\n  Got it: Discovery\n",
        "you> bye",
        "pregame>\n  Bye\n",
    ]
    assert len(latencies) == 2 and all(t >= 0 for t in latencies)
    assert DEMO_SCRIPT[0] == "I have a discovery call with a CFO tomorrow"


def test_interactive_chats_until_quit_and_reports_an_unreachable_bot(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = iter(["hello", "", "quit"])
    interactive(_bot(iter([[{"text": "Hi!"}]])), "me", lambda prompt: next(lines))
    assert "pregame>\n  Hi!\n" in capsys.readouterr().out

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    down = RasaClient("http://bot", transport=httpx.MockTransport(refuse))
    said = iter(["hello"])

    def read(prompt: str) -> str:
        try:
            return next(said)
        except StopIteration:
            raise EOFError from None

    interactive(down, "me", read)
    out = capsys.readouterr().out
    assert "(!) Cannot reach the bot at http://bot" in out and "pregame up" in out


def test_interactive_can_open_with_the_reps_first_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content)["message"])
        return httpx.Response(200, json=[{"text": "Lesson"}])

    bot = RasaClient("http://bot", transport=httpx.MockTransport(handler))
    lines = iter(["quit"])
    interactive(bot, "ana", lambda prompt: next(lines), first="learn")
    assert sent == ["learn"]
    assert "you> learn\npregame>\n  Lesson\n" in capsys.readouterr().out


def test_a_stale_document_is_flagged_with_its_owner_in_the_terminal() -> None:
    today = dt.date(2026, 12, 2)
    old = check(Review("Field Marketing", dt.date(2025, 10, 1)), today, 180)
    item = ContentItem(title="Booth guide", source="booth.md", why="related", stale=stale_flag(old))
    reply = content_list([item], in_play=False)
    shown = render([{"text": reply.text, "custom": reply.data}])
    assert shown.splitlines()[1:] == [
        "1. Booth guide: `booth.md`",
        "   related",
        "   ⚠ last reviewed 14 months ago; owner: Field Marketing",
    ]
