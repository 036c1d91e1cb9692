"""Rasa custom actions. Thin: each reads the tracker, asks the coach or the tutor, sends the
replies."""

from actions.base import warm_up as warm_coach
from actions.onboarding import warm_tutor


def warm_up() -> None:
    """Build the coach and the tutor before the action server listens."""
    warm_coach()
    warm_tutor()


__all__ = ["warm_up"]
