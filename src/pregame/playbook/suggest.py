"""Did-you-mean: the closest of the values allowed in a place, to put in an error message."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The allowed value ``word`` most likely meant (case and separators aside), if any."""
    options = list(dict.fromkeys(choices))
    folded = {_fold(c): c for c in options}
    if _fold(word) in folded:
        return folded[_fold(word)]
    match = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    return match[0] if match else None


def did_you_mean(word: str, choices: Iterable[str], kind: str) -> str:
    """``did you mean 'value'?`` or, with nothing close, the list of what is allowed."""
    options = list(dict.fromkeys(choices))
    hint = closest(word, options)
    if hint is not None:
        return f"did you mean '{hint}'?"
    if not options:
        return f"there are no {kind}s to choose from"
    return f"the {kind}s here are: {', '.join(options)}"


def _fold(word: str) -> str:
    return "".join(c for c in word.lower() if c.isalnum())
