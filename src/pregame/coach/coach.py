"""The sales coach: turns the seller's request and the play state into replies.

Actions stay thin: each one reads the tracker, calls :meth:`Coach.refresh` once, then one
method here, and sends the replies. Between refreshes, every read here is a pure lookup, except
searches of the knowledge base (Chroma): when it does not answer, the play's own parts (steps,
designed content, objections) are still served and the seller is told the knowledge base is
out of reach, with one log line. The knowledge-facing replies (content, objections, answers)
are built by :class:`pregame.coach.answers.Answers`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pregame.coach import cards, clarify
from pregame.coach.answers import Answers
from pregame.coach.choice import choose_playbook
from pregame.coach.objections import ObjectionMatcher
from pregame.coach.plays import PlayChooser
from pregame.coach.prep import prep_brief
from pregame.coach.resolve import resolve_channel, resolve_persona
from pregame.coach.situations import PhaseMatcher
from pregame.coach.state import PlayState
from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.schema import Playbook
from pregame.replies import Reply, ReplyType
from pregame.retrieval.catalog import KnowledgeCatalog
from pregame.retrieval.freshness import Freshness
from pregame.retrieval.search import Searcher

log = logging.getLogger(__name__)

_MOVES_ON = (ReplyType.STEP, ReplyType.PLAY_STARTED, ReplyType.OVERVIEW, ReplyType.CONTEXT_CHANGED)
"""After these cards, a bare "ok" means "got it, go on"."""


@dataclass(frozen=True)
class Turn:
    """The outcome of one coaching turn: the new state and what to say."""

    state: PlayState
    replies: list[Reply]


class Coach:
    def __init__(
        self,
        library: PlaybookLibrary,
        knowledge: Searcher,
        catalog: KnowledgeCatalog,
        objections: ObjectionMatcher,
        plays: Searcher | None = None,
        max_content: int = 3,
        strong_match: float = 0.5,
        freshness: Freshness | None = None,
        situations: PhaseMatcher | None = None,
    ) -> None:
        self.library = library
        self.chooser = PlayChooser(library, situations)  # which play the seller means
        self.freshness = freshness or Freshness()  # stale content: flagged, offered after fresh
        self.knowledge = knowledge
        self.catalog = catalog
        self.objections = objections
        self.plays = plays
        self.max_content = max_content
        self.strong_match = strong_match

    def refresh(self) -> None:
        """Pick up edited playbooks and knowledge: the one place a turn does I/O (call it once
        at the start of each turn)."""
        self.library.refresh()
        self.catalog.refresh()
        self.knowledge.refresh()
        if self.plays is not None:
            self.plays.refresh()

    def warm(self) -> None:
        """Read everything and build what the first turns would otherwise build (the embedding
        model, the objection index, the search index): the action server calls this before it
        takes turns."""
        self.refresh()
        self.objections.warm(self.library.playbooks())
        self.chooser.warm()
        self.knowledge.search("warm up", k=1)

    # -- understanding the situation ---------------------------------------------------------

    def understand(
        self, state: PlayState, texts: Sequence[str], team: str | None = None
    ) -> PlayState:
        """A new play's state from the seller's words (see :meth:`PlayChooser.understand`):
        the playbook is left open when several fit about equally, so the form asks which."""
        return self.chooser.understand(state, texts, team)

    def clarify(
        self,
        state: PlayState,
        texts: Sequence[str],
        options: Sequence[str],
        team: str | None = None,
    ) -> Turn:
        """The fallback's question about an unclear message (``options``: the likeliest
        intents). Its buttons that would run a play name the play these words lead to, the one
        a click then starts (the click is read with the same words)."""
        play = None
        if clarify.RUNS_A_PLAY.intersection(options):
            new = self.understand(state, texts, team)
            playbook = self._playbook(new)
            if playbook is not None and new.phase is not None:
                play = (playbook, playbook.phase(new.phase))
        return Turn(state, [clarify.clarify(options, play)])

    def ask_playbook(self, state: PlayState, texts: Sequence[str], team: str | None = None) -> Turn:
        """Which play? Buttons for the playbooks the words fit about equally."""
        choice = self.chooser.choice(texts, team, by_meaning=True)
        return Turn(state, [self.chooser.which_play(choice)])

    def ask_phase(
        self, state: PlayState, texts: Sequence[str] = (), team: str | None = None
    ) -> Turn:
        playbook = self._playbook(state)
        if playbook is None:
            choice = self.chooser.choice(texts, team, by_meaning=True)
            if choice.best is None:
                return Turn(state, [self.chooser.which_play(choice)])
            playbook = choice.best.playbook
        others = [p for p in self.chooser.offered(team) if p.id != playbook.id]
        card = cards.choose_phase(playbook, "Which stage is this call in?", others)
        return Turn(replace(state, playbook=playbook.id), [card])

    def pick(self, state: PlayState, texts: Sequence[str], team: str | None = None) -> PlayState:
        """What an answer to "which play?" or "which stage?" picks: see :meth:`PlayChooser.pick`."""
        return self.chooser.pick(state, texts, team)

    # -- guided play -------------------------------------------------------------------------

    def start(self, state: PlayState, texts: Sequence[str], team: str | None = None) -> Turn:
        """Start a play: from the state a form filled in, or from the seller's words."""
        if not state.active:
            state = self.understand(state, texts, team)
        if not state.playbook:
            return self.ask_playbook(state, texts, team)
        playbook = self._playbook(state)
        if playbook is None:
            return Turn(state, [cards.no_playbooks()])
        if state.phase is None:
            return self.ask_phase(state, texts, team)
        state = state.at(0)
        return Turn(state, [cards.play_started(playbook, state), self._step(playbook, state)])

    def switch_playbook(
        self, state: PlayState, texts: Sequence[str], team: str | None = None
    ) -> Turn:
        """Move the play to the playbook the words name ("no, the partner one"), not the current
        one, with the phase and persona matching the current ones; ask when unclear."""
        choice = self.chooser.choice(texts, team, leave_out=state.playbook, plays_only=True)
        fit = choice.best
        if fit is None or fit.names == 0:
            return Turn(state, [self.chooser.which_play(choice, "Which play, then?")])
        new = self.chooser.moved(state, fit, keep_phase=True)
        if new.phase is None:
            return self.ask_phase(new, texts, team)
        return self._enter(fit.playbook, new, new.phase)

    def suggest_play(self, state: PlayState, said: str, team: str | None = None) -> Reply | None:
        """The play a question describes, to follow the answer: :meth:`PlayChooser.suggestion`."""
        return None if state.active else self.chooser.suggestion(said, team)

    def move(self, state: PlayState, delta: int) -> Turn:
        playbook = self._playbook(state)
        if playbook is None or state.phase is None:
            return Turn(state, [cards.no_play()])
        phase = playbook.phase(state.phase)
        target = state.step + delta
        if target < 0:
            first = state.at(0)
            note = Reply("You're at the first step already.")
            return Turn(first, [note, self._step(playbook, first)])
        if target >= len(phase.steps):
            return Turn(state, [cards.phase_done(playbook, phase)])
        new = state.at(target)
        return Turn(new, [self._step(playbook, new)])

    def go_to(
        self,
        state: PlayState,
        texts: Sequence[str],
        step_number: int | None,
        team: str | None = None,
    ) -> Turn:
        """Jump to a phase by name (of this playbook or, moving there, another), or to a step
        number in the current phase."""
        target = self.chooser.named_phase(state, texts, team)
        if isinstance(target, Reply):  # a phase name several playbooks have: which one?
            return Turn(state, [target])
        if target is not None and target.phase and target.playbook:
            moving = (target.playbook, target.phase) != (state.playbook, state.phase)
            if moving or step_number is None:
                return self._enter(self.library.get(target.playbook), target, target.phase)
        playbook = self._playbook(state) or choose_playbook(
            self.library.playbooks(), texts, team=team
        )
        if playbook is None:
            return Turn(state, [cards.no_playbooks()])
        if state.phase is None:
            return self.ask_phase(replace(state, playbook=playbook.id), texts, team)
        steps = playbook.phase(state.phase).steps
        if step_number is not None and step_number < 0:  # "the last step"
            step_number = len(steps) + 1 + step_number
        if step_number is None or not 1 <= step_number <= len(steps):
            return Turn(state, [cards.choose_step(playbook.phase(state.phase))])
        new = state.at(step_number - 1)
        return Turn(new, [self._step(playbook, new)])

    def acknowledge(self, state: PlayState, agreed: bool, shown: ReplyType | None) -> Turn:
        """A bare "ok" or "no": its meaning depends on what the seller was just shown.

        ``shown`` is the type of the last card sent. After a step, "ok" means "got it,
        go on"; after the last step of a phase, it means "start the next phase".
        """
        playbook = self._playbook(state)
        if playbook is not None and state.phase is not None:
            phase = playbook.phase(state.phase)
            following = playbook.next_phase(phase)
            if agreed and shown in _MOVES_ON:
                return self.move(state, +1)
            if agreed and shown == ReplyType.PHASE_DONE and following is not None:
                return self._enter(playbook, state, following.id)
            return Turn(state, [cards.nudge(in_play=True, agreed=agreed)])
        return Turn(state, [cards.nudge(in_play=False, agreed=agreed)])

    def overview(self, state: PlayState) -> Turn:
        playbook = self._playbook(state)
        if playbook is None or state.phase is None:
            return Turn(state, [cards.no_play()])
        return Turn(state, [cards.overview(playbook, state)])

    def stop(self, state: PlayState) -> Turn:
        stopped = PlayState(persona=state.persona, channel=state.channel)
        return Turn(stopped, [cards.play_stopped()])

    def switch(self, state: PlayState, texts: Sequence[str], team: str | None = None) -> Turn:
        """The seller changed who they meet or how: show the current step tailored to it.
        Words that are about another playbook ("this one is with our reseller") move the
        play there (:meth:`switch_playbook`)."""
        playbook = self._playbook(state) or choose_playbook(
            self.library.playbooks(), texts, team=team
        )
        if playbook is None:
            return Turn(state, [cards.no_playbooks()])
        persona = resolve_persona(playbook, texts)
        channel = resolve_channel(texts)
        if persona is None and channel is None:
            elsewhere = self.chooser.choice(texts, team, leave_out=playbook.id, plays_only=True)
            if any(f.about for f in elsewhere.options or elsewhere.ranked[:1]):
                return self.switch_playbook(state, texts, team)
            return Turn(state, [cards.choose_persona(playbook)])
        new = replace(
            state,
            playbook=playbook.id,
            persona=persona or state.persona,
            channel=channel or state.channel,
        )
        said = [f"the {playbook.persona(persona).name}" if persona else "", channel or ""]
        text = "Switched to " + " over ".join(s for s in said if s) + "."
        note = cards.context_changed(text, new)
        if new.phase is None:
            return Turn(new, [note])
        return Turn(new, [note, self._step(playbook, new)])

    # -- content, objections, questions, prep ------------------------------------------------

    def content(self, state: PlayState, query: str) -> Turn:
        """Up to ``max_content`` documents: a specific request first, then the play's design."""
        return Turn(state, [self._answers().content(state, query, self._playbook(state))])

    def objection(self, state: PlayState, said: str, chosen: str | None = None) -> Turn:
        """The playbook's designed answer to what the buyer said, or an honest next best.

        ``chosen`` is the seller's pick from a "which is closest?" question: an objection as
        ``playbook/objection``, or ``none`` for something that is not in any playbook.
        """
        reply = self._answers().objection(state, said, chosen, self._playbook(state))
        return Turn(state, [reply])

    def answer(self, state: PlayState, question: str) -> Turn:
        """A cited answer from the knowledge base and the playbooks' own steps, when the search
        is sure it answers the question; otherwise the honest reply, with the closest pages as
        reading to check (see retrieval.answerability)."""
        return Turn(state, [self._answers().answer(state, question)])

    def prep(self, state: PlayState, company: str | None) -> Turn:
        """A call-prep brief for the phase and persona in ``state`` (a form made sure of both)."""
        playbook = self._playbook(state)
        if playbook is None:
            return Turn(state, [cards.no_playbooks()])
        if state.phase is None:
            return self.ask_phase(state)
        phase = playbook.phase(state.phase)
        refs = [ref for step in phase.steps for ref in step.content]
        found = {d.source: d for ref in refs for d in self.catalog.resolve(ref)}
        docs, stale = self.freshness.documents(found.values(), self.max_content)
        return Turn(state, [prep_brief(playbook, state, company, docs, stale)])

    # -- helpers -----------------------------------------------------------------------------

    def _enter(self, playbook: Playbook, state: PlayState, phase_id: str) -> Turn:
        new = replace(state, playbook=playbook.id, phase=phase_id, step=0)
        return Turn(new, [cards.play_started(playbook, new), self._step(playbook, new)])

    def _step(self, playbook: Playbook, state: PlayState) -> Reply:
        assert state.phase is not None
        step = playbook.phase(state.phase).steps[state.step]
        docs, stale = self.freshness.documents(
            d for ref in step.content for d in self.catalog.resolve(ref)
        )
        return cards.step_card(playbook, state, docs, stale)

    def _answers(self) -> Answers:
        """The knowledge-facing replies, from the coach's parts as they are now (a part swapped
        on the coach, such as ``freshness``, is the one used)."""
        return Answers(
            library=self.library,
            knowledge=self.knowledge,
            catalog=self.catalog,
            objections=self.objections,
            plays=self.plays,
            freshness=self.freshness,
            max_content=self.max_content,
            strong_match=self.strong_match,
            log=log,
        )

    def _playbook(self, state: PlayState) -> Playbook | None:
        if not state.playbook:
            return None
        try:
            playbook = self.library.get(state.playbook)
        except KeyError:
            return None
        if state.phase is not None and state.phase not in {p.id for p in playbook.phases}:
            return None  # the phase was removed by an edit: treat as no play
        return playbook
