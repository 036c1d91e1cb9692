"""Resolve what a seller typed to playbook ids, using each playbook's own aliases.

Playbook names are data, not NLU training data: a new phase or persona alias works as soon as
the playbook is saved, without retraining Rasa.

Names are matched as whole words, on word stems and without articles, so "recruiting a
partner" finds "recruit a partner" and "booth-duty" finds "booth duty".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pregame.playbook.schema import Channel, Playbook

CHANNEL_WORDS: dict[Channel, tuple[str, ...]] = {
    Channel.phone: ("phone", "phone call", "by phone", "over the phone", "cold call"),
    Channel.video: ("video", "zoom", "teams call", "google meet", "video call", "webex"),
    Channel.email: ("email", "e-mail", "over email"),
    Channel.in_person: ("in person", "in-person", "onsite", "on-site", "on site", "face to face"),
    Channel.social: ("linkedin", "social", "twitter"),
}

_WORD = re.compile(r"[a-z0-9+]+")
ARTICLES = frozenset({"a", "an", "the"})
"""Words a name matches without: "recruit partner" finds "recruit a partner"."""


def _normalise(text: str) -> str:
    return " " + re.sub(r"[^a-z0-9+]+", " ", text.lower()).strip() + " "


@functools.cache
def _stem() -> Callable[[str], str]:
    import Stemmer

    stem: Callable[[str], str] = Stemmer.Stemmer("english").stemWord
    return stem


@functools.lru_cache(maxsize=16384)
def words(text: str) -> tuple[str, ...]:
    """The text as word stems, lowercase, without articles ("Partner trainings" -> partner,
    train)."""
    stem = _stem()
    return tuple(stem(w) for w in _WORD.findall(text.lower()) if w not in ARTICLES)


@dataclass(frozen=True)
class Span:
    """Where a name occurs: in which of the seller's texts, from word ``start`` to ``end``."""

    text: int
    start: int
    end: int

    @property
    def size(self) -> int:
        return self.end - self.start

    def inside(self, other: Span) -> bool:
        """Whether this span lies within ``other`` and is shorter than it."""
        return (
            self.text == other.text
            and other.start <= self.start
            and self.end <= other.end
            and self.size < other.size
        )


def spans(name: str, texts: Sequence[tuple[str, ...]]) -> list[Span]:
    """Every occurrence of ``name`` (as whole words) in the texts, already split by
    :func:`words`."""
    needle = words(name)
    n = len(needle)
    if not n:
        return []
    return [
        Span(i, start, start + n)
        for i, hay in enumerate(texts)
        for start in range(len(hay) - n + 1)
        if hay[start : start + n] == needle
    ]


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


def best_name(
    texts: Iterable[str], options: Sequence[tuple[str, Sequence[str]]]
) -> tuple[str, Span] | None:
    """The option whose name occurs in the texts (stems, whole words); most words wins, then
    the earlier option."""
    split = [words(t) for t in texts if t]
    best: tuple[str, Span] | None = None
    for option_id, names in options:
        for name in names:
            for span in spans(name, split):
                if best is None or span.size > best[1].size:
                    best = (option_id, span)
    return best


def phase_options(playbook: Playbook) -> list[tuple[str, list[str]]]:
    return [(p.id, [p.id, p.name, *p.aliases]) for p in playbook.phases]


def persona_options(playbook: Playbook) -> list[tuple[str, list[str]]]:
    return [(p.id, [p.id, p.name, *p.aliases]) for p in playbook.personas]


SHORTHAND_MIN = 4
"""Shortest abbreviation of a phase word that counts ("eval", "nego", "disco")."""
NOT_SHORTHAND = frozenset({"prep", "call", "meet", "next", "back", "show", "step", "play"})
"""Words sellers type for other reasons, which must never abbreviate a phase."""


def resolve_phase(playbook: Playbook, texts: Iterable[str]) -> str | None:
    """A phase by its names and aliases; failing that, by a seller's shorthand ("eval call")."""
    texts = list(texts)
    found = best_name(texts, phase_options(playbook))
    return found[0] if found else shorthand_phase(playbook, texts)


def shorthand_phase(playbook: Playbook, texts: Iterable[str]) -> str | None:
    """The one phase with a name or alias word that a typed word abbreviates; None if several
    phases or none fit, so an unclear word never picks a phase at random. A word that is only
    another form of the alias word ("partner" of "partners") abbreviates nothing."""
    stem = _stem()
    typed = {
        w
        for t in texts
        if t
        for w in _normalise(t).split()
        if len(w) >= SHORTHAND_MIN and w not in NOT_SHORTHAND
    }
    hits = {
        phase_id
        for phase_id, aliases in phase_options(playbook)
        for alias in aliases
        for alias_word in _normalise(alias).split()
        if any(
            len(alias_word) > len(w) and alias_word.startswith(w) and stem(w) != stem(alias_word)
            for w in typed
        )
    }
    return hits.pop() if len(hits) == 1 else None


def resolve_persona(playbook: Playbook, texts: Iterable[str]) -> str | None:
    found = best_name(texts, persona_options(playbook))
    return found[0] if found else None


def resolve_channel(texts: Iterable[str]) -> str | None:
    return best_alias(texts, [(c.value, said) for c, said in CHANNEL_WORDS.items()])
