"""One sample payload per learning-path reply type, for the renderers' tests."""

from __future__ import annotations

from pregame.learning_replies import (
    LessonObjection,
    LessonPayload,
    LessonPersona,
    LessonStep,
    PhaseStatus,
    PracticeExchange,
    PracticeStartedPayload,
    PracticeSummaryPayload,
    PracticeTurnPayload,
    ProgressPayload,
    QuizQuestionPayload,
    QuizResultPayload,
)
from pregame.replies import Payload, ReplyType

LESSON = LessonPayload(
    playbook="pb",
    playbook_title="B2B buyer experience",
    phase="discovery",
    phase_name="Discovery",
    number=2,
    of=5,
    buyer_goal="Be understood.",
    buyer_experience="They feel heard.",
    seller_objective="Qualify the opportunity.",
    steps=[LessonStep(number=1, title="Open", do="Agree the agenda.", tips=["Keep it short."])],
    personas=[LessonPersona(name="CFO", cares_about=["Predictable cost"], in_this_phase=[])],
    objections=[
        LessonObjection(title="Too expensive", buyer_says="It costs too much", response="Ask why.")
    ],
    exit_criteria=["A next meeting is booked"],
)
QUESTION = QuizQuestionPayload(
    playbook="pb",
    phase="discovery",
    phase_name="Discovery",
    question="0a1b2c3d4e5f",
    number=2,
    total=5,
    prompt="Which step comes after <Open>?",
    options=["Current state", "Send the proposal", "Run the demo"],
)
RESULT = QuizResultPayload(
    playbook="pb",
    phase="discovery",
    question="0a1b2c3d4e5f",
    choice=2,
    correct=False,
    answer=1,
    right_option="Current state",
    explanation='The playbook: "Current state" follows "Open".',
    answered=5,
    total=5,
    score=80,
    passed=True,
    pass_mark=80,
)
STARTED = PracticeStartedPayload(
    playbook="pb",
    phase="discovery",
    phase_name="Discovery",
    persona="cfo",
    persona_name="CFO / finance leader",
    mode="practice",
    buyer_line="Why should we change anything?",
    exchanges=4,
    pass_mark=80,
)
TURN = PracticeTurnPayload(
    playbook="pb",
    phase="discovery",
    turn=1,
    score=53,
    passed=False,
    pass_mark=80,
    parroted=False,
    covered=["Ask what their security review requires."],
    missed=["Offer the SOC 2 report under NDA."],
    try_next="Offer the SOC 2 report under NDA.",
    buyer_line="And what about cost?",
)
SUMMARY = PracticeSummaryPayload(
    playbook="pb",
    phase="discovery",
    phase_name="Discovery",
    persona="cfo",
    mode="practice",
    score=72,
    passed=False,
    pass_mark=80,
    exchanges=[PracticeExchange(line="Why change?", score=72)],
    recorded=True,
)
PROGRESS = ProgressPayload(
    phases=[
        PhaseStatus(
            playbook="pb",
            playbook_title="B2B buyer experience",
            phase="discovery",
            phase_name="Discovery",
            number=2,
            of=5,
            status="practice 65",
            ready=False,
        )
    ],
    ready=0,
    total=1,
    next_activity="practice",
    next_playbook="pb",
    next_phase="discovery",
)

LEARNING_SAMPLES: dict[ReplyType, Payload] = {
    ReplyType.LESSON: LESSON,
    ReplyType.QUIZ_QUESTION: QUESTION,
    ReplyType.QUIZ_RESULT: RESULT,
    ReplyType.PRACTICE_STARTED: STARTED,
    ReplyType.PRACTICE_TURN: TURN,
    ReplyType.PRACTICE_SUMMARY: SUMMARY,
    ReplyType.PROGRESS: PROGRESS,
}
