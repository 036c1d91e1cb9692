"""What goes wrong in the learning path, said specifically enough to act on."""

from __future__ import annotations


class LearningError(ValueError):
    """Bad input to the learning path: an unknown playbook or phase, a question out of range."""


class CheckChanged(LearningError):
    """The playbook changed while a check was under way, so its questions changed too."""
