"""Which playbook a seller's words are about, across all the playbooks, and when to ask.

A team has many playbooks that share words ("expansion", "CFO", "partner"). Each playbook the
seller is offered (see :func:`offered`) is scored on the names its words contain:

- the playbook's own names (title, aliases, id): ``NAMED``;
- a phase's name, aliases or id: ``PHASE``, plus ``LONGER`` per extra word; failing that, a
  seller's shorthand for exactly one of its phases ("eval", "nego"): ``SHORTHAND``;
- a persona's name, aliases or id: ``PERSONA``;
- each word of its title and tags ("reseller", "events"): 1 divided by the number of offered
  playbooks that have the word (a word every playbook has counts nothing).

A name inside a longer name of another playbook that also occurs counts for nothing ("pilot"
in "paid pilot", "renewal" in "multi-year renewal", "partner" in "partner training"): the
longer name says what the seller meant.

With the phases' meaning (a :class:`~pregame.coach.situations.Meaning`, for a new play told in
the seller's own words, when they have something specific in them: ``VAGUE_WORDS``), each
playbook scores as its best phase: the phase's meaning plus ``BY_NAME`` per point of names, the
phase's own name counting for that phase only.

One playbook named outright wins. Otherwise the best wins unless another scores within
``CLOSE`` (by names) or ``CLOSE_MEANING`` (with meaning) of it: then the coach asks which
play, except that the current play carries on when it is one of them. When nothing points
anywhere (no name, and with meaning no specific word), the seller's default: the current play,
else the first playbook whose audience names their team, else the first for everyone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from pregame.coach.resolve import (
    Span,
    persona_options,
    phase_options,
    shorthand_phase,
    spans,
    words,
)
from pregame.coach.situations import Meaning
from pregame.playbook.schema import Playbook
from pregame.retrieval.lexical import STOPWORDS

NAMED = 4.0
PHASE = 3.0
LONGER = 0.5
SHORTHAND = 1.5
PERSONA = 1.0
CLOSE = 1.0
"""Two playbooks whose scores by names differ by less than this fit about equally well."""
BY_NAME = 0.05
"""With meaning: what one point of names adds to a phase's meaning score."""
CLOSE_MEANING = 0.03
"""With meaning: two playbooks whose scores differ by less than this fit about equally well."""
PHASE_LEAD = 0.03
"""With meaning: a phase nobody named is taken when it leads its playbook's next by this."""
VAGUE_WORDS = 2.0
"""A message whose words score below this in BM25 against every phase ("prep me for my call
tomorrow", "meeting their CTO next week") is about no phase in particular: its meaning is not
used, only the names in it."""
MAX_OPTIONS = 4
"""At most this many plays are offered as buttons."""

GENERIC = frozenset(
    words(
        "playbook play sales selling seller deal call meeting customer buyer account team guide how"
    )
)
"""Words of titles and tags that say nothing about which playbook a seller means."""


@dataclass(frozen=True)
class Fit:
    """How well the seller's words fit one playbook, and the phase and persona they name in
    it. ``names`` is the score of the names alone; ``score`` adds the phases' meaning when the
    coach has a :class:`~pregame.coach.situations.PhaseMatcher`."""

    playbook: Playbook
    score: float = 0.0
    phase: str | None = None
    persona: str | None = None
    named: bool = False
    names: float = 0.0
    phase_named: bool = False
    about: bool = False
    """Whether the playbook itself is named, or a word of its title or tags used."""


@dataclass(frozen=True)
class Choice:
    """Every offered playbook, best first; ``options`` lists the plays to ask about when the
    words fit several about equally well (then there is no ``best``)."""

    ranked: list[Fit]
    options: list[Fit]
    by_default: bool = False
    """Whether the best play was taken for want of anything in the words pointing anywhere."""

    @property
    def best(self) -> Fit | None:
        return None if self.options or not self.ranked else self.ranked[0]


def offered(playbooks: Sequence[Playbook], team: str | None) -> list[Playbook]:
    """The playbooks a seller in ``team`` is offered, the team's own before everyone's.

    A seller whose team is unknown (not registered) is offered every playbook, and so is a
    seller whose team no playbook is for (rather than nothing).
    """
    mine = [p for p in playbooks if team and p.playbook.for_team(team)]
    if not mine:
        return list(playbooks)
    own = [p for p in mine if str(team).casefold() in {a.casefold() for a in p.playbook.audience}]
    return own + [p for p in mine if p not in own]


def playbook_names(playbook: Playbook) -> list[str]:
    meta = playbook.playbook
    return [meta.id, meta.title, *meta.aliases]


def keywords(playbook: Playbook) -> set[str]:
    """The stems of the playbook's title, id and tags, without generic words (its aliases count
    as whole names only)."""
    meta = playbook.playbook
    text = " ".join([meta.id, meta.title, *meta.tags])
    return {w for w in words(text) if w not in STOPWORDS and w not in GENERIC and len(w) > 1}


@dataclass(frozen=True)
class _Hit:
    book: int
    kind: str  # named, phase, persona, keyword
    target: str
    span: Span


def _hits(playbooks: Sequence[Playbook], split: list[tuple[str, ...]]) -> list[_Hit]:
    hits: list[_Hit] = []
    vocab = [keywords(p) for p in playbooks]
    for b, playbook in enumerate(playbooks):
        options = [("named", playbook.id, playbook_names(playbook))]
        options += [("phase", i, names) for i, names in phase_options(playbook)]
        options += [("persona", i, names) for i, names in persona_options(playbook)]
        for kind, target, names in options:
            hits += [_Hit(b, kind, target, s) for name in names for s in spans(name, split)]
        hits += [
            _Hit(b, "keyword", w, Span(t, i, i + 1))
            for t, hay in enumerate(split)
            for i, w in enumerate(hay)
            if w in vocab[b]
        ]

    # A name inside a longer name is part of that name, not a name of its own: "pilot" in
    # another playbook's "paid pilot", the persona "partner" in the phase "recruit a partner",
    # the phase "trade show" in the playbook's alias "trade show play". Only the words of a
    # playbook's title and tags count with its own longer names.
    def part_of(h: _Hit, o: _Hit) -> bool:
        return h.span.inside(o.span) and (o.book != h.book or h.kind not in ("keyword", o.kind))

    return [h for h in hits if not any(part_of(h, o) for o in hits)]


def _fit(
    playbook: Playbook, hits: list[_Hit], texts: Sequence[str], spread: dict[str, int]
) -> tuple[Fit, float]:
    """The playbook's fit by names, and how much of its score its phase's name gave."""

    def longest(kind: str) -> _Hit | None:
        found = [h for h in hits if h.kind == kind]
        return max(found, key=lambda h: h.span.size) if found else None

    phase, persona = longest("phase"), longest("persona")
    phase_id = phase.target if phase else None
    for_phase = 0.0
    if phase is not None:
        for_phase = PHASE + LONGER * (phase.span.size - 1)
    elif (phase_id := shorthand_phase(playbook, texts)) is not None:
        for_phase = SHORTHAND
    named = any(h.kind == "named" for h in hits)
    used = {h.target for h in hits if h.kind == "keyword"}
    score = for_phase + PERSONA * (persona is not None) + NAMED * named
    score += sum(1 / spread[w] for w in used)
    fit = Fit(
        playbook,
        score,
        phase_id,
        persona.target if persona else None,
        named,
        names=score,
        phase_named=phase_id is not None,
        about=named or bool(used),
    )
    return fit, for_phase


def _with_meaning(fit: Fit, for_phase: float, meaning: Mapping[tuple[str, str], float]) -> Fit:
    """The fit scored by its best phase: the phase's meaning plus ``BY_NAME`` per point of
    names (a phase's own name counts for that phase only). The phase is the named one, else
    the best by meaning when it leads the playbook's next phase by ``PHASE_LEAD``."""
    playbook = fit.playbook
    others = fit.names - for_phase
    totals = sorted(
        (
            meaning.get((playbook.id, p.id), 0.0)
            + BY_NAME * (others + (for_phase if p.id == fit.phase else 0.0)),
            p.id,
        )
        for p in playbook.phases
    )[::-1]
    best, best_id = totals[0]
    phase = fit.phase
    leads = len(totals) == 1 or best - totals[1][0] >= PHASE_LEAD
    if phase is None and leads:
        phase = best_id
    return replace(fit, score=best, phase=phase)


def choose(
    playbooks: Sequence[Playbook],
    texts: Sequence[str],
    team: str | None = None,
    prefer: str | None = None,
    meaning: Meaning | None = None,
    *,
    plays_only: bool = False,
) -> Choice:
    """Score the playbooks offered to a seller in ``team`` against their words; ``prefer`` is
    the current play; ``meaning`` scores each (playbook, phase) by what the words mean (see
    :class:`~pregame.coach.situations.PhaseMatcher`). With ``plays_only`` ("no, the reseller
    play"), personas' names do not count: the words name a play, not who is in it."""
    books = offered(playbooks, team)
    split = _distinct([words(t) for t in texts if t])
    hits = _hits(books, split)
    if plays_only:
        hits = [h for h in hits if h.kind != "persona"]
    vocab = [keywords(p) for p in books]
    spread = {w: sum(w in v for v in vocab) for v in vocab for w in v}
    if len(books) > 1:  # a word every playbook has tells them apart no better than none
        spread = {w: n for w, n in spread.items() if n < len(books)}
        hits = [h for h in hits if h.kind != "keyword" or h.target in spread]
    scored = [_fit(p, [h for h in hits if h.book == b], texts, spread) for b, p in enumerate(books)]
    fits = [fit for fit, _ in scored]
    # meaning counts for a message with something specific in it; for one without ("call with
    # the CFO on friday") it is noise, and the names alone decide
    specific = meaning is not None and bool(meaning.scores) and meaning.words >= VAGUE_WORDS
    vague = all(f.names == 0 for f in fits) and not specific
    if specific and meaning is not None:
        fits = [_with_meaning(f, for_phase, meaning.scores) for f, for_phase in scored]
    order = {id(f): i for i, f in enumerate(fits)}
    fits.sort(key=lambda f: (-f.score, f.playbook.id != prefer, order[id(f)]))
    if vague:  # nothing points anywhere: the current play, else the team's default
        fits.sort(key=lambda f: (f.playbook.id != prefer, order[id(f)]))
        return Choice(fits, [], by_default=True)
    return _decide(fits, prefer, CLOSE_MEANING if specific else CLOSE)


def _distinct(split: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The texts without those that occur in another one (an entity value the NLU found in the
    message): read inside the message, a name is seen with the longer names around it."""

    def within(small: tuple[str, ...], big: tuple[str, ...]) -> bool:
        n = len(small)
        return len(big) > n and any(big[i : i + n] == small for i in range(len(big) - n + 1))

    return [t for t in split if t and not any(within(t, other) for other in split)]


def _decide(fits: list[Fit], prefer: str | None, close_by: float) -> Choice:
    if not fits:
        return Choice(fits, [])
    named = [f for f in fits if f.named]
    if len(named) == 1:
        return Choice([named[0], *(f for f in fits if f is not named[0])], [])
    top = fits[0].score
    close = [f for f in fits if f.score > 0 and top - f.score < close_by]
    current = [f for f in close if f.playbook.id == prefer]
    if current:
        return Choice([current[0], *(f for f in fits if f is not current[0])], [])
    return Choice(fits, close[:MAX_OPTIONS] if len(close) > 1 else [])


def choose_playbook(
    playbooks: Sequence[Playbook],
    texts: Sequence[str],
    prefer: str | None = None,
    team: str | None = None,
) -> Playbook | None:
    """The playbook the words fit best, without asking: of several close ones, the first."""
    ranked = choose(playbooks, texts, team, prefer).ranked
    return ranked[0].playbook if ranked else None
