"""Role-play practice: a simulated buyer from the playbook, and a scorer for the rep's answers.

Built from the playbooks alone (no language model): the buyer speaks the playbook's objection
phrasings, steps' `buyer_says` and personas' concerns; each answer is scored against the designed
response's key points with the embedding model.
"""

from pregame.practice.keypoints import KeyPoint, Terms, key_points
from pregame.practice.scenario import BuyerLine
from pregame.practice.scoring import (
    AnswerScorer,
    Calibration,
    Feedback,
    PointResult,
    TextEmbedder,
)
from pregame.practice.session import (
    Exchange,
    Practice,
    PracticeSession,
    Summary,
    Turn,
    rehearsal,
    start,
)
from pregame.practice.targets import PracticeError, Target, find_target

__all__ = [
    "AnswerScorer",
    "BuyerLine",
    "Calibration",
    "Exchange",
    "Feedback",
    "KeyPoint",
    "PointResult",
    "Practice",
    "PracticeError",
    "PracticeSession",
    "Summary",
    "Target",
    "Terms",
    "TextEmbedder",
    "Turn",
    "find_target",
    "key_points",
    "rehearsal",
    "start",
]
