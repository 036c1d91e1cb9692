"""A designed response split into the key points a rep's answer should cover.

A playbook response reads like "Acknowledge it - "That's fair to raise." Explore what the price is
compared with. If the scope is too big, offer a smaller package; if you concede on price, trade it
for term." Each sentence is a point, and a sentence made of clauses joined by ";" is one point per
clause. Quoted speech stays inside its sentence (a quote may hold several sentences of its own),
and a point keeps its quotes as separate wordings, since a rep says the quote rather than the
instruction around it.

Each point also gets its key terms: the words of the point that are distinctive in its playbook
(high inverse document frequency over the playbook's texts), leaving out the words of the
instruction itself ("explore", "offer") and, by the scorer, the words the buyer just said.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pregame.playbook.schema import Playbook
from pregame.retrieval.lexical import STOPWORDS

_QUOTE = re.compile(r"\"[^\"]+\"|\u201c[^\u201d]+\u201d")
_SLOT = re.compile(r"\u27e6(\d+)\.?\u27e7")
# A sentence ends at . ! ? (or a quote ending in one) before a capital letter, digit or quote.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=\.\u27e7))\s+(?=[A-Z0-9\u27e6(])")
# "If X, do A; if Y, do B": the clauses after a semicolon that are points of their own.
_ALTERNATIVE = re.compile(r"^(?:if|when|unless|otherwise)\b", re.IGNORECASE)
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|vs|etc|approx|incl|no)\.$", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")

# Words that say what kind of move a point is rather than what it is about: never key terms.
INSTRUCTION_WORDS = frozenset(
    """acknowledge acknowledg explore ask offer say says said show agree propose suggest walk
    make use start end keep give take send find treat respect accept like something someone
    thing things way usually often first next last one two three whether rather instead them
    they their it its this that those these before after every each always never only even
    still already well much many more less least most go goes back move moves put let lets need
    needs want wants help helps sure example exactly simply either truly right good course lot
    went think also really clearly just didn doesn don isn wasn aren won ve ll re explain
    details ii iii""".split()
)
MIN_POINT_WORDS = 4
# An opening point made of a short instruction and a quote ("Take it seriously - "That's the
# right question."") acknowledges the buyer rather than acts.
ACKNOWLEDGEMENT_WORDS = 10
TERMS_PER_POINT = 4


@dataclass(frozen=True)
class KeyPoint:
    """One thing the designed response asks for, in the playbook's own wording."""

    text: str
    """The point as the playbook words it (shown in feedback when it is missed)."""
    forms: tuple[str, ...]
    """Wordings an answer is compared with: the point, its instruction without quotes, quotes."""
    terms: tuple[str, ...]
    """Stems of the point's distinctive words."""
    words: tuple[str, ...]
    """The words those stems came from, as written (for feedback)."""
    acknowledgement: bool
    """Whether the point acknowledges the buyer ("That's fair to raise") rather than acts."""


def _stemmer() -> Callable[[list[str]], list[str]]:
    import Stemmer

    stem: Callable[[list[str]], list[str]] = Stemmer.Stemmer("english").stemWords
    return stem


class Terms:
    """Stemmed content words, and how distinctive each is in one playbook."""

    def __init__(self, documents: Iterable[str]) -> None:
        self._stem = _stemmer()
        docs = [set(self.stems(d)) for d in documents]
        self.size = len(docs)
        self._df: dict[str, int] = {}
        for doc in docs:
            for stem in doc:
                self._df[stem] = self._df.get(stem, 0) + 1

    @classmethod
    def of_playbook(cls, playbook: Playbook) -> Terms:
        """Document frequencies over every text a manager wrote in ``playbook``."""
        docs: list[str] = []
        for persona in playbook.personas:
            docs.extend([persona.name, *persona.cares_about, *persona.pains])
        for phase in playbook.phases:
            docs.extend([phase.buyer_goal, phase.buyer_experience, phase.seller_objective])
            docs.extend([*phase.exit_criteria, *phase.call_prep, *phase.entry_signals])
            for step in phase.steps:
                docs.extend([step.do, *step.questions, *step.buyer_says, *step.tips])
                docs.extend(step.variants.personas.values())
                docs.extend(step.variants.channels.values())
        for objection in playbook.objections:
            docs.extend([objection.response, " ".join(objection.phrasings)])
        return cls(docs)

    def words(self, text: str) -> list[tuple[str, str]]:
        """(word, stem) of each content word of ``text``, in order."""
        words = [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]
        return list(zip(words, self._stem(words), strict=True))

    def stems(self, text: str) -> list[str]:
        return [stem for _, stem in self.words(text)]

    def idf(self, stem: str) -> float:
        return math.log((1 + self.size) / (1 + self._df.get(stem, 0))) + 1.0

    def key_terms(self, text: str, limit: int = TERMS_PER_POINT) -> list[tuple[str, str]]:
        """The ``limit`` most distinctive (word, stem) pairs of ``text``, rarest first.

        Acronyms as written ("SOC", "NDA") count as rarer still; ties keep the text's order.
        """
        acronyms = {w.lower() for w in re.findall(r"\b[A-Z]{2,}s?\b", text)}
        seen: dict[str, str] = {}
        for word, stem in self.words(text):
            if word in INSTRUCTION_WORDS or stem in INSTRUCTION_WORDS or word.isdigit():
                continue
            seen.setdefault(stem, word)
        order = {stem: number for number, stem in enumerate(seen)}

        def rank(item: tuple[str, str]) -> tuple[float, int]:
            stem, word = item
            return (-self.idf(stem) - (1.0 if word in acronyms else 0.0), order[stem])

        ranked = sorted(seen.items(), key=rank)
        return [(word, stem) for stem, word in ranked[:limit]]


def _mask(text: str) -> tuple[str, list[str]]:
    """``text`` with each quote replaced by a numbered slot (marked "." if it ends a sentence)."""
    quotes: list[str] = []

    def hide(match: re.Match[str]) -> str:
        quotes.append(match.group(0))
        end = "." if re.search(r"[.!?]\W*$", match.group(0)) else ""
        return f"\u27e6{len(quotes) - 1}{end}\u27e7"

    return _QUOTE.sub(hide, text), quotes


def sentences(text: str) -> list[str]:
    """``text`` split into sentences; quoted speech is never split."""
    masked, quotes = _mask(" ".join(text.split()))
    pieces: list[str] = []
    for piece in _SENTENCE_END.split(masked):
        if pieces and _ABBREVIATION.search(pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {piece}"
        else:
            pieces.append(piece)
    return [_restore(p, quotes).strip() for p in pieces if p.strip()]


def clauses(sentence: str) -> list[str]:
    """A sentence split at the semicolons (outside quotes) that start an alternative.

    "If the scope is too big, offer a smaller package; if you concede on price, trade it for
    term" is two points; "Keep the product out; the buyer should learn something" is one.
    """
    masked, quotes = _mask(sentence)
    parts: list[str] = []
    for part in (p.strip() for p in masked.split(";")):
        if not part:
            continue
        if parts and not _ALTERNATIVE.match(part):
            parts[-1] = f"{parts[-1]}; {part}"
        else:
            parts.append(part)
    return [_restore(p, quotes) for p in parts]


def _restore(text: str, quotes: Sequence[str]) -> str:
    return _SLOT.sub(lambda m: quotes[int(m.group(1))], text)


def _word_count(text: str) -> int:
    return len(_WORD.findall(text.lower()))


def _forms(point: str) -> tuple[str, ...]:
    """The point itself, its instruction without quotes, and each quote long enough to say."""
    forms = [point]
    quotes = [q.strip('"\u201c\u201d ') for q in _QUOTE.findall(point)]
    bare = " ".join(_QUOTE.sub(" ", point).split()).strip(" -:,")
    if quotes and _word_count(bare) >= MIN_POINT_WORDS:
        forms.append(bare)
    forms.extend(q for q in quotes if _word_count(q) >= MIN_POINT_WORDS)
    return tuple(dict.fromkeys(forms))


def key_points(response: str, terms: Terms, *, acknowledges: bool = True) -> list[KeyPoint]:
    """The key points of a designed response, in its order.

    With ``acknowledges`` (an objection's response), an opening point that is a short
    instruction and a quote is the acknowledgement.

    A fragment too short to be a point ("Then stop.") joins the point before it.
    """
    texts: list[str] = []
    for sentence in sentences(response):
        for clause in clauses(sentence):
            if texts and _word_count(clause) < MIN_POINT_WORDS:
                texts[-1] = f"{texts[-1]} {clause}"
            else:
                texts.append(clause)
    points: list[KeyPoint] = []
    for number, text in enumerate(texts):
        bare = _QUOTE.sub(" ", text)
        pairs = terms.key_terms(text)
        points.append(
            KeyPoint(
                text=text,
                forms=_forms(text),
                terms=tuple(stem for _, stem in pairs),
                words=tuple(word for word, _ in pairs),
                acknowledgement=acknowledges
                and number == 0
                and bare != text
                and _word_count(bare) <= ACKNOWLEDGEMENT_WORDS,
            )
        )
    return points
