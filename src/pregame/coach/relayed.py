"""What the buyer said, out of a seller's report of it.

Sellers relay objections in their own frame: "how do I handle 'shoot me a deck'", "CFO told me:
we have no budget", "they keep saying they're happy with their vendor". Playbook phrasings are
the buyer's own first-person words, so the matcher embeds the report as written, the buyer's
words without the frame, and those words in the first person ("we're happy with our vendor").
"""

from __future__ import annotations

import re

# How sellers frame what the buyer said: "how do I handle ...", "the CFO keeps saying ...".
_FRAME = re.compile(
    r"^\W*(?:(?:how (?:do|should|can|would) (?:i|we) (?:handle|answer|respond to|deal with|"
    r"counter|reply to)|what (?:do|should) (?:i|we) (?:say|reply|answer)(?: to| when| if)?|"
    r"(?:got |getting )?(?:push ?back|objection)s?(?: from \w+)?(?: that| about| on)?|"
    r"(?:[\w']+ ){0,3}(?:keeps? |kept |just |always )?(?:says?|said|saying|thinks?|told me|"
    r"claims?|go|goes|went|objects?|pushed back)(?: that| like)?)\b[\s:,-]*)+",
    re.IGNORECASE,
)
# A quotation: opened at the start or after a space, colon or bracket (not an apostrophe inside
# a word), closed before a space or punctuation, or left open to the end of the message.
_QUOTE = re.compile(
    r"(?:^|(?<=[\s:(]))['\"\u2018\u201c](.+?)(?:['\"\u2019\u201d](?=[\s.,;!?)]|$)|$)"
)
# Who said it, as a label: "Globex CFO: ...", "booth visitor: ...", "buyer pushback: ...".
_SPEAKER = re.compile(r"^\s*(?:[\w'&.-]+ ){0,3}[\w'&.-]+\s*:\s+")
_EDGES = " '\"\u2018\u2019\u201c\u201d?!."
_FIRST_PERSON = {
    "they": "we",
    "them": "us",
    "their": "our",
    "theirs": "ours",
    "themselves": "ourselves",
    "they're": "we're",
    "they've": "we've",
    "they'd": "we'd",
    "they'll": "we'll",
    "she": "I",
    "he": "I",
    "her": "my",
    "his": "my",
    "she's": "I'm",
    "he's": "I'm",
}
_WORD = re.compile(r"\b[\w']+\b")


def _words(text: str) -> int:
    return len(text.split())


def buyer_words(said: str) -> str:
    """What the buyer said, without the seller's frame around it (the whole text if unsure).

    A quotation of two words or more is taken as the buyer's words; otherwise a leading
    speaker label and the seller's frame are dropped.
    """
    quoted = _QUOTE.search(said)
    if quoted and _words(core := quoted.group(1).strip(_EDGES)) >= 2:
        return core
    unlabelled = _SPEAKER.sub("", said.strip())
    if _words(unlabelled) < 2:
        unlabelled = said.strip()
    core = _FRAME.sub("", unlabelled).strip(_EDGES)
    return core if _words(core) >= 2 else said


def first_person(words: str) -> str:
    """Relayed words as the buyer would say them: "they're fine" becomes "we're fine"."""
    return _WORD.sub(lambda m: _FIRST_PERSON.get(m.group(0).lower(), m.group(0)), words)


def readings(said: str) -> list[str]:
    """The report as written, the buyer's words, and those in the first person (distinct)."""
    core = buyer_words(said)
    return list(dict.fromkeys([said, core, first_person(core)]))
