"""Resolve what a seller typed to playbook ids, using each playbook's own aliases.

Playbook names are data, not NLU training data: a new phase or persona alias works as soon as
the playbook is saved, without retraining Rasa.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pregame.playbook.schema import Channel, Playbook

CHANNEL_WORDS: dict[Channel, tuple[str, ...]] = {
    Channel.phone: ("phone", "phone call", "by phone", "over the phone", "cold call"),
    Channel.video: ("video", "zoom", "teams call", "google meet", "video call", "webex"),
    Channel.email: ("email", "e-mail", "over email"),
    Channel.in_person: ("in person", "in-person", "onsite", "on-site", "on site", "face to face"),
    Channel.social: ("linkedin", "social", "twitter"),
}


def _normalise(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9+]+", " ", text.lower()).strip() + " "


def best_alias(texts: Iterable[str], options: Sequence[tuple[str, Sequence[str]]]) -> str | None:
    """The option id whose alias occurs in the texts as whole words; longest alias wins."""
    found = _best(texts, options)
    return found[1] if found else None


def _best(
    texts: Iterable[str], options: Sequence[tuple[str, Sequence[str]]]
) -> tuple[int, str] | None:
    haystacks = [_normalise(t) for t in texts if t]
    best: tuple[int, str] | None = None
    for option_id, aliases in options:
        for alias in aliases:
            needle = _normalise(alias)
            found = needle.strip() and any(needle in h for h in haystacks)
            if found and (best is None or len(needle) > best[0]):
                best = (len(needle), option_id)
    return best


def _phase_options(playbook: Playbook) -> list[tuple[str, list[str]]]:
    return [(p.id, [p.id, p.name, *p.aliases]) for p in playbook.phases]


def _persona_options(playbook: Playbook) -> list[tuple[str, list[str]]]:
    return [(p.id, [p.id, p.name, *p.aliases]) for p in playbook.personas]


SHORTHAND_MIN = 4
"""Shortest abbreviation of a phase word that counts ("eval", "nego", "disco")."""
NOT_SHORTHAND = frozenset({"prep", "call", "meet", "next", "back", "show", "step", "play"})
"""Words sellers type for other reasons, which must never abbreviate a phase."""


def resolve_phase(playbook: Playbook, texts: Iterable[str]) -> str | None:
    """A phase by its aliases; failing that, by a seller's shorthand for one ("eval call")."""
    texts = list(texts)
    return best_alias(texts, _phase_options(playbook)) or shorthand_phase(playbook, texts)


def shorthand_phase(playbook: Playbook, texts: Iterable[str]) -> str | None:
    """The one phase with a name or alias word that a typed word abbreviates; None if several
    phases or none fit, so an unclear word never picks a phase at random."""
    words = {
        w
        for t in texts
        if t
        for w in _normalise(t).split()
        if len(w) >= SHORTHAND_MIN and w not in NOT_SHORTHAND
    }
    hits = {
        phase_id
        for phase_id, aliases in _phase_options(playbook)
        for alias in aliases
        for alias_word in _normalise(alias).split()
        if any(len(alias_word) > len(w) and alias_word.startswith(w) for w in words)
    }
    return hits.pop() if len(hits) == 1 else None


def resolve_persona(playbook: Playbook, texts: Iterable[str]) -> str | None:
    return best_alias(texts, _persona_options(playbook))


def resolve_channel(texts: Iterable[str]) -> str | None:
    return best_alias(texts, [(c.value, words) for c, words in CHANNEL_WORDS.items()])


def choose_playbook(
    playbooks: Sequence[Playbook], texts: Sequence[str], prefer: str | None = None
) -> Playbook | None:
    """The playbook whose phases and personas the seller's words match best.

    A phase counts more than a persona, then the longer matched aliases ("paid pilot" beats
    "pilot"); ties go to ``prefer`` (the current play), then to the first playbook.
    """
    if not playbooks:
        return None

    def score(playbook: Playbook) -> tuple[int, int, int]:
        phase = _best(texts, _phase_options(playbook))
        persona = _best(texts, _persona_options(playbook))
        hits = 2 * int(phase is not None) + int(persona is not None)
        matched = (phase[0] if phase else 0) + (persona[0] if persona else 0)
        return hits, matched, int(playbook.id == prefer)

    return max(playbooks, key=score)
