"""Onboarding new reps: a learning path, lessons and knowledge checks built from the playbooks.

Nothing here is written by hand or by a language model: a phase's lesson is its playbook fields,
its knowledge check is drafted from them (:mod:`~pregame.learning.questions`), so a manager's
edit updates the training. Progress lives in the SQL store (:mod:`pregame.store.progress`);
:class:`~pregame.learning.service.Learning` is the one object the entry points call.
"""

from pregame.learning.checks import Check, CheckRules, Question, generate_check, parse_choice
from pregame.learning.errors import CheckChanged, LearningError
from pregame.learning.lesson import Lesson, build_lesson
from pregame.learning.path import LearningPath, PathPhase, learning_path, playbook_version
from pregame.learning.questions import QuestionKind
from pregame.learning.readiness import Activity, NextStep, PhaseState, Readiness, team_readiness
from pregame.learning.service import Answered, CheckStatus, Learning

__all__ = [
    "Activity",
    "Answered",
    "Check",
    "CheckChanged",
    "CheckRules",
    "CheckStatus",
    "Learning",
    "LearningError",
    "LearningPath",
    "Lesson",
    "NextStep",
    "PathPhase",
    "PhaseState",
    "Question",
    "QuestionKind",
    "Readiness",
    "build_lesson",
    "generate_check",
    "learning_path",
    "parse_choice",
    "playbook_version",
    "team_readiness",
]
