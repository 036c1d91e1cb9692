"""The sales coach: turns the seller's request and the play state into replies.

Actions stay thin: each one reads the tracker, calls one method here, and sends the replies.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pregame.coach.objections import ObjectionMatcher
from pregame.coach.reply import NAV_BUTTONS, Button, Reply, bullets
from pregame.coach.resolve import choose_playbook, resolve_channel, resolve_persona, resolve_phase
from pregame.coach.state import PlayState
from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.schema import Phase, Playbook, Step
from pregame.retrieval.catalog import Document, KnowledgeCatalog
from pregame.retrieval.search import Passage, Searcher, diversify

CAPABILITIES = [
    'walk you through a play: "discovery call with a CFO tomorrow"',
    'find content to send: "case study for manufacturing?"',
    'handle an objection: "they say we\'re too expensive"',
    'answer a sales question from the knowledge base: "how do I build a business case?"',
]


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
    ) -> None:
        self.library = library
        self.knowledge = knowledge
        self.catalog = catalog
        self.objections = objections
        self.plays = plays
        self.max_content = max_content
        self.strong_match = strong_match

    # -- guided play -------------------------------------------------------------------------

    def start(self, state: PlayState, texts: Sequence[str]) -> Turn:
        """Start (or re-target) a play from the seller's words and extracted entity values."""
        playbooks = self.library.playbooks()
        current = self._playbook(state)
        playbook = choose_playbook(playbooks, texts) if current is None else current
        if playbook is None:
            return Turn(
                state,
                [
                    Reply(
                        "No playbooks are loaded yet. Ask your sales manager "
                        "to add one to playbooks/ (see playbooks/README.md)."
                    )
                ],
            )
        phase_id = resolve_phase(playbook, texts)
        persona_id = resolve_persona(playbook, texts) or state.persona
        channel = resolve_channel(texts) or state.channel
        if phase_id is None:
            buttons = tuple(
                Button(p.name, f'/start_play{{"phase":"{p.id}"}}') for p in playbook.phases
            )
            names = ", ".join(p.name for p in playbook.phases)
            return Turn(
                PlayState(playbook.id, None, persona_id, channel),
                [
                    Reply(
                        f"Which stage is this call in? {playbook.title} covers: {names}.",
                        buttons,
                        {"type": "choose_phase", "playbook": playbook.id},
                    )
                ],
            )
        new = PlayState(playbook.id, phase_id, persona_id, channel, 0)
        phase = playbook.phase(phase_id)
        understood = f"Got it: *{phase.name}*"
        if persona_id:
            understood += f" with the *{playbook.persona(persona_id).name}*"
        if channel:
            understood += f" ({channel})"
        understood += f". Here is the play from _{playbook.title}_ ({len(phase.steps)} steps)."
        understood += f"\nWhat the buyer wants here: {phase.buyer_goal}"
        intro = Reply(
            understood,
            data={
                "type": "play_started",
                "playbook": playbook.id,
                "phase": phase_id,
                "persona": persona_id,
                "channel": channel,
            },
        )
        return Turn(new, [intro, self._step_reply(playbook, new)])

    def move(self, state: PlayState, delta: int) -> Turn:
        playbook = self._playbook(state)
        if playbook is None or not state.active or state.phase is None:
            return Turn(state, [self._no_play()])
        phase = playbook.phase(state.phase)
        target = state.step + delta
        if target < 0:
            return Turn(
                state.at(0),
                [
                    Reply("You're at the first step already.", NAV_BUTTONS[1:]),
                    self._step_reply(playbook, state.at(0)),
                ],
            )
        if target >= len(phase.steps):
            return Turn(state, [self._phase_done(playbook, phase)])
        new = state.at(target)
        return Turn(new, [self._step_reply(playbook, new)])

    # -- content, objections, questions ------------------------------------------------------

    def content(self, state: PlayState, query: str) -> Turn:
        """Up to ``max_content`` documents: the play's designed content first, then search."""
        playbook = self._playbook(state)
        docs: list[tuple[Document, str]] = []
        if playbook is not None and state.active and state.phase:
            phase = playbook.phase(state.phase)
            steps = [self._step(phase, state.step), *list(phase.steps)]
            for ref in [ref for step in steps for ref in step.content]:
                docs.extend((d, "recommended in the playbook") for d in self.catalog.resolve(ref))
        # A strong hit for the seller's own words means they asked for something specific
        # ("case study for manufacturing"): it goes before the play's designed content.
        # Otherwise the play's context fills in what a vague request ("what do I send?") lacks.
        passages = self.knowledge.search(query, k=self.max_content * 2) if query else []
        strong = [p for p in passages if p.score >= self.strong_match]
        weak = [p for p in passages if p.score < self.strong_match]
        if not strong:
            context = " ".join([query, *self._context_words(playbook, state)]).strip()
            weak = self.knowledge.search(context, k=self.max_content * 2) if context else []
        picked: dict[str, tuple[str, str, str]] = {}
        for p in strong:
            picked.setdefault(p.source, (p.title, f"matches your question ({p.score:.2f})", p.url))
        for doc, why in docs:
            picked.setdefault(doc.source, (doc.title, why, ""))
        for p in weak:
            picked.setdefault(p.source, (p.title, f"related ({p.score:.2f})", p.url))
        items = list(picked.items())[: self.max_content]
        if not items:
            return Turn(state, [self._nothing(query)])
        lines = [
            f"{i}. *{title}*: `{source}`{' ' + url if url else ''}\n   {why}"
            for i, (source, (title, why, url)) in enumerate(items, 1)
        ]
        text = "Here is what I'd use:\n" + "\n".join(lines)
        data = {
            "type": "content",
            "items": [{"title": t, "source": s, "url": u, "why": w} for s, (t, w, u) in items],
        }
        return Turn(state, [Reply(text, NAV_BUTTONS if state.active else (), data)])

    def objection(self, state: PlayState, said: str) -> Turn:
        playbook = self._playbook(state) or choose_playbook(self.library.playbooks(), [said])
        match = self.objections.match(playbook, said) if playbook else None
        if match is None:
            passages = self.knowledge.search(said, k=2)
            if not passages:
                return Turn(state, [self._nothing(said, what="that objection")])
            text = (
                "That objection isn't in the playbook yet, so treat this as a starting "
                "point, not the designed answer. The closest I have:\n"
                + self._passages_text(passages)
            )
            return Turn(
                state,
                [
                    Reply(
                        text, data={"type": "objection_unknown", "citations": _citations(passages)}
                    )
                ],
            )
        objection = match.objection
        proof = [d for ref in objection.proof for d in self.catalog.resolve(ref)]
        text = f"*Objection: {objection.title}*\n{objection.response}"
        if proof:
            text += "\nProof to share:\n" + bullets([f"*{d.title}*: `{d.source}`" for d in proof])
        data = {
            "type": "objection",
            "playbook": playbook.id if playbook else None,
            "objection": objection.id,
            "score": round(match.score, 3),
            "proof": [{"title": d.title, "source": d.source} for d in proof],
        }
        buttons = NAV_BUTTONS if state.active else ()
        return Turn(state, [Reply(text, buttons, data)])

    def answer(self, state: PlayState, question: str) -> Turn:
        """A cited answer from the knowledge base and the playbooks' own steps."""
        passages = self.knowledge.search(question, k=self.max_content)
        if self.plays is not None:
            passages += self.plays.search(question, k=self.max_content)
        passages = diversify(passages, self.max_content)
        if not passages:
            return Turn(state, [self._nothing(question)])
        text = "From the knowledge base:\n" + self._passages_text(passages)
        return Turn(
            state, [Reply(text, data={"type": "answer", "citations": _citations(passages)})]
        )

    # -- rendering ---------------------------------------------------------------------------

    def _step_reply(self, playbook: Playbook, state: PlayState) -> Reply:
        assert state.phase is not None
        phase = playbook.phase(state.phase)
        step = self._step(phase, state.step)
        n = len(phase.steps)
        parts = [f"*{phase.name}, step {state.step + 1} of {n}: {step.title}*", step.do]
        if state.persona and state.persona in step.variants.personas:
            name = playbook.persona(state.persona).name
            parts.append(f"For the {name}: {step.variants.personas[state.persona]}")
        channel_note = _channel_variant(step, state.channel)
        if channel_note:
            parts.append(f"Over {state.channel}: {channel_note}")
        if step.questions:
            parts.append("Questions to ask:\n" + bullets(step.questions))
        if step.tips:
            parts.append("Tips:\n" + bullets(step.tips))
        parts.append(f"What the buyer should experience: {phase.buyer_experience}")
        docs = [d for ref in step.content for d in self.catalog.resolve(ref)]
        if docs:
            parts.append("Content: " + "; ".join(f"{d.title} (`{d.source}`)" for d in docs))
        last = state.step == n - 1
        if last:
            parts.append(
                "This is the last step. Exit criteria for "
                + phase.name
                + ":\n"
                + bullets(phase.exit_criteria)
            )
        else:
            parts.append('Say "next" to go on or "back" to go back.')
        data = {
            "type": "step",
            "playbook": playbook.id,
            "phase": phase.id,
            "step": step.id,
            "index": state.step,
            "count": n,
            "title": step.title,
            "do": step.do,
            "questions": step.questions,
            "buyer_experience": phase.buyer_experience,
            "content": [{"title": d.title, "source": d.source} for d in docs],
            "exit_criteria": phase.exit_criteria if last else [],
        }
        buttons = NAV_BUTTONS if not last else (NAV_BUTTONS[0], NAV_BUTTONS[2])
        return Reply("\n".join(parts), buttons, data)

    def _phase_done(self, playbook: Playbook, phase: Phase) -> Reply:
        text = f"That was the last step of {phase.name}. You can move on when:\n" + bullets(
            phase.exit_criteria
        )
        index = playbook.phases.index(phase)
        buttons: tuple[Button, ...] = (NAV_BUTTONS[0],)
        if index + 1 < len(playbook.phases):
            following = playbook.phases[index + 1]
            text += f"\nNext phase in the playbook: {following.name}."
            buttons += (
                Button(f"Start {following.name}", f'/start_play{{"phase":"{following.id}"}}'),
            )
        return Reply(
            text,
            buttons,
            {"type": "phase_done", "phase": phase.id, "exit_criteria": phase.exit_criteria},
        )

    def _nothing(self, query: str, what: str = "that") -> Reply:
        text = (
            f"I don't have anything on {what} in the playbooks or the knowledge base, "
            "and I'd rather say so than guess. What I can do:\n" + bullets(CAPABILITIES)
        )
        return Reply(text, data={"type": "no_answer", "query": query})

    def _no_play(self) -> Reply:
        return Reply(
            "There's no play running yet. Tell me about your call, for example "
            '"discovery call with a CFO tomorrow".',
            data={"type": "no_play"},
        )

    @staticmethod
    def _passages_text(passages: list[Passage]) -> str:
        out = []
        for p in passages:
            heading = f" > {p.heading}" if p.heading else ""
            snippet = p.text if len(p.text) <= 400 else p.text[:400].rsplit(" ", 1)[0] + " …"
            out.append(f"• {snippet}\n  Source: {p.title}{heading} (`{p.url or p.source}`)")
        return "\n".join(out)

    @staticmethod
    def _step(phase: Phase, index: int) -> Step:
        return phase.steps[max(0, min(index, len(phase.steps) - 1))]

    def _playbook(self, state: PlayState) -> Playbook | None:
        if not state.playbook:
            return None
        try:
            return self.library.get(state.playbook)
        except KeyError:
            return None

    @staticmethod
    def _context_words(playbook: Playbook | None, state: PlayState) -> list[str]:
        if playbook is None or not state.phase:
            return []
        words = [playbook.phase(state.phase).name]
        if state.persona:
            words.append(playbook.persona(state.persona).name)
        return words


def _channel_variant(step: Step, channel: str | None) -> str | None:
    for key, text in step.variants.channels.items():
        if key.value == channel:
            return text
    return None


def _citations(passages: list[Passage]) -> list[dict[str, object]]:
    return [
        {
            "title": p.title,
            "heading": p.heading,
            "source": p.source,
            "url": p.url,
            "score": round(p.score, 3),
        }
        for p in passages
    ]
