"""Slack cards for the learning path's replies: lessons, check questions (options as buttons),
results, role-play turns and summaries, and a rep's progress.

Each card takes the reply's text, its typed payload and its buttons (already Block Kit
buttons whose value is the Rasa payload), as every card in :mod:`pregame.slack.blocks.cards`.
"""

from __future__ import annotations

from collections.abc import Sequence

from pregame.learning_replies import (
    LessonPayload,
    PracticeStartedPayload,
    PracticeSummaryPayload,
    PracticeTurnPayload,
    ProgressPayload,
    QuizQuestionPayload,
    QuizResultPayload,
)
from pregame.slack.blocks.primitives import (
    Block,
    actions,
    bullets,
    context,
    header,
    labelled,
    section,
)
from pregame.slack.text import escape

READY_MARK = {True: ":white_check_mark:", False: ":white_circle:"}


def _quoted(text: str) -> str:
    return f"“{text}”"


def lesson_card(text: str, data: LessonPayload, buttons: Sequence[Block]) -> list[Block]:
    blocks: list[Block] = [
        header(f"Lesson · {data.phase_name}"),
        context(escape(f"{data.playbook_title}, phase {data.number} of {data.of}")),
    ]
    blocks += labelled("The buyer's goal", data.buyer_goal)
    blocks += labelled("What the buyer should experience", data.buyer_experience)
    blocks += labelled("Your objective", data.seller_objective)
    for step in data.steps:
        body = step.do
        if step.tips:
            body += "\n" + bullets(step.tips)
        blocks += labelled(f"Step {step.number}. {step.title}", body)
    if data.personas:
        lines = []
        for persona in data.personas:
            line = f"*{persona.name}* cares about: " + "; ".join(persona.cares_about)
            lines.append(line + "".join(f"\n  _{t}_" for t in persona.in_this_phase))
        blocks += section("*Who you meet*\n" + "\n".join(lines))
    if data.objections:
        lines = [f"*{o.title}*: {_quoted(o.buyer_says)}\n{o.response}" for o in data.objections]
        blocks += section("*Objections you will hear*\n" + "\n".join(lines))
    blocks += labelled("The phase is done when", bullets(data.exit_criteria))
    return blocks + actions(buttons)


def quiz_question_card(
    text: str, data: QuizQuestionPayload, buttons: Sequence[Block]
) -> list[Block]:
    options = "\n".join(f"*{n}.* {option}" for n, option in enumerate(data.options, 1))
    return [
        header(f"Knowledge check · {data.phase_name}"),
        *section(f"*Question {data.number} of {data.total}*\n{data.prompt}"),
        *section(options),
        *actions(buttons),
    ]


def quiz_result_card(text: str, data: QuizResultPayload, buttons: Sequence[Block]) -> list[Block]:
    if data.correct:
        head = ":white_check_mark: Right."
    else:
        head = f":x: Not quite: the answer is {data.answer}. {data.right_option}"
    blocks = section(head)
    blocks.append(context(escape(data.explanation)))
    if data.score is not None:
        verdict = "Passed" if data.passed else "Not passed yet"
        right = round(data.score * data.total / 100)
        blocks += section(
            f"*{verdict}*: {right} of {data.total} right, {data.score}% "
            f"(pass mark {data.pass_mark}%)."
        )
    return blocks + actions(buttons)


def practice_started_card(
    text: str, data: PracticeStartedPayload, buttons: Sequence[Block]
) -> list[Block]:
    kind = "Rehearsal" if data.mode == "rehearsal" else "Practice"
    who = f"the {data.persona_name}" if data.persona_name else "the buyer"
    how = (
        f"I'm {who}. Answer in this thread as you would on the call: each answer is scored "
        f"against the playbook (pass mark {data.pass_mark}). Say _stop_ to end."
    )
    return [
        header(f"{kind} · {data.phase_name}"),
        context(escape(how)),
        *section(f"*Buyer:* {_quoted(data.buyer_line)}"),
        *actions(buttons),
    ]


def practice_turn_card(
    text: str, data: PracticeTurnPayload, buttons: Sequence[Block]
) -> list[Block]:
    verdict = "pass" if data.passed else "not yet"
    lines = [f"*Score {data.score}/100* ({verdict}; pass mark {data.pass_mark})"]
    if data.parroted:
        lines.append("You mostly repeated the buyer's words back rather than answering.")
    lines += [f":white_check_mark: {point}" for point in data.covered]
    lines += [f":x: the playbook says {_quoted(point)}" for point in data.missed]
    blocks = section("\n".join(lines))
    blocks += labelled("Try next time", data.try_next)
    if data.buyer_line:
        blocks += section(f"*Buyer:* {_quoted(data.buyer_line)}")
    return blocks + actions(buttons)


def practice_summary_card(
    text: str, data: PracticeSummaryPayload, buttons: Sequence[Block]
) -> list[Block]:
    verdict = "passed" if data.passed else "not passed yet"
    kind = "Rehearsal" if data.mode == "rehearsal" else "Practice"
    lines = [f"`{e.score:>3}`  {e.line}" for e in data.exchanges]
    blocks: list[Block] = [header(f"{kind} over: {data.score}/100, {verdict}")]
    blocks += section("\n".join(lines))
    note = (
        f"Counted on your learning path for {data.phase_name} (pass mark {data.pass_mark})."
        if data.recorded
        else "A rehearsal is for you only: it is not counted on your learning path."
    )
    blocks.append(context(escape(note)))
    return blocks + actions(buttons)


def progress_lines(data: ProgressPayload) -> list[str]:
    """One line per phase under its playbook's title (mrkdwn, not escaped)."""
    lines: list[str] = []
    title = None
    for phase in data.phases:
        if phase.playbook_title != title:
            title = phase.playbook_title
            lines.append(f"*{title}*")
        lines.append(
            f"{READY_MARK[phase.ready]} {phase.number}. {phase.phase_name}: {phase.status}"
        )
    return lines


def progress_card(text: str, data: ProgressPayload, buttons: Sequence[Block]) -> list[Block]:
    blocks: list[Block] = [header("Your learning path")]
    if not data.phases:
        return blocks + section(text) + actions(buttons)
    blocks += section("\n".join(progress_lines(data)))
    blocks.append(context(escape(text.splitlines()[-1])))
    return blocks + actions(buttons)
