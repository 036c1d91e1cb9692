"""A phase's knowledge check: N multiple-choice questions drafted from the playbook.

The same playbook version, phase and seed always give the same check (``random.Random`` seeded
with the playbook's content hash and the seed), and an edited playbook gives new questions. An
option is dropped when the embedding model finds it says the same as a right answer or as an
option already chosen, so a question never has two correct options; a question whose answer is
written in its own wording is never asked.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass

from pregame.learning.errors import LearningError
from pregame.learning.path import Frozen, find_phase, playbook_version
from pregame.learning.questions import Draft, QuestionKind, drafts
from pregame.learning.similarity import Similarity
from pregame.learning.text import appears_in, comparable
from pregame.playbook.schema import Playbook


class Question(Frozen):
    id: str
    """Changes whenever the wording, the options or the answer change."""
    kind: QuestionKind
    playbook_id: str
    phase_id: str
    prompt: str
    options: tuple[str, ...]
    answer: int
    """Index of the right option in :attr:`options` (0-based)."""
    explanation: str

    def is_correct(self, choice: int) -> bool:
        if not 0 <= choice < len(self.options):
            raise LearningError(f"there is no option {choice + 1}: choose 1 to {len(self.options)}")
        return choice == self.answer


class Check(Frozen):
    playbook_id: str
    phase_id: str
    version: str
    seed: int
    pass_mark: float
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class CheckRules:
    questions: int = 5
    """Questions per check (fewer when the phase gives fewer)."""
    options: int = 4
    """Options per question, the right one included."""
    min_options: int = 3
    """A question that cannot get this many distinct options is not asked."""
    pass_mark: float = 0.8
    """Share of right answers that passes."""

    def __post_init__(self) -> None:
        if self.questions < 1:
            raise ValueError(f"a check asks at least one question, not {self.questions}")
        if not 2 <= self.min_options <= self.options:
            raise ValueError(
                f"options per question: at least 2 and min_options ({self.min_options}) "
                f"<= options ({self.options})"
            )
        if not 0.0 < self.pass_mark <= 1.0:
            raise ValueError(f"the pass mark is a share in (0, 1], not {self.pass_mark}")


def score(correct: int, total: int) -> int:
    """Percent right, 0-100."""
    return round(100 * correct / total) if total else 0


def passes(correct: int, total: int, pass_mark: float) -> bool:
    return total > 0 and correct / total >= pass_mark - 1e-9


def _question_id(kind: QuestionKind, prompt: str, options: list[str], answer: int) -> str:
    data = json.dumps([kind.value, prompt, options, answer], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:12]


def _build(
    playbook: Playbook,
    phase_id: str,
    draft: Draft,
    similarity: Similarity,
    rules: CheckRules,
    rng: random.Random,
) -> Question | None:
    answers = [a for a in draft.answers if not appears_in(a, draft.prompt)]
    if not answers:
        return None
    answer = rng.choice(answers)
    right = {comparable(c) for c in draft.correct}
    pool = [
        d
        for d in dict.fromkeys(draft.distractors)
        if comparable(d) not in right and not appears_in(d, draft.prompt)
    ]
    rng.shuffle(pool)
    similarity.prepare([*draft.correct, *pool])
    chosen: list[str] = []
    for candidate in pool:
        if similarity.near_duplicate(candidate, [*draft.correct, *chosen]):
            continue
        chosen.append(candidate)
        if len(chosen) == rules.options - 1:
            break
    if len(chosen) + 1 < rules.min_options:
        return None
    position = rng.randrange(len(chosen) + 1)
    options = [*chosen[:position], answer, *chosen[position:]]
    return Question(
        id=_question_id(draft.kind, draft.prompt, options, position),
        kind=draft.kind,
        playbook_id=playbook.id,
        phase_id=phase_id,
        prompt=draft.prompt,
        options=tuple(options),
        answer=position,
        explanation=draft.explanation,
    )


def generate_check(
    playbook: Playbook,
    phase_id: str,
    seed: int,
    similarity: Similarity,
    rules: CheckRules | None = None,
) -> Check:
    """The check for one phase: kinds taken in turn (in a shuffled order) so a check mixes
    them, a random draft of each kind, until ``rules.questions`` are built."""
    rules = rules or CheckRules()
    phase = find_phase(playbook, phase_id)
    version = playbook_version(playbook)
    rng = random.Random(f"{version}:{phase.id}:{seed}")
    by_kind = drafts(playbook, phase, similarity, rng)
    kinds = sorted(by_kind)
    rng.shuffle(kinds)
    for kind in kinds:
        rng.shuffle(by_kind[kind])
    questions: list[Question] = []
    while len(questions) < rules.questions and any(by_kind.values()):
        for kind in kinds:
            if len(questions) == rules.questions:
                break
            if by_kind[kind]:
                built = _build(playbook, phase.id, by_kind[kind].pop(), similarity, rules, rng)
                if built is not None:
                    questions.append(built)
    if not questions:
        raise LearningError(
            f"phase '{phase.id}' of playbook '{playbook.id}' gives no question with "
            f"{rules.min_options} distinct options; add phases, personas or objections"
        )
    return Check(
        playbook_id=playbook.id,
        phase_id=phase.id,
        version=version,
        seed=seed,
        pass_mark=rules.pass_mark,
        questions=tuple(questions),
    )


_NUMBER = re.compile(r"^\s*(?:option\s*|#)?(\d+)[.)]?\s*$", re.IGNORECASE)


def parse_choice(text: str, question: Question) -> int:
    """A rep's answer as an option index (0-based): "2", "option 2", "#2" or the option's
    own words; anything else is a :class:`LearningError` that says what to type."""
    match = _NUMBER.match(text)
    if match:
        number = int(match.group(1))
        if 1 <= number <= len(question.options):
            return number - 1
    else:
        wanted = comparable(text)
        for index, option in enumerate(question.options):
            if wanted and wanted == comparable(option):
                return index
    raise LearningError(f"answer with a number from 1 to {len(question.options)}")
