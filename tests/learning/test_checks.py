"""Knowledge checks drafted from the real playbooks: pinned by their properties."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys

import pytest

from pregame.learning.checks import CheckRules, Question, generate_check, parse_choice
from pregame.learning.errors import LearningError
from pregame.learning.questions import QuestionKind, content_label
from pregame.learning.similarity import Similarity
from pregame.learning.text import appears_in, comparable, first_sentence, sentences
from pregame.playbook import Phase, Playbook
from pregame.retrieval.embeddings import SentenceTransformerEmbedder
from tests.support.fakes import HashingEmbedder
from tests.support.paths import ROOT

SEEDS = (0, 1, 2)


@pytest.fixture(scope="module")
def shared() -> Similarity:
    """One similarity cache for the module: the playbooks' wording is embedded once."""
    return Similarity(HashingEmbedder())


def every_phase(playbooks: list[Playbook]) -> list[tuple[Playbook, Phase]]:
    return [(playbook, phase) for playbook in playbooks for phase in playbook.phases]


def sources(playbook: Playbook, phase: Phase, q: Question) -> tuple[set[str], set[str]]:
    """What the playbook says is right for ``q``, and where its distractors may come from."""
    others = [p for p in playbook.phases if p.id != phase.id]
    match q.kind:
        case QuestionKind.NEXT_STEP:
            right = {q.options[q.answer]}
            pool = {s.title for p in playbook.phases for s in p.steps} - right
        case QuestionKind.BUYER_EXPERIENCE:
            right = set(sentences(phase.buyer_experience))
            pool = {first_sentence(p.buyer_experience) for p in others}
        case QuestionKind.EXIT_CRITERION:
            right = set(phase.exit_criteria)
            pool = {c for p in others for c in p.exit_criteria}
        case QuestionKind.PERSONA_CONCERN:
            (persona,) = [p for p in playbook.personas if f"meet the {p.name}." in q.prompt]
            right = set(persona.cares_about)
            pool = {c for p in playbook.personas if p.id != persona.id for c in p.cares_about}
        case QuestionKind.OBJECTION_RESPONSE:
            (objection,) = [
                o for o in playbook.objections if any(f'"{w}"' in q.prompt for w in o.phrasings)
            ]
            assert not objection.phases or phase.id in objection.phases
            right = set(sentences(objection.response))
            pool = {
                s
                for o in playbook.objections
                if o.id != objection.id
                for s in sentences(o.response)
            }
        case QuestionKind.CONTENT:
            (step,) = [s for s in phase.steps if f'step "{s.title}"' in q.prompt]
            right = {content_label(r) for r in step.content}
            in_phase = {r for s in phase.steps for r in s.content}
            refs = [r for p in others for s in p.steps for r in s.content]
            refs += [r for o in playbook.objections for r in o.proof]
            pool = {content_label(r) for r in refs if r not in in_phase}
    return right, pool


def test_checks_are_the_same_for_the_same_playbook_version_and_seed(
    playbooks: list[Playbook], shared: Similarity
) -> None:
    for playbook, phase in every_phase(playbooks):
        fresh = Similarity(HashingEmbedder())  # no cache shared with the first run
        first = generate_check(playbook, phase.id, 7, shared)
        assert generate_check(playbook, phase.id, 7, fresh) == first


def test_seeds_give_different_checks(playbooks: list[Playbook], shared: Similarity) -> None:
    for playbook, phase in every_phase(playbooks):
        checks = [generate_check(playbook, phase.id, seed, shared) for seed in SEEDS]
        ids = [tuple(q.id for q in c.questions) for c in checks]
        assert len(set(ids)) == len(SEEDS), f"{playbook.id}/{phase.id}"


def test_every_question_is_well_formed(playbooks: list[Playbook], shared: Similarity) -> None:
    rules = CheckRules()
    for (playbook, phase), seed in itertools.product(every_phase(playbooks), SEEDS):
        check = generate_check(playbook, phase.id, seed, shared, rules)
        where = f"{playbook.id}/{phase.id}/{seed}"
        assert len(check.questions) == rules.questions, where
        assert len({q.kind for q in check.questions}) >= 3, where  # a mix, not five of one
        assert len({q.prompt for q in check.questions}) == len(check.questions), where
        for q in check.questions:
            assert rules.min_options <= len(q.options) <= rules.options, where
            assert len({comparable(o) for o in q.options}) == len(q.options), where
            assert not appears_in(q.options[q.answer], q.prompt), (where, q.prompt)
            assert q.options[q.answer] in q.explanation, (where, q.kind)  # quotes the playbook
            assert (q.playbook_id, q.phase_id) == (playbook.id, phase.id)


def test_answers_and_distractors_come_from_the_playbook(
    playbooks: list[Playbook], shared: Similarity
) -> None:
    kinds: set[QuestionKind] = set()
    for (playbook, phase), seed in itertools.product(every_phase(playbooks), SEEDS):
        for q in generate_check(playbook, phase.id, seed, shared).questions:
            kinds.add(q.kind)
            right, pool = sources(playbook, phase, q)
            answer, *_ = [o for i, o in enumerate(q.options) if i == q.answer]
            assert answer in right, (q.kind, answer)
            for i, option in enumerate(q.options):
                if i != q.answer:
                    assert option in pool, (q.kind, option)
                    assert option not in right, (q.kind, option)
    assert kinds == set(QuestionKind)


@pytest.mark.model
def test_no_question_has_two_options_that_say_the_same(
    playbooks: list[Playbook], real_embedder: SentenceTransformerEmbedder
) -> None:
    similarity = Similarity(real_embedder)
    for (playbook, phase), seed in itertools.product(every_phase(playbooks), (0, 1)):
        for q in generate_check(playbook, phase.id, seed, similarity).questions:
            right, _ = sources(playbook, phase, q)
            distractors = [o for i, o in enumerate(q.options) if i != q.answer]
            scores = similarity.matrix(distractors, [*q.options, *right])
            for row, option in zip(scores, distractors, strict=True):
                others = [s for s, text in zip(row, [*q.options, *right], strict=True)
                          if text != option]  # fmt: skip
                assert max(others) < similarity.threshold, (q.prompt, option)


def test_questions_change_when_the_playbook_changes(
    playbooks: list[Playbook], shared: Similarity
) -> None:
    playbook = playbooks[0]
    phase = playbook.phases[1]
    criteria = [*phase.exit_criteria[:-1], "The buyer has forwarded our recap to their CFO"]
    edited_phase = phase.model_copy(update={"exit_criteria": criteria})
    phases = [edited_phase if p.id == phase.id else p for p in playbook.phases]
    edited = playbook.model_copy(update={"phases": phases})
    before = generate_check(playbook, phase.id, 1, shared)
    after = generate_check(edited, phase.id, 1, shared)
    assert after.version != before.version
    assert after.questions != before.questions
    asked = {
        o
        for seed in range(12)
        for q in generate_check(edited, phase.id, seed, shared).questions
        if q.kind is QuestionKind.EXIT_CRITERION
        for o in q.options
    }
    assert "The buyer has forwarded our recap to their CFO" in asked
    assert phase.exit_criteria[-1] not in asked


def test_checks_do_not_depend_on_the_process(playbooks: list[Playbook]) -> None:
    """Same check in another interpreter with another hash seed (no set order leaks in)."""
    playbook = playbooks[0]
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]);"
        "from pregame.playbook import load_playbook;"
        "from pregame.learning.checks import generate_check;"
        "from pregame.learning.similarity import Similarity;"
        "from tests.support.fakes import HashingEmbedder;"
        "p = load_playbook(__import__('pathlib').Path(sys.argv[2]));"
        f"c = generate_check(p, {playbook.phases[0].id!r}, 3, Similarity(HashingEmbedder()));"
        "print(json.dumps([q.id for q in c.questions]))"
    )
    path = ROOT / "playbooks" / f"{playbook.id}.yml"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(path)],
        capture_output=True, text=True, check=True, env=env, timeout=120,
    )  # fmt: skip
    here = generate_check(playbook, playbook.phases[0].id, 3, Similarity(HashingEmbedder()))
    assert json.loads(out.stdout) == [q.id for q in here.questions]


def test_pass_mark_and_size_are_configurable(playbooks: list[Playbook], shared: Similarity) -> None:
    rules = CheckRules(questions=3, options=3, pass_mark=0.5)
    check = generate_check(playbooks[0], playbooks[0].phases[0].id, 1, shared, rules)
    assert len(check.questions) == 3 and check.pass_mark == 0.5
    assert all(len(q.options) == 3 for q in check.questions)
    with pytest.raises(ValueError, match="pass mark"):
        CheckRules(pass_mark=0)
    with pytest.raises(ValueError, match="min_options"):
        CheckRules(options=2, min_options=3)


def test_a_phase_too_thin_for_any_question_says_so(playbooks: list[Playbook]) -> None:
    playbook = playbooks[0]
    lone = playbook.phases[0].model_copy(update={"steps": playbook.phases[0].steps[:1]})
    thin = playbook.model_copy(update={"phases": [lone], "personas": [], "objections": []})
    with pytest.raises(LearningError, match="gives no question with 3 distinct options"):
        generate_check(thin, lone.id, 1, Similarity(HashingEmbedder()))
    with pytest.raises(LearningError, match="has no phase 'nope'; its phases: "):
        generate_check(playbook, "nope", 1, Similarity(HashingEmbedder()))


def test_answers_are_parsed_from_numbers_or_the_options_words(
    playbooks: list[Playbook], shared: Similarity
) -> None:
    question = generate_check(playbooks[0], playbooks[0].phases[0].id, 1, shared).questions[0]
    assert parse_choice("2", question) == 1
    assert parse_choice(" option 1 ", question) == 0
    assert parse_choice("#3.", question) == 2
    assert parse_choice(question.options[-1].upper() + "!", question) == len(question.options) - 1
    for bad in ("0", "9", "maybe", ""):
        with pytest.raises(LearningError, match="a number from 1 to"):
            parse_choice(bad, question)
    with pytest.raises(LearningError, match="no option 9"):
        question.is_correct(8)
