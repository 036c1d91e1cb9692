"""The learning path, lessons and their text, from the real playbooks."""

from __future__ import annotations

import pytest

from pregame.learning.errors import LearningError
from pregame.learning.lesson import build_lesson
from pregame.learning.path import learning_path, playbook_version
from pregame.learning.render import render_lesson
from pregame.learning.text import appears_in, sentences
from pregame.playbook import Playbook


def by_id(playbooks: list[Playbook], playbook_id: str) -> Playbook:
    (found,) = [p for p in playbooks if p.id == playbook_id]
    return found


def test_the_path_is_the_playbooks_for_everyone_and_the_team(playbooks: list[Playbook]) -> None:
    for_everyone = [p.id for p in playbooks if "everyone" in p.playbook.audience]
    assert [p.playbook_id for p in learning_path(playbooks, None).playbooks] == for_everyone
    enterprise = learning_path(playbooks, "Enterprise-Sales")
    assert "complex-deals" in [p.playbook_id for p in enterprise.playbooks]
    complex_deals = by_id(playbooks, "complex-deals")
    (path,) = [p for p in enterprise.playbooks if p.playbook_id == "complex-deals"]
    assert [p.phase_id for p in path.phases] == [p.id for p in complex_deals.phases]
    assert (path.phases[0].number, path.phases[0].of) == (1, len(complex_deals.phases))
    assert path.version == playbook_version(complex_deals)


def test_a_lesson_is_the_phase_as_the_playbook_writes_it(playbooks: list[Playbook]) -> None:
    playbook = by_id(playbooks, "b2b-buyer-experience")
    phase = playbook.phase("discovery")
    lesson = build_lesson(playbook, "discovery")
    assert (lesson.number, lesson.of) == (2, len(playbook.phases))
    assert lesson.buyer_goal == phase.buyer_goal
    assert lesson.buyer_experience == phase.buyer_experience
    assert [s.title for s in lesson.steps] == [s.title for s in phase.steps]
    assert lesson.steps[0].tips == tuple(phase.steps[0].tips)
    assert lesson.exit_criteria == tuple(phase.exit_criteria)
    tailored = {pid for s in phase.steps for pid in s.variants.personas}
    assert {p.persona_id for p in lesson.personas} == tailored
    assert {o.objection_id for o in lesson.objections} == {
        o.id for o in playbook.objections if "discovery" in o.phases
    }
    text = render_lesson(lesson)
    for heading in (
        "The buyer's goal",
        "What the buyer should experience",
        "The steps",
        "Who you meet",
        "Objections you will hear",
        '"Discovery" is done when',
    ):
        assert heading in text  # fmt: skip
    for words in (phase.exit_criteria[0], phase.steps[-1].title, lesson.personas[0].name):
        assert appears_in(words, text)


def test_a_lesson_for_an_unknown_phase_names_the_known_ones(playbooks: list[Playbook]) -> None:
    with pytest.raises(LearningError, match="its phases: research, discovery"):
        build_lesson(by_id(playbooks, "b2b-buyer-experience"), "closing")


def test_sentences_keep_quotes_and_abbreviations_whole() -> None:
    text = (
        'Acknowledge it - "That\'s common; everyone differs." Explore what each needs, e.g. '
        "timing. Ask why? Then agree (in writing) the next step."
    )
    assert sentences(text) == [
        'Acknowledge it - "That\'s common; everyone differs."',
        "Explore what each needs, e.g. timing.",
        "Ask why?",
        "Then agree (in writing) the next step.",
    ]
    assert appears_in("Agree the NEXT step", "then agree the next-step now")
    assert not appears_in("next step", "the nextstep")
