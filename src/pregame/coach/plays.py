"""Which play a seller means: the playbook, phase and persona, from their words and team.

The coach asks this module; it reads the library (no I/O: the coach refreshes it once a turn)
and, for a new play described in the seller's own words, the phases' meaning
(:class:`~pregame.coach.situations.PhaseMatcher`). Short answers ("the partner one",
"evaluation", a button's ids) are read by names alone, so a word is never over-read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from pregame.coach import cards
from pregame.coach.choice import MAX_OPTIONS, Choice, Fit, choose, offered
from pregame.coach.resolve import resolve_channel, resolve_persona, resolve_phase
from pregame.coach.situations import PhaseMatcher
from pregame.coach.state import PlayState
from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.schema import Playbook
from pregame.replies import Reply


def matching_phase(playbook: Playbook, names: Sequence[str]) -> str | None:
    """The phase of ``playbook`` that most of another phase's names point to ("Joint expansion
    call", "expansion meeting" -> Renewal and expansion); None when none does or two tie."""
    votes = Counter(p for name in names if (p := resolve_phase(playbook, [name])))
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


class PlayChooser:
    """Reads which play a seller means, over the library's playbooks (see the module)."""

    def __init__(self, library: PlaybookLibrary, situations: PhaseMatcher | None = None) -> None:
        self.library = library
        self.situations = situations

    def warm(self) -> None:
        if self.situations is not None:
            self.situations.warm(self.library.playbooks())

    def offered(self, team: str | None) -> list[Playbook]:
        """The playbooks a seller in ``team`` is offered, their team's own first."""
        return offered(self.library.playbooks(), team)

    def choice(
        self,
        texts: Sequence[str],
        team: str | None = None,
        prefer: str | None = None,
        *,
        by_meaning: bool = False,
        leave_out: str | None = None,
        plays_only: bool = False,
    ) -> Choice:
        """The playbooks scored against the words (and their meaning when ``by_meaning``);
        ``leave_out`` drops one playbook (the one the seller said "no" to); with
        ``plays_only``, only words that name a play count (see :func:`choose`)."""
        playbooks = [p for p in self.library.playbooks() if p.id != leave_out]
        meaning = None
        if by_meaning and self.situations is not None:
            # the seller's own words (the last text; entity values come before it)
            said = next((t for t in reversed(texts) if t and not t.startswith("/")), "")
            meaning = self.situations.meaning(offered(playbooks, team), said)
        return choose(playbooks, texts, team, prefer, meaning, plays_only=plays_only)

    def understand(self, state: PlayState, texts: Sequence[str], team: str | None) -> PlayState:
        """A new play's state from the seller's words: playbook, phase, persona, channel.

        When the words fit several playbooks about equally, the playbook is left open (the
        coach asks which, with buttons that carry each play's phase and persona). Persona and
        channel carry over unless the seller names new ones; the phase does not.
        """
        channel = resolve_channel(texts) or state.channel
        fit = self.choice(texts, team, state.playbook, by_meaning=True).best
        if fit is None:
            return PlayState(channel=channel)
        persona = fit.persona
        if persona is None and state.playbook == fit.playbook.id:
            persona = state.persona
        return PlayState(fit.playbook.id, fit.phase, persona, channel, 0)

    def pick(self, state: PlayState, texts: Sequence[str], team: str | None) -> PlayState:
        """What an answer to "which play?" or "which stage?" picks (a button's ids, or typed
        names): the state with the playbook, phase and persona it names, unchanged where it
        names none. A phase of another playbook moves the play there. Which playbook is read
        from the words that name a play ("the reseller one" is not the reseller persona)."""
        fit = self.choice(texts, team, state.playbook, plays_only=True).best
        if fit is None or fit.names == 0:
            return state
        persona = resolve_persona(fit.playbook, texts)
        if fit.playbook.id == state.playbook:
            return replace(state, phase=fit.phase or state.phase, persona=persona or state.persona)
        return self.moved(state, replace(fit, persona=persona))

    def named_phase(
        self, state: PlayState, texts: Sequence[str], team: str | None
    ) -> PlayState | Reply | None:
        """The play at the phase the words name (of the current playbook, else of another one,
        moving there); "which play?" when the name fits several playbooks; None if no phase is
        named."""
        choice = self.choice(texts, team, state.playbook)
        named = [f for f in choice.options if f.phase_named]
        if choice.best is None and named:
            return self.which_play(replace(choice, options=named), "Which play's phase?")
        fit = choice.best
        if fit is None or not fit.phase_named:
            return None
        if fit.playbook.id == state.playbook:
            return replace(state, phase=fit.phase, step=0)
        return self.moved(state, fit)

    def moved(self, state: PlayState, fit: Fit, keep_phase: bool = False) -> PlayState:
        """The play moved to ``fit``'s playbook: its named phase (or, with ``keep_phase``, the
        one whose names match the current phase's), and the persona named or matching the
        current one."""
        target = fit.playbook
        old = self._playbook(state.playbook)
        phase = fit.phase
        if phase is None and keep_phase and old is not None and state.phase:
            current = next((p for p in old.phases if p.id == state.phase), None)
            if current is not None:
                phase = matching_phase(target, [current.name, *current.aliases])
        persona = fit.persona
        if persona is None and old is not None and state.persona:
            was = next((p for p in old.personas if p.id == state.persona), None)
            if was is not None:
                persona = resolve_persona(target, [was.name, *was.aliases])
        return PlayState(target.id, phase, persona, state.channel, 0)

    def suggestion(self, said: str, team: str | None) -> Reply | None:
        """The play a question clearly describes ("got an RFP due in 12 days, how do we decide
        if we even bid?") as a button; None when it describes none, or several about equally."""
        if not said.strip() or said.startswith("/"):
            return None
        choice = self.choice([said], team, by_meaning=True)
        best = choice.best
        if best is None or choice.by_default or not (best.phase or best.about):
            return None
        return cards.choose_playbook([(best.playbook, best.phase, best.persona)], "Want the play?")

    def which_play(self, choice: Choice, prompt: str = "Which play?") -> Reply:
        """The plays to pick from as buttons (the close ones, else the best few), each with the
        phase and persona the words name in it."""
        options = choice.options or choice.ranked[:MAX_OPTIONS]
        if not options:
            return cards.no_playbooks()
        return cards.choose_playbook([(f.playbook, f.phase, f.persona) for f in options], prompt)

    def _playbook(self, playbook_id: str | None) -> Playbook | None:
        if not playbook_id:
            return None
        try:
            return self.library.get(playbook_id)
        except KeyError:
            return None
