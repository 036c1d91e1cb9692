"""New reps' learning path as a conversation: lessons, knowledge checks, role-play practice,
pre-call rehearsal and progress, turned into replies for every channel.

:class:`~pregame.onboarding.tutor.Tutor` is what the Rasa actions call; it combines
:mod:`pregame.learning` (path, lessons, checks, progress) and :mod:`pregame.practice`
(the simulated buyer and the scorer). :mod:`~pregame.onboarding.cards` builds the replies.
"""

from pregame.onboarding.tutor import Outcome, Step, Tutor, Where

__all__ = ["Outcome", "Step", "Tutor", "Where"]
