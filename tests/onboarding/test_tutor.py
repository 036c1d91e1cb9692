"""pregame/onboarding/tutor.py: the learning path as turns, over a real SQLite store."""

from __future__ import annotations

from pregame.learning_replies import (
    LessonPayload,
    PracticeStartedPayload,
    PracticeSummaryPayload,
    PracticeTurnPayload,
    ProgressPayload,
    QuizQuestionPayload,
    QuizResultPayload,
)
from pregame.onboarding import Outcome, Tutor, Where
from pregame.onboarding.tutor import NO_PREP
from pregame.practice.session import PracticeSession
from pregame.replies import ReplyType
from tests.support.learning_answers import OFF_TOPIC, designed_answer, right_choice

REP = "U0NEWREP"
B2B = "b2b-buyer-experience"


def one_message_each(outcome: Outcome) -> Outcome:
    """Rasa's REST channel splits a reply without buttons at blank lines: none may have one."""
    for reply in outcome.replies:
        assert reply.buttons or "\n\n" not in reply.text, reply.text
    return outcome


def take_check(tutor: Tutor, where: Where, right: bool = True) -> list[Outcome]:
    """Answer every question of the open check with buttons (right, or all wrong)."""
    outcomes = []
    done = False
    while not done:
        asked = tutor.question(REP, where)
        question = asked.replies[0].payload
        assert isinstance(question, QuizQuestionPayload)
        choice = right_choice(tutor.learning, REP, where)
        if not right:
            choice = (choice + 1) % len(question.options)
        outcome = one_message_each(tutor.answer(REP, where, "", choice, question.question))
        outcomes.append(outcome)
        done = outcome.done
    return outcomes


def play(tutor: Tutor, started: Outcome, good: bool) -> list[Outcome]:
    """Answer the buyer until the practice is over: the designed responses, or off-topic."""
    state = started.practice
    playbook = tutor.library.get(started.where.playbook) if started.where else None
    assert state is not None and playbook is not None
    one_message_each(started)
    outcomes = []
    while True:
        said = designed_answer(playbook, state) if good else OFF_TOPIC
        outcome = one_message_each(tutor.reply(REP, state, said))
        outcomes.append(outcome)
        if outcome.done:
            return outcomes
        state = outcome.practice
        assert state is not None


def test_a_new_rep_gets_the_first_lesson_then_the_check(tutor: Tutor) -> None:
    lesson = tutor.learn(REP, ["start my learning path"])
    assert (lesson.step, lesson.where) == ("lesson", Where(B2B, "research"))
    (reply,) = lesson.replies
    assert isinstance(reply.payload, LessonPayload)
    assert reply.payload.number == 1 and reply.payload.steps and reply.payload.exit_criteria
    assert [(b.title, b.payload) for b in reply.buttons] == [
        ("Start the check", '/learn{"activity":"check","phase":"b2b-buyer-experience/research"}')
    ]

    check = tutor.learn(REP, ["learn"])
    assert (check.step, check.where) == ("check", Where(B2B, "research"))
    assert "5 questions, 80% passes" in check.replies[0].text

    asked = tutor.question(REP, check.where)
    question = asked.replies[0].payload
    assert isinstance(question, QuizQuestionPayload)
    assert (question.number, question.total) == (1, 5)
    assert [b.title for b in asked.replies[0].buttons] == [
        str(n) for n in range(1, len(question.options) + 1)
    ]
    assert asked.replies[0].buttons[1].payload == (
        '/answer_quiz{"choice":"2","question":"' + question.question + '"}'
    )


def test_a_passed_check_shows_the_score_and_offers_practice(tutor: Tutor) -> None:
    where = tutor.learn(REP, ["quiz me"]).where
    assert where == Where(B2B, "research")
    outcomes = take_check(tutor, where)
    assert [o.done for o in outcomes] == [False] * 4 + [True]
    first = outcomes[0].replies[0]
    assert isinstance(first.payload, QuizResultPayload) and first.payload.correct
    assert first.payload.score is None and first.text.startswith("Right.")
    last = outcomes[-1].replies[0]
    assert isinstance(last.payload, QuizResultPayload)
    assert (last.payload.score, last.payload.passed, last.payload.answered) == (100, True, 5)
    assert last.buttons[0].payload == '/practice{"phase":"b2b-buyer-experience/research"}'
    assert tutor.learning.next_step(REP).activity == "practice"


def test_a_failed_check_offers_a_retake_and_the_lesson(tutor: Tutor) -> None:
    where = tutor.learn(REP, ["quiz me"]).where
    assert where is not None
    last = take_check(tutor, where, right=False)[-1].replies[0]
    assert isinstance(last.payload, QuizResultPayload)
    assert (last.payload.score, last.payload.passed) == (0, False)
    assert not last.payload.correct and "Not quite: the answer is" in last.text
    assert [b.title for b in last.buttons] == ["Retake the check", "Read the lesson again"]


def test_typed_answers_a_bad_answer_and_a_stale_button(tutor: Tutor) -> None:
    where = tutor.learn(REP, ["quiz me"]).where
    assert where is not None
    right = right_choice(tutor.learning, REP, where)
    typed = tutor.answer(REP, where, f"option {right + 1}")
    assert not typed.done and isinstance(typed.replies[0].payload, QuizResultPayload)
    assert typed.replies[0].payload.correct

    bad = tutor.answer(REP, where, "no idea, pass")
    assert not bad.done and bad.step == "check"
    assert bad.replies[0].text == "Answer with a number from 1 to 4 (or say stop)."

    stale = tutor.answer(REP, where, "", 0, "not-this-question")
    assert not stale.done
    assert "no longer asks; here is question 2 again" in stale.replies[0].text
    asked = tutor.question(REP, where).replies[0].payload
    assert isinstance(asked, QuizQuestionPayload) and asked.number == 2


def test_a_named_phase_gets_its_lesson_or_check(tutor: Tutor) -> None:
    lesson = tutor.learn(REP, ["teach me the negotiation phase"])
    assert (lesson.step, lesson.where) == ("lesson", Where(B2B, "negotiation"))
    check = tutor.learn(REP, ["knowledge check on the pov pls"])
    assert (check.step, check.where) == ("check", Where("complex-deals", "proof-pilot"))
    # "training" abbreviates a phase alias ("partner training") but names no phase
    assert tutor.learn(REP, ["continue my training"]).where == Where(B2B, "research")


def test_a_button_naming_an_unknown_phase_says_which_exist(tutor: Tutor) -> None:
    outcome = tutor.learn(REP, [], "lesson", f"{B2B}/nope")
    assert outcome.step == "idle" and outcome.where is None
    assert outcome.replies[0].text.startswith(
        "Playbook 'b2b-buyer-experience' has no phase 'nope'; its phases: research, discovery"
    )


def test_a_good_practice_passes_and_is_recorded(tutor: Tutor) -> None:
    started = tutor.practise(REP, ["practice negotiation with a CFO"])
    assert (started.step, started.where) == ("practice", Where(B2B, "negotiation"))
    opening = started.replies[0].payload
    assert isinstance(opening, PracticeStartedPayload)
    assert (opening.persona, opening.mode) == ("cfo", "practice")
    assert opening.buyer_line in started.replies[0].text

    outcomes = play(tutor, started, good=True)
    assert 3 <= len(outcomes) <= 5
    turns = [o.replies[0].payload for o in outcomes]
    assert all(isinstance(t, PracticeTurnPayload) for t in turns)
    assert all(isinstance(t, PracticeTurnPayload) and t.buyer_line for t in turns[:-1])
    summary = outcomes[-1].replies[-1].payload
    assert isinstance(summary, PracticeSummaryPayload)
    assert summary.passed and summary.recorded and summary.score >= 80
    (attempt,) = tutor.learning.progress.practice_attempts(REP, B2B, "negotiation")
    assert attempt.passed and attempt.score == summary.score
    assert attempt.details["exchanges"] == [e.model_dump() for e in summary.exchanges]


def test_an_off_topic_practice_fails_and_offers_another_go(tutor: Tutor) -> None:
    started = tutor.practise(REP, [], f"{B2B}/discovery")
    outcomes = play(tutor, started, good=False)
    turn = outcomes[0].replies[0].payload
    assert isinstance(turn, PracticeTurnPayload) and not turn.passed and turn.missed
    summary = outcomes[-1].replies[-1]
    assert isinstance(summary.payload, PracticeSummaryPayload)
    assert not summary.payload.passed and summary.payload.score < 40
    assert [b.title for b in summary.buttons] == ["Practice again", "Read the lesson again"]
    (attempt,) = tutor.learning.progress.practice_attempts(REP, B2B, "discovery")
    assert not attempt.passed
    again = tutor.practise(REP, [], f"{B2B}/discovery")
    assert again.practice != started.practice, "a new buyer (seed) for each attempt"


def test_learn_goes_lesson_check_practice_then_the_next_phase(tutor: Tutor) -> None:
    assert tutor.learn(REP, ["learn"]).step == "lesson"
    where = tutor.learn(REP, ["learn"]).where
    assert where is not None
    take_check(tutor, where)
    practice = tutor.learn(REP, ["learn"])
    assert (practice.step, practice.where) == ("practice", Where(B2B, "research"))
    play(tutor, practice, good=True)
    assert tutor.learn(REP, ["learn"]).where == Where(B2B, "discovery")


def test_rehearsal_plays_the_briefs_objections_and_is_not_recorded(tutor: Tutor) -> None:
    nothing = tutor.rehearse(REP, None, None, None)
    assert nothing.step == "idle" and nothing.replies[0].text == NO_PREP
    started = tutor.rehearse(REP, B2B, "evaluation", "cfo", ["too-expensive"])
    assert started.step == "practice" and started.practice is not None
    session = PracticeSession.from_dict(started.practice)
    assert session.mode == "rehearsal" and session.lines[0].target == "too-expensive"
    assert "Rehearsal of your Evaluation call: I'm the CFO" in started.replies[0].text
    summary = play(tutor, started, good=True)[-1].replies[-1].payload
    assert isinstance(summary, PracticeSummaryPayload)
    assert summary.mode == "rehearsal" and not summary.recorded
    assert tutor.learning.progress.practice_attempts(REP) == []


def test_progress_lists_the_path_and_whats_next(tutor: Tutor) -> None:
    tutor.learn(REP, ["learn"])
    (reply,) = tutor.progress(REP).replies
    data = reply.payload
    assert isinstance(data, ProgressPayload)
    assert data.total == len(data.phases) == 11  # the two playbooks for everyone
    assert data.phases[0].status == "check" and data.ready == 0
    assert (data.next_activity, data.next_phase) == ("check", "research")
    assert reply.text.splitlines()[0] == "B2B buyer experience playbook"
    assert [b.title for b in reply.buttons] == ["Take the check"]


def test_stopping_keeps_the_check_and_drops_the_practice(tutor: Tutor) -> None:
    where = tutor.learn(REP, ["quiz me"]).where
    tutor.answer(REP, where, "", right_choice(tutor.learning, REP, where) if where else 0)
    paused = tutor.stop(REP, where, "check")
    assert paused.replies[0].text.startswith("Check paused at question 2 of 5.")
    resumed = tutor.learn(REP, ["learn"])
    assert resumed.step == "check" and "at question 2" in resumed.replies[0].text
    stopped = tutor.stop(REP, Where(B2B, "discovery"), "practice")
    assert stopped.replies[0].text == "Practice stopped; it was not scored."
    assert stopped.replies[0].buttons[0].title == "Practice again"


def test_a_broken_practice_state_says_so(tutor: Tutor) -> None:
    outcome = tutor.reply(REP, {"v": 99}, "hello")
    assert outcome.done and "can't go on" in outcome.replies[0].text
    started = tutor.practise(REP, [], f"{B2B}/discovery")
    empty = tutor.reply(REP, started.practice, "   ")
    assert not empty.done and empty.practice == started.practice
    assert empty.replies[0].type is ReplyType.TEXT
