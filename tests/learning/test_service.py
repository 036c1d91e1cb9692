"""The learning service end to end: real playbooks (a copy), a real SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest

from pregame.learning.errors import CheckChanged, LearningError
from pregame.learning.readiness import Activity
from pregame.learning.render import (
    render_answer,
    render_next,
    render_progress,
    render_question,
    render_result,
)
from pregame.learning.service import Learning, check_seed
from pregame.playbook.library import PlaybookLibrary
from pregame.store.database import Database
from pregame.store.progress import Progress
from tests.support.fakes import HashingEmbedder

B2B = "b2b-buyer-experience"


@pytest.fixture
def library(project: Path) -> PlaybookLibrary:
    library = PlaybookLibrary(project / "playbooks")
    library.refresh()
    return library


@pytest.fixture
def learning(library: PlaybookLibrary, sqlite_db: Database) -> Learning:
    return Learning(library, Progress(sqlite_db), HashingEmbedder())


def take_check(learning: Learning, user: str, phase: str, right: bool) -> None:
    status = learning.start_check(user, B2B, phase)
    while status.next_question is not None:
        question = learning.question(user, B2B, phase, status.next_question)
        choice = question.answer if right else (question.answer + 1) % len(question.options)
        status = learning.answer(user, B2B, phase, status.next_question, choice).status


def test_a_rep_goes_from_lesson_to_check_to_practice(learning: Learning) -> None:
    first = learning.next_step("U1")
    assert (first.activity, first.phase and first.phase.phase_id) == (Activity.LESSON, "research")
    assert render_next(first).startswith('Next: read the lesson of "Research and first touch"')
    lesson = learning.lesson("U1", B2B, "research")
    assert lesson.phase_id == "research"
    assert learning.next_step("U1").activity is Activity.CHECK

    status = learning.start_check("U1", B2B, "research")
    assert (status.attempt, status.total, status.next_question) == (1, 5, 0)
    for index in range(status.total):
        question = learning.question("U1", B2B, "research", index)
        assert f"Question {index + 1} of 5" in render_question(question, index + 1, 5)
        done = learning.answer("U1", B2B, "research", index, question.answer, question.id)
        assert done.correct and render_answer(question, question.answer).startswith("Right.")
    assert done.finished and (done.status.score, done.status.passed) == (100, True)
    assert render_result(5, 5, 100, True, 0.8) == "Passed: 5 of 5 right, 100%."

    after = learning.next_step("U1")
    assert (after.activity, after.phase and after.phase.phase_id) == (Activity.PRACTICE, "research")
    learning.progress.record_practice("U1", B2B, "research", 84, True, {"covered": 4})
    following = learning.next_step("U1")
    assert (following.activity, following.phase and following.phase.phase_id) == (
        Activity.LESSON,
        "discovery",
    )
    text = render_progress(learning.phases("U1"))
    assert "1. Research and first touch: ready" in text and "2. Discovery: -" in text


def test_a_failed_check_is_taken_again_with_new_questions(learning: Learning) -> None:
    take_check(learning, "U1", "research", right=False)
    (attempt,) = learning.progress.check_attempts("U1", B2B, "research")
    assert (attempt.score, attempt.passed, attempt.attempt) == (0, False, 1)
    assert learning.next_step("U1").activity is Activity.LESSON  # not read, not passed
    retake = learning.start_check("U1", B2B, "research")
    assert retake.attempt == 2
    first = learning.check(B2B, "research", check_seed("U1", 1))
    second = learning.check(B2B, "research", check_seed("U1", 2))
    assert [q.id for q in first.questions] != [q.id for q in second.questions]
    question = learning.question("U1", B2B, "research", 0)
    wrong = (question.answer + 1) % len(question.options)
    answered = learning.answer("U1", B2B, "research", 0, wrong)
    assert not answered.correct and "Not quite: the answer is" in render_answer(question, wrong)


def test_a_check_resumes_where_the_rep_stopped_from_any_channel(
    learning: Learning, library: PlaybookLibrary, sqlite_db: Database
) -> None:
    learning.start_check("U1", B2B, "research")
    for index in range(2):
        question = learning.question("U1", B2B, "research", index)
        learning.answer("U1", B2B, "research", index, question.answer)
    elsewhere = Learning(library, Progress(sqlite_db), HashingEmbedder())
    resume = elsewhere.next_step("U1")
    assert (resume.activity, resume.question) == (Activity.CHECK, 2)
    assert "at question 3" in render_next(resume)
    status = elsewhere.start_check("U1", B2B, "research")
    assert (status.attempt, status.answered, status.correct, status.next_question) == (1, 2, 2, 2)


def test_answers_out_of_turn_or_for_old_questions_are_refused(learning: Learning) -> None:
    with pytest.raises(LearningError, match="no knowledge check of 'research'"):
        learning.question("U1", B2B, "research", 0)
    learning.start_check("U1", B2B, "research")
    question = learning.question("U1", B2B, "research", 0)
    with pytest.raises(CheckChanged, match="no longer asks"):
        learning.answer("U1", B2B, "research", 0, 0, question_id=question.id[::-1])
    with pytest.raises(LearningError, match="no option 7"):
        learning.answer("U1", B2B, "research", 0, 6)
    with pytest.raises(LearningError, match="question 1 of 5 is the one to answer"):
        learning.answer("U1", B2B, "research", 1, 0)
    with pytest.raises(LearningError, match="questions 1 to 5, not 6"):
        learning.question("U1", B2B, "research", 5)
    with pytest.raises(LearningError, match="no playbook 'nope'; known: b2b-buyer-experience"):
        learning.start_check("U1", "nope", "research")


def test_an_edited_playbook_restarts_a_check_under_way(
    learning: Learning, library: PlaybookLibrary, project: Path
) -> None:
    learning.start_check("U1", B2B, "research")
    before = learning.question("U1", B2B, "research", 0)
    path = project / "playbooks" / f"{B2B}.yml"
    text = path.read_text()
    criterion = library.get(B2B).phase("research").exit_criteria[0]
    path.write_text(text.replace(criterion, criterion + " in writing", 1))
    library.refresh()
    assert not library.errors
    with pytest.raises(CheckChanged, match="changed during the check"):
        learning.answer("U1", B2B, "research", 0, before.answer, before.id)
    restarted = learning.start_check("U1", B2B, "research")
    assert restarted.attempt == 2
    statuses = [a.status for a in learning.progress.check_attempts("U1", B2B, "research")]
    assert statuses == ["abandoned", "open"]


def test_all_phases_ready_is_an_answer_too(learning: Learning) -> None:
    phases = [p.phase_id for p in learning.path("U1").playbooks[0].phases]
    for phase in phases:
        learning.lesson("U1", B2B, phase)
        take_check(learning, "U1", phase, right=True)
        learning.progress.record_practice("U1", B2B, phase, 90, True)
    done = learning.next_step("U1", B2B)
    assert (done.activity, done.phase) == (Activity.READY, None)
    assert render_next(done) == f"All {len(phases)} phases on your path are ready."
    assert learning.next_step("U1").phase is not None  # other playbooks are still to do


def test_readiness_lists_a_teams_reps_and_playbooks(learning: Learning) -> None:
    learning.set_team("U1", "enterprise-sales", "Ana")
    learning.set_team("M1", "enterprise-sales", "Mo", is_manager=True)
    learning.set_team("U3", "smb", "Cy")
    learning.lesson("U2", B2B, "research")  # a rep without a team who started anyway
    learning.progress.record_practice("U1", B2B, "research", 90, True)
    assert "complex-deals" in [p.playbook_id for p in learning.path("U1").playbooks]

    team = learning.readiness("enterprise-sales")
    assert "complex-deals" in [p.path.playbook_id for p in team.playbooks]
    assert {line.rep.user_id for p in team.playbooks for line in p.reps} == {"U1"}
    everyone = learning.readiness()
    b2b = next(p for p in everyone.playbooks if p.path.playbook_id == B2B)
    assert [line.rep.user_id for line in b2b.reps] == ["U1", "U3", "U2"]
    assert [s.label() for s in b2b.reps[2].states][:2] == ["check", "-"]
    complex_deals = next(p for p in everyone.playbooks if p.path.playbook_id == "complex-deals")
    assert [line.rep.user_id for line in complex_deals.reps] == ["U1"]
    assert everyone.reps == 3
