"""The coach's knowledge-facing replies: content lists, answers to questions, and objections.

Each one reads the playbooks, the knowledge catalog and the knowledge base (Chroma) and gives
one card; none of them changes the play. When the knowledge base does not answer, the play's
own parts (designed content, objections) are still served and the seller is told the knowledge
base is out of reach, with one log line.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from pregame.coach import answer_cards, cards
from pregame.coach.buttons import NO_OBJECTION
from pregame.coach.choice import choose_playbook
from pregame.coach.objections import ObjectionMatcher
from pregame.coach.stale import stale_flag
from pregame.coach.state import PlayState
from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.schema import Objection, Playbook
from pregame.replies import ContentItem, Reply
from pregame.retrieval.catalog import Document, KnowledgeCatalog
from pregame.retrieval.freshness import Freshness, fresh_first
from pregame.retrieval.search import Passage, Searcher, diversify
from pregame.retrieval.store import StoreUnavailable


@dataclass(frozen=True)
class Answers:
    """The replies to "what do I send?", "they said X" and questions, from the parts given.

    ``playbook`` arguments are the play's current playbook (``None`` outside a play), resolved
    by the caller; ``log`` gets the one line of a reply given without the knowledge base.
    """

    library: PlaybookLibrary
    knowledge: Searcher
    catalog: KnowledgeCatalog
    objections: ObjectionMatcher
    plays: Searcher | None
    freshness: Freshness
    max_content: int
    strong_match: float
    log: logging.Logger

    def content(self, state: PlayState, query: str, playbook: Playbook | None) -> Reply:
        """Up to ``max_content`` documents: a specific request first, then the play's design."""
        designed: list[Document] = []
        if playbook is not None and state.phase:
            phase = playbook.phase(state.phase)
            steps = [phase.steps[min(state.step, len(phase.steps) - 1)], *phase.steps]
            designed = [d for s in steps for ref in s.content for d in self.catalog.resolve(ref)]
        # A strong hit for the seller's own words means they asked for something specific
        # ("case study for manufacturing"): it goes before the play's designed content.
        # Otherwise the play's context fills in what a vague request ("what do I send?") lacks.
        context = " ".join([query, *_context_words(playbook, state)]).strip()
        reached = True
        try:
            strong, weak = self._found_content(query, context)
        except StoreUnavailable as exc:  # the play's designed content is still there
            self._unreachable("content", exc)
            reached, strong, weak = False, [], []
        picked: dict[str, tuple[int, str, str, str]] = {}  # source: tier, title, why, url
        for p in strong:
            why = f"matches your question ({p.score:.2f})"
            picked.setdefault(p.source, (0, p.title, why, p.url))
        for doc in designed:
            picked.setdefault(doc.source, (1, doc.title, "recommended in the playbook", ""))
        for p in weak:
            picked.setdefault(p.source, (2, p.title, f"related ({p.score:.2f})", p.url))
        # Fresh before stale among equally relevant items; a stale one never stands alone.
        stale = self.freshness.passages([*strong, *weak])[1]
        stale |= self.freshness.documents(designed)[1]
        found = [
            ContentItem(title=title, source=src, url=url, why=why, stale=stale_flag(stale.get(src)))
            for src, (_, title, why, url) in picked.items()
        ]
        items = fresh_first(
            found,
            lambda item: item.stale is not None,
            self.max_content,
            tier=lambda item: picked[item.source][0],
        )
        if not items:
            return (
                answer_cards.nothing(query)
                if reached
                else answer_cards.knowledge_unreachable(state.active)
            )
        return cards.content_list(items, state.active, knowledge_reached=reached)

    def _found_content(self, query: str, context: str) -> tuple[list[Passage], list[Passage]]:
        """Strong and weak hits for the seller's words, else for the play's context words."""
        passages = self.knowledge.search(query, k=self.max_content * 2) if query else []
        strong = [p for p in passages if p.score >= self.strong_match]
        weak = [p for p in passages if p.score < self.strong_match]
        if not strong:
            weak = self.knowledge.search(context, k=self.max_content * 2) if context else []
        return strong, weak

    def objection(
        self, state: PlayState, said: str, chosen: str | None, playbook: Playbook | None
    ) -> Reply:
        """The playbook's designed answer to what the buyer said, or an honest next best.

        ``chosen`` is the seller's pick from a "which is closest?" question: an objection as
        ``playbook/objection``, or ``none`` for something that is not in any playbook.
        """
        playbooks = self.library.playbooks()
        if chosen == NO_OBJECTION:
            return self._unknown_objection(state, said)
        if chosen and (picked := self._find_objection(chosen)):
            return self._objection_answer(state, *picked, score=1.0)
        current = playbook or choose_playbook(playbooks, [said])
        decision = self.objections.decide(playbooks, said, current)
        if decision.answer is not None:
            match = decision.answer
            answering = self.library.get(match.playbook)
            return self._objection_answer(state, answering, match.objection, match.score)
        if decision.options:
            options = [(self.library.get(m.playbook), m.objection) for m in decision.options]
            return cards.which_objection(options)
        return self._unknown_objection(state, said)

    def _find_objection(self, ref: str) -> tuple[Playbook, Objection] | None:
        playbook_id, _, objection_id = ref.partition("/")
        try:
            playbook = self.library.get(playbook_id)
            return playbook, playbook.objection(objection_id)
        except KeyError:
            return None

    def _objection_answer(
        self, state: PlayState, playbook: Playbook, objection: Objection, score: float
    ) -> Reply:
        proof, stale = self.freshness.documents(
            d for ref in objection.proof for d in self.catalog.resolve(ref)
        )
        return cards.objection_card(playbook, objection, score, proof, state.active, stale)

    def _unknown_objection(self, state: PlayState, said: str) -> Reply:
        try:
            passages = self.knowledge.search(said, k=2) if said.strip() else []
        except StoreUnavailable as exc:
            self._unreachable("objection", exc)
            return answer_cards.knowledge_unreachable(
                state.active,
                "find the closest thing to that objection (it isn't in the playbook)",
            )
        if not passages:
            return answer_cards.nothing(said, what="that objection")
        passages, stale = self.freshness.passages(passages)
        return answer_cards.unknown_objection(passages, stale)

    def answer(self, state: PlayState, question: str) -> Reply:
        """A cited answer from the knowledge base and the playbooks' own steps, when the search
        is sure it answers the question; otherwise the honest reply, with the closest pages as
        reading to check (see retrieval.answerability)."""
        try:
            found = [self.knowledge.answer(question, k=self.max_content)]
            if self.plays is not None:
                found.append(self.plays.answer(question, k=self.max_content))
        except StoreUnavailable as exc:
            self._unreachable("question", exc)
            return answer_cards.knowledge_unreachable(state.active)
        knowledge, *plays = found
        sure = knowledge.passages if knowledge.sure else []
        # The playbooks' own index is small, so one step leads easily: a step is shown as an
        # answer only when it is also a strong match, never for merely sharing a word.
        sure += [p for f in plays if f.sure for p in f.passages if p.score >= self.strong_match]
        sure = diversify(sure, self.max_content)
        if sure:
            sure, stale = self.freshness.passages(sure)
            return answer_cards.answer(sure, stale)
        # Knowledge first, in its ranking's order, then the plays' steps.
        related = diversify(
            [p for f in found for p in f.passages], self.max_content, presorted=True
        )
        return answer_cards.nothing(question, related=related)

    def _unreachable(self, turn: str, exc: StoreUnavailable) -> None:
        """The one log line of a turn answered without the knowledge base."""
        self.log.warning("%s answered without the knowledge base: %s", turn, exc)


def _context_words(playbook: Playbook | None, state: PlayState) -> list[str]:
    if playbook is None or not state.phase:
        return []
    words = [playbook.phase(state.phase).name]
    if state.persona:
        words.append(playbook.persona(state.persona).name)
    return words
