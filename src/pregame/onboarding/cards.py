"""Pure builders: lessons, check questions, role-play turns and progress as replies.

Each reply has plain text for any channel (the wording of :mod:`pregame.learning.render`), the
buttons as Rasa payloads and a typed payload from :mod:`pregame.learning_replies`, which Slack
and the terminal render by type. A reply without buttons never has a blank line in its text:
Rasa's REST channel would split it into several messages there.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from pregame.learning.checks import Question
from pregame.learning.lesson import Lesson
from pregame.learning.readiness import Activity, NextStep, PhaseState
from pregame.learning.render import render_answer, render_lesson, render_next, render_question
from pregame.learning.service import Answered
from pregame.learning_replies import (
    LessonObjection,
    LessonPayload,
    LessonPersona,
    LessonStep,
    Mode,
    PhaseStatus,
    PracticeExchange,
    PracticeStartedPayload,
    PracticeSummaryPayload,
    PracticeTurnPayload,
    ProgressPayload,
    QuizQuestionPayload,
    QuizResultPayload,
)
from pregame.playbook.schema import Playbook
from pregame.practice.scoring import Feedback
from pregame.practice.session import PracticeSession, Summary
from pregame.replies import Button, Reply

PROGRESS = Button("My progress", "/my_progress")
WHATS_NEXT = Button("What's next", "/learn")


def payload(intent: str, **entities: str) -> str:
    """A Rasa payload, ``/intent{"entity":"value"}``; entity values are JSON-escaped."""
    return f"/{intent}" + (json.dumps(entities, separators=(",", ":")) if entities else "")


def phase_ref(playbook_id: str, phase_id: str) -> str:
    """How a button names a phase of one playbook (two playbooks may share a phase id)."""
    return f"{playbook_id}/{phase_id}"


def check_button(playbook_id: str, phase_id: str, title: str = "Start the check") -> Button:
    return Button(title, payload("learn", activity="check", phase=phase_ref(playbook_id, phase_id)))


def lesson_button(playbook_id: str, phase_id: str, title: str = "Read the lesson") -> Button:
    ref = phase_ref(playbook_id, phase_id)
    return Button(title, payload("learn", activity="lesson", phase=ref))


def practice_button(playbook_id: str, phase_id: str, title: str = "Practice now") -> Button:
    return Button(title, payload("practice", phase=phase_ref(playbook_id, phase_id)))


# -- lessons and checks ----------------------------------------------------------------------


def lesson(lesson: Lesson, check_passed: bool) -> Reply:
    data = LessonPayload(
        playbook=lesson.playbook_id,
        playbook_title=lesson.playbook_title,
        phase=lesson.phase_id,
        phase_name=lesson.phase_name,
        number=lesson.number,
        of=lesson.of,
        buyer_goal=lesson.buyer_goal,
        buyer_experience=lesson.buyer_experience,
        seller_objective=lesson.seller_objective,
        steps=[
            LessonStep(
                number=s.number, title=s.title, do=s.do, tips=list(s.tips), content=list(s.content)
            )
            for s in lesson.steps
        ],
        personas=[
            LessonPersona(
                name=p.name, cares_about=list(p.cares_about), in_this_phase=list(p.in_this_phase)
            )
            for p in lesson.personas
        ],
        objections=[
            LessonObjection(title=o.title, buyer_says=o.buyer_says, response=o.response)
            for o in lesson.objections
        ],
        exit_criteria=list(lesson.exit_criteria),
    )
    buttons = [check_button(lesson.playbook_id, lesson.phase_id)]
    if check_passed:
        buttons = [practice_button(lesson.playbook_id, lesson.phase_id)]
    return Reply(render_lesson(lesson), tuple(buttons), data)


def check_started(phase_name: str, total: int, pass_mark: float, resumed_at: int | None) -> Reply:
    """A plain line before the first question (or the one a resumed check stopped at)."""
    mark = round(pass_mark * 100)
    if resumed_at:
        text = f"Carrying on with the knowledge check of {phase_name} at question {resumed_at + 1}."
    else:
        text = (
            f"Knowledge check of {phase_name}: {total} questions, {mark}% passes. "
            "Answer with the option's number; say stop to leave (you can carry on later)."
        )
    return Reply(text)


def question(question: Question, phase_name: str, index: int, total: int) -> Reply:
    data = QuizQuestionPayload(
        playbook=question.playbook_id,
        phase=question.phase_id,
        phase_name=phase_name,
        question=question.id,
        number=index + 1,
        total=total,
        prompt=question.prompt,
        options=list(question.options),
    )
    buttons = tuple(
        Button(str(n), payload("answer_quiz", choice=str(n), question=question.id))
        for n in range(1, len(question.options) + 1)
    )
    return Reply(render_question(question, index + 1, total), buttons, data)


def answered(result: Answered, pass_mark: float) -> Reply:
    """Right or wrong with the playbook's words; after the last question, the check's score."""
    q, status = result.question, result.status
    text = render_answer(q, result.choice)
    buttons: tuple[Button, ...] = ()
    if result.finished and status.score is not None:
        verdict = "Passed" if status.passed else "Not passed yet"
        text += (
            f"\n\n{verdict}: {status.correct} of {status.total} right, {status.score}% "
            f"(pass mark {round(pass_mark * 100)}%)."
        )
        if status.passed:
            text += " Next: practise the phase with a simulated buyer."
            buttons = (practice_button(q.playbook_id, q.phase_id), PROGRESS)
        else:
            buttons = (
                check_button(q.playbook_id, q.phase_id, "Retake the check"),
                lesson_button(q.playbook_id, q.phase_id, "Read the lesson again"),
            )
    data = QuizResultPayload(
        playbook=q.playbook_id,
        phase=q.phase_id,
        question=q.id,
        choice=result.choice + 1,
        correct=result.correct,
        answer=q.answer + 1,
        right_option=q.options[q.answer],
        explanation=q.explanation,
        answered=status.answered,
        total=status.total,
        score=status.score if result.finished else None,
        passed=status.passed if result.finished else None,
        pass_mark=round(pass_mark * 100),
    )
    return Reply(text, buttons, data)


# -- role-play -------------------------------------------------------------------------------


def _persona_name(playbook: Playbook, persona_id: str) -> str | None:
    if not persona_id:
        return None
    try:
        return playbook.persona(persona_id).name
    except KeyError:
        return persona_id


def practice_started(playbook: Playbook, session: PracticeSession, pass_mark: int) -> Reply:
    phase = playbook.phase(session.phase)
    who = _persona_name(playbook, session.persona)
    buyer = f"the {who}" if who else "the buyer"
    if session.mode == "rehearsal":
        intro = f"Rehearsal of your {phase.name} call: I'm {buyer}, with the likely objections."
    else:
        intro = f"Practice: {phase.name} ({playbook.title}). I'm {buyer}."
    line = session.buyer_line or ""
    text = (
        f"{intro} Answer me as you would on the call; each answer is scored against the "
        f"playbook (pass mark {pass_mark}). Say stop to end.\nBuyer: {line}"
    )
    data = PracticeStartedPayload(
        playbook=playbook.id,
        phase=phase.id,
        phase_name=phase.name,
        persona=session.persona or None,
        persona_name=who,
        mode=session.mode,
        buyer_line=line,
        exchanges=len(session.lines),
        pass_mark=pass_mark,
    )
    return Reply(text, (), data)


def practice_turn(
    session: PracticeSession, feedback: Feedback, buyer_line: str | None, turn: int
) -> Reply:
    text = feedback.text()
    if buyer_line:
        text += f"\nBuyer: {buyer_line}"
    data = PracticeTurnPayload(
        playbook=session.playbook,
        phase=session.phase,
        turn=turn,
        score=feedback.score,
        passed=feedback.passed,
        pass_mark=feedback.pass_mark,
        parroted=feedback.parroted,
        covered=[p.point for p in feedback.covered],
        missed=[p.point for p in feedback.missed],
        try_next=feedback.try_next,
        buyer_line=buyer_line,
    )
    return Reply(text, (), data)


def practice_summary(
    playbook: Playbook, session: PracticeSession, summary: Summary, recorded: bool
) -> Reply:
    phase = playbook.phase(session.phase)
    text = summary.text()
    again = practice_button(playbook.id, phase.id, "Practice again")
    if session.mode == "rehearsal":
        text += "\nA rehearsal is for you only: it is not counted on your learning path."
        buttons: tuple[Button, ...] = (Button("Rehearse again", "/rehearse"),)
    elif summary.passed:
        text += f"\n{phase.name}: practice passed."
        buttons = (WHATS_NEXT, PROGRESS)
    else:
        text += "\nRead the feedback above, then try again: a new buyer each time."
        buttons = (again, lesson_button(playbook.id, phase.id, "Read the lesson again"))
    mode: Mode = session.mode
    data = PracticeSummaryPayload(
        playbook=playbook.id,
        phase=phase.id,
        phase_name=phase.name,
        persona=session.persona or None,
        mode=mode,
        score=summary.score,
        passed=summary.passed,
        pass_mark=summary.pass_mark,
        exchanges=[PracticeExchange(line=e.line, score=e.score) for e in summary.exchanges],
        recorded=recorded,
    )
    return Reply(text, buttons, data)


# -- progress --------------------------------------------------------------------------------


def progress(states: Sequence[PhaseState], step: NextStep) -> Reply:
    """The rep's path, one line per phase, and what to do next."""
    lines: list[str] = []
    title = None
    for state in states:
        if state.phase.playbook_title != title:
            title = state.phase.playbook_title
            lines.append(title)
        lines.append(f"  {state.phase.number}. {state.phase.phase_name}: {state.label()}")
    ready = sum(s.ready for s in states)
    lines.append(f"{ready} of {len(states)} phases ready. {render_next(step)}")
    data = ProgressPayload(
        phases=[
            PhaseStatus(
                playbook=s.phase.playbook_id,
                playbook_title=s.phase.playbook_title,
                phase=s.phase.phase_id,
                phase_name=s.phase.phase_name,
                number=s.phase.number,
                of=s.phase.of,
                status=s.label(),
                ready=s.ready,
            )
            for s in states
        ],
        ready=ready,
        total=len(states),
        next_activity=step.activity.value,
        next_playbook=step.phase.playbook_id if step.phase else None,
        next_phase=step.phase.phase_id if step.phase else None,
    )
    buttons = (Button(_carry_on(step), "/learn"),) if step.phase else ()
    return Reply("\n".join(lines), buttons, data)


def _carry_on(step: NextStep) -> str:
    match step.activity:
        case Activity.LESSON:
            return "Read the next lesson"
        case Activity.CHECK:
            return "Take the check"
        case _:
            return "Practice now"
