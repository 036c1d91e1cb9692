from __future__ import annotations

from pathlib import Path

from pregame.coach.coach import Coach
from pregame.coach.state import PlayState


def _start(coach: Coach, text: str) -> PlayState:
    turn = coach.start(PlayState(), [text])
    return turn.state


def test_start_understands_phase_persona_and_shows_step_one(coach: Coach) -> None:
    turn = coach.start(PlayState(), ["I have a discovery call with a CFO tomorrow"])
    assert turn.state == PlayState("b2b-buyer-experience", "discovery", "cfo", None, 0)
    intro, step = turn.replies
    assert "Discovery" in intro.text and "CFO" in intro.text
    assert step.data["type"] == "step" and step.data["index"] == 0
    assert "Questions to ask" in step.text
    assert "What the buyer should experience" in step.text
    assert [b.title for b in step.buttons] == ["Back", "Next", "Content"]


def test_start_without_phase_asks_which_one(coach: Coach) -> None:
    turn = coach.start(PlayState(), ["meeting their CFO next week"])
    assert turn.state.phase is None and turn.state.persona == "cfo"
    (reply,) = turn.replies
    assert reply.data["type"] == "choose_phase"
    assert "/start_play" in reply.buttons[0].payload


def test_next_back_and_exit_criteria(coach: Coach) -> None:
    state = _start(coach, "discovery call with the CFO")
    n = len(coach.library.playbooks()[0].phase("discovery").steps)
    for expected in range(1, n):
        turn = coach.move(state, +1)
        state = turn.state
        assert state.step == expected
    assert turn.replies[0].data["exit_criteria"], "last step states the exit criteria"
    done = coach.move(state, +1)
    assert done.state.step == n - 1
    assert done.replies[0].data["type"] == "phase_done"
    back = coach.move(state, -1)
    assert back.state.step == n - 2


def test_back_at_first_step_stays(coach: Coach) -> None:
    state = _start(coach, "discovery call")
    turn = coach.move(state, -1)
    assert turn.state.step == 0
    assert "first step" in turn.replies[0].text


def test_move_without_a_play_explains(coach: Coach) -> None:
    turn = coach.move(PlayState(), +1)
    assert turn.replies[0].data["type"] == "no_play"


def test_persona_variant_is_shown(coach: Coach) -> None:
    state = _start(coach, "discovery call with the CFO")
    playbook = coach.library.playbooks()[0]
    phase = playbook.phase("discovery")
    index = next(i for i, s in enumerate(phase.steps) if "cfo" in s.variants.personas)
    turn = coach.move(state.at(index - 1), +1) if index else coach.move(state, 0)
    assert phase.steps[index].variants.personas["cfo"] in turn.replies[0].text


def test_content_is_capped_and_cited(coach: Coach) -> None:
    state = _start(coach, "discovery call with the CFO")
    (reply,) = coach.content(state, "what should I send them?").replies
    items = reply.data["items"]
    assert 1 <= len(items) <= 3
    knowledge = Path(coach.catalog.folder)
    for item in items:
        assert item["title"] and (knowledge / item["source"]).is_file()
        assert item["source"] in reply.text


def test_specific_content_request_beats_designed_content(coach: Coach) -> None:
    state = _start(coach, "discovery call with the CFO")
    (reply,) = coach.content(state, "Halvorsen manufacturing case study").replies
    assert reply.data["items"][0]["source"] == "case-study-manufacturing.md"


def test_objection_from_playbook_with_proof(coach: Coach) -> None:
    (reply,) = coach.objection(PlayState(), "they say you're too expensive").replies
    assert reply.data["type"] == "objection"
    assert reply.data["objection"] == "too-expensive"
    assert reply.data["proof"], "proof content is attached"


def test_unknown_objection_gets_caveat_or_honest_no(coach: Coach) -> None:
    (reply,) = coach.objection(PlayState(), "zebra xylophone quasar").replies
    assert reply.data["type"] == "no_answer"


def test_uncovered_question_is_answered_honestly(coach: Coach) -> None:
    (reply,) = coach.answer(PlayState(), "parental leave allowance").replies
    assert reply.data["type"] == "no_answer"
    assert "don't have anything" in reply.text


def test_covered_question_is_cited(coach: Coach) -> None:
    (reply,) = coach.answer(PlayState(), "multi-year discount guardrails pricing").replies
    assert reply.data["type"] == "answer"
    assert reply.data["citations"][0]["source"] == "pricing-and-packaging.md"
    assert "Source:" in reply.text
