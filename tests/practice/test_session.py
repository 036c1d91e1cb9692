"""The simulated buyer's lines, the practice state, and the answer loop."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pregame.playbook.schema import Playbook
from pregame.practice.scenario import find_persona, phase_objections
from pregame.practice.scoring import AnswerScorer, TextEmbedder
from pregame.practice.session import Practice, PracticeSession, rehearsal, start
from pregame.practice.targets import PracticeError, find_target
from pregame.settings import Settings
from tests.support.fakes import HashingEmbedder


def lines_come_from_the_playbook(playbook: Playbook, session: PracticeSession) -> None:
    phase = playbook.phase(session.phase)
    for line in session.lines:
        if line.kind == "objection":
            objection = playbook.objection(line.target)
            assert phase.id in objection.phases
            assert any(line.line.endswith(p) for p in objection.phrasings)
        elif line.kind == "step":
            step = next(s for s in phase.steps if s.id == line.target)
            assert any(said.endswith(line.line) for said in step.buyer_says)
        else:
            step = next(s for s in phase.steps if s.id == line.target)
            assert session.persona in step.variants.personas


def test_practice_is_deterministic_for_a_seed_and_varies_across_seeds(
    playbooks: dict[str, Playbook],
) -> None:
    for playbook in playbooks.values():
        for phase in playbook.phases:
            for persona in ["", *(p.id for p in playbook.personas)]:
                plans = {start(playbook, phase.id, persona, seed).lines for seed in range(6)}
                again = start(playbook, phase.id, persona, 3)
                assert again == start(playbook, phase.id, persona, 3)
                assert 3 <= len(again.lines) <= 4 and again.buyer_line == again.lines[0].line
                lines_come_from_the_playbook(playbook, again)
                assert all(not line.line.startswith("(") for plan in plans for line in plan)
    b2b = playbooks["b2b-buyer-experience"]
    assert len({start(b2b, "evaluation", "cfo", seed).lines for seed in range(6)}) > 2


def test_the_sellers_own_team_never_speaks_for_the_buyer(playbooks: dict[str, Playbook]) -> None:
    events = playbooks["events-and-partners"]
    said = {line.line for seed in range(10) for line in start(events, "pre-event", "", seed).lines}
    assert not any("Booth team" in s or "demo to everyone" in s for s in said)
    # "(Partner rep) ..." is a persona of the playbook: spoken, without the speaker's name.
    co_selling = {
        line.line
        for seed in range(10)
        for line in start(events, "partner-co-selling", "partner-rep", seed).lines
    }
    assert any(s.startswith("We registered it last week") for s in co_selling)


def test_objections_closest_to_the_persona_come_first(b2b: Playbook) -> None:
    def first(persona: str, phase: str) -> str:
        return phase_objections(b2b, b2b.phase(phase), find_persona(b2b, persona))[0].id

    assert first("cfo", "negotiation") == "too-expensive"
    assert first("cto", "evaluation") == "security-concerns"


def test_rehearsal_plays_the_briefs_objections_first(b2b: Playbook) -> None:
    session = rehearsal(b2b, "evaluation", "cto", ["too-complex-to-implement", "too-expensive"], 1)
    assert [line.target for line in session.lines[:2]] == [
        "too-complex-to-implement",
        "too-expensive",
    ]
    assert session.lines[2].kind == "concern" and session.mode == "rehearsal"
    default = rehearsal(b2b, "negotiation", "cfo")
    assert default.lines[0].target == "too-expensive" and 3 <= len(default.lines) <= 4
    with pytest.raises(PracticeError, match="no objection 'cheap'; its objections: too-exp"):
        rehearsal(b2b, "evaluation", "cto", ["cheap"])


def test_unknown_phase_or_persona_is_a_clear_error(b2b: Playbook) -> None:
    with pytest.raises(PracticeError, match="no phase 'closing'; its phases: research, disc"):
        start(b2b, "closing", "cfo")
    with pytest.raises(PracticeError, match="no persona 'ceo'; its personas: cfo, cto"):
        start(b2b, "research", "ceo")


def test_the_state_survives_json_and_stays_small(b2b: Playbook) -> None:
    session = start(b2b, "negotiation", "cfo", 7)
    data = json.loads(json.dumps(session.to_dict()))
    assert PracticeSession.from_dict(data) == session
    assert len(json.dumps(data)) < 1200


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"v": 99}, "not a practice state of version 1"),
        ({"lines": [["objection", "x"]]}, "bad buyer line"),
        ({"lines": [["rumour", "x", "y"]]}, "bad buyer line"),
        ({"lines": []}, "no lines"),
        ({"scores": [101]}, "bad scores"),
        ({"scores": [1, 2, 3, 4, 5, 6]}, "more scores than buyer lines"),
        ({"mode": "exam"}, "unknown mode 'exam'"),
        ({"seed": "1"}, "seed int"),
    ],
)
def test_a_broken_state_is_refused_clearly(
    b2b: Playbook, change: dict[str, Any], message: str
) -> None:
    data = start(b2b, "negotiation", "cfo", 7).to_dict() | change
    with pytest.raises(PracticeError, match=message):
        PracticeSession.from_dict(data)
    with pytest.raises(PracticeError, match="has no 'scores'"):
        PracticeSession.from_dict({k: v for k, v in data.items() if k != "scores"} | {"v": 1})


def designed(playbook: Playbook, session: PracticeSession) -> str:
    """The designed response to the current line: what a perfect rep would say."""
    line = session.lines[session.turn]
    target = find_target(
        playbook, line.kind, line.target, phase_id=session.phase, persona_id=session.persona
    )
    return target.response


def test_a_practice_runs_to_its_summary_and_presses_an_unanswered_objection(
    b2b: Playbook,
) -> None:
    practice = Practice(AnswerScorer(HashingEmbedder()))
    session = rehearsal(b2b, "negotiation", "cfo", ["too-expensive", "no-budget"], seed=2)
    planned = len(session.lines)
    turn = practice.answer(b2b, session, designed(b2b, session))
    assert turn.feedback.passed and turn.buyer_line == session.lines[1].line
    # A weak answer to an objection: the buyer presses it once, with another phrasing.
    weak = practice.answer(b2b, turn.session, "Sure, whatever works.")
    assert not weak.feedback.passed and len(weak.session.lines) == planned + 1
    pressed = weak.session.lines[2]
    assert pressed.target == "no-budget" and pressed.line != session.lines[1].line
    assert weak.buyer_line == pressed.line
    again = practice.answer(b2b, weak.session, "Sure, whatever works.")
    assert len(again.session.lines) == planned + 1  # pressed once only
    state = again.session
    while not state.done:
        last = practice.answer(b2b, state, designed(b2b, state))
        state = last.session
    assert last.buyer_line is None and last.summary is not None
    summary = last.summary
    assert [e.score for e in summary.exchanges] == list(state.scores)
    assert summary.score == round(sum(state.scores) / len(state.scores))
    assert summary.passed == (summary.score >= 80)
    assert "Practice over" in summary.text() and summary.as_dict()["exchanges"]
    with pytest.raises(PracticeError, match="this practice is over"):
        practice.answer(b2b, state, "More?")


def test_answers_must_fit_the_practice(b2b: Playbook, playbooks: dict[str, Playbook]) -> None:
    practice = Practice(AnswerScorer(HashingEmbedder()))
    session = start(b2b, "research", "cto")
    with pytest.raises(PracticeError, match="an empty answer cannot be scored"):
        practice.answer(b2b, session, "  ")
    with pytest.raises(PracticeError, match="not 'complex-deals'"):
        practice.answer(playbooks["complex-deals"], session, "Hello")


def test_the_pass_mark_is_a_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("PREGAME_PRACTICE_PASS_MARK", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env
    assert Settings().practice_pass_mark == 80
    monkeypatch.setenv("PREGAME_PRACTICE_PASS_MARK", "65")
    assert Settings().practice_pass_mark == 65
    assert Settings(practice_pass_mark=70).practice_pass_mark == 70
    with pytest.raises(ValueError, match="less than or equal to 100"):
        Settings(practice_pass_mark=101)


@pytest.mark.model
def test_a_real_practice_passes_a_good_answer_and_fails_a_parrot(
    real_embedder: TextEmbedder, b2b: Playbook
) -> None:
    practice = Practice(AnswerScorer(real_embedder))
    session = rehearsal(b2b, "evaluation", "cto", ["security-concerns"], seed=0)
    turn = practice.answer(
        b2b,
        session,
        "That's the right thing to check before going further. What does your security review "
        "involve and who signs it off? We query your warehouse in place so the data mostly stays "
        "with you; I can share the SOC 2 Type II report under NDA, plus SSO, SCIM and EU hosting "
        "details, and set up a call with our solutions engineer and your security lead this week.",
    )
    assert turn.feedback.passed and turn.session.scores[0] >= 80
    assert turn.buyer_line is not None
    parrot = practice.answer(b2b, turn.session, f"So, {turn.buyer_line.lower()}")
    assert not parrot.feedback.passed
