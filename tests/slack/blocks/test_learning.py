"""The learning path's Slack cards."""

from __future__ import annotations

import json

from pregame.slack.blocks.cards import render_reply
from pregame.slack.blocks.learning import (
    lesson_card,
    practice_started_card,
    practice_summary_card,
    practice_turn_card,
    progress_card,
    quiz_question_card,
    quiz_result_card,
)
from pregame.slack.blocks.primitives import Block, button
from tests.support.learning_samples import (
    LESSON,
    PROGRESS,
    QUESTION,
    RESULT,
    STARTED,
    SUMMARY,
    TURN,
)

ANSWERS = [
    button(str(n), f"pregame_rasa_{n}", f'/answer_quiz{{"choice":"{n}"}}') for n in (1, 2, 3)
]


def text_of(blocks: list[Block]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def test_the_lesson_has_every_part_of_the_phase_and_its_button() -> None:
    blocks = lesson_card("", LESSON, ANSWERS[:1])
    assert blocks[0]["text"]["text"] == "Lesson · Discovery"
    body = text_of(blocks)
    parts = ["The buyer's goal", "Step 1. Open", "Keep it short.", "*CFO* cares about"]
    parts += ["Too expensive", "The phase is done when", "A next meeting is booked"]
    for part in parts:
        assert part in body, part
    assert blocks[-1]["type"] == "actions"


def test_a_question_numbers_its_options_and_answers_with_buttons() -> None:
    blocks = quiz_question_card("", QUESTION, ANSWERS)
    assert blocks[0]["text"]["text"] == "Knowledge check · Discovery"
    assert "*Question 2 of 5*" in blocks[1]["text"]["text"]
    assert "&lt;Open&gt;" in blocks[1]["text"]["text"], "playbook text is escaped"
    assert blocks[2]["text"]["text"].splitlines() == [
        "*1.* Current state",
        "*2.* Send the proposal",
        "*3.* Run the demo",
    ]
    assert [e["text"]["text"] for e in blocks[-1]["elements"]] == ["1", "2", "3"]


def test_a_result_says_right_or_wrong_and_the_score_at_the_end() -> None:
    blocks = quiz_result_card("", RESULT, [])
    assert blocks[0]["text"]["text"] == ":x: Not quite: the answer is 1. Current state"
    assert blocks[1]["type"] == "context" and "The playbook" in text_of(blocks[1:2])
    assert "*Passed*: 4 of 5 right, 80% (pass mark 80%)." in text_of(blocks)
    right = quiz_result_card("", RESULT.model_copy(update={"correct": True, "score": None}), [])
    assert right[0]["text"]["text"] == ":white_check_mark: Right." and len(right) == 2


def test_practice_cards() -> None:
    started = practice_started_card("", STARTED, [])
    assert started[0]["text"]["text"] == "Practice · Discovery"
    assert "I'm the CFO / finance leader" in text_of(started)
    assert "*Buyer:* “Why should we change anything?”" in text_of(started)

    turn = text_of(practice_turn_card("", TURN, []))
    assert "*Score 53/100* (not yet; pass mark 80)" in turn
    assert ":white_check_mark: Ask what their security review requires." in turn
    assert ":x: the playbook says “Offer the SOC 2 report under NDA.”" in turn
    assert "*Try next time*" in turn and "*Buyer:* “And what about cost?”" in turn

    summary = practice_summary_card("", SUMMARY, [])
    assert summary[0]["text"]["text"] == "Practice over: 72/100, not passed yet"
    assert "Counted on your learning path for Discovery" in text_of(summary)
    only_me = SUMMARY.model_copy(update={"mode": "rehearsal", "recorded": False})
    rehearsal = practice_summary_card("", only_me, [])
    assert rehearsal[0]["text"]["text"].startswith("Rehearsal over")
    assert "not counted" in text_of(rehearsal)


def test_progress_lists_each_phase_under_its_playbook() -> None:
    blocks = progress_card("B2B\n0 of 1 phases ready. Next: practise.", PROGRESS, [])
    assert blocks[1]["text"]["text"].splitlines() == [
        "*B2B buyer experience*",
        ":white_circle: 2. Discovery: practice 65",
    ]
    assert blocks[2]["elements"][0]["text"] == "0 of 1 phases ready. Next: practise."
    empty = progress_card(
        "No playbooks on your path.", PROGRESS.model_copy(update={"phases": []}), []
    )
    assert "No playbooks on your path." in text_of(empty)


def test_a_question_reply_renders_through_the_card_table() -> None:
    message = {
        "text": "Question 2 of 5",
        "buttons": [{"title": "1", "payload": '/answer_quiz{"choice":"1","question":"q"}'}],
        "custom": QUESTION.model_dump(mode="json"),
    }
    rendered = render_reply(message)
    assert rendered.blocks[0]["text"]["text"] == "Knowledge check · Discovery"
    assert (
        rendered.blocks[-1]["elements"][0]["value"] == '/answer_quiz{"choice":"1","question":"q"}'
    )
