"""pregame/coach/clarify.py: the fallback's question in plain words, naming a play it would run."""

from __future__ import annotations

from pregame.coach.clarify import button_title, clarify, offered
from pregame.playbook.loader import load_playbook
from tests.support.paths import ROOT


def test_only_intents_with_plain_words_are_offered_two_at_most() -> None:
    ranking = ["nlu_fallback", "greet", "stop_play", "answer_quiz", "help", "ask_content"]
    assert offered(ranking) == ["stop_play", "help"]
    assert offered(["greet", "thank"]) == []


def test_a_play_option_names_phase_and_playbook_others_stay_plain() -> None:
    playbook = load_playbook(ROOT / "playbooks" / "b2b-buyer-experience.yml")
    play = (playbook, playbook.phase("evaluation"))
    assert button_title("start_play", play) == f"Walk through: Evaluation ({playbook.title})"
    assert button_title("prepare_call", play) == f"Call-prep brief: Evaluation ({playbook.title})"
    assert button_title("ask_content", play) == "Find content to send"
    assert button_title("start_play", None) == "Walk through a play for a call"


def test_the_question_always_ends_with_something_else() -> None:
    reply = clarify([])
    assert [b.payload for b in reply.buttons] == ["/out_of_scope"]
    assert "start_play" not in reply.text
