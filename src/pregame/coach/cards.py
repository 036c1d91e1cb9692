"""Pure renderers: playbook parts and search results into replies (text, buttons, payload).

Each reply carries a typed payload from :mod:`pregame.replies`; a channel such as Slack renders
it as a rich card keyed by its type. docs/conversation.md lists every type.
"""

from __future__ import annotations

from collections.abc import Sequence

from pregame.coach.answer_cards import KNOWLEDGE_UNREACHABLE
from pregame.coach.buttons import (
    NAV_BUTTONS,
    NO_OBJECTION,
    objection_payload,
    start_phase_payload,
    start_play_payload,
)
from pregame.coach.stale import Stale, bracketed, doc_line, doc_refs, flag_text
from pregame.coach.state import PlayState
from pregame.coach.text import bullets
from pregame.playbook.schema import Objection, Phase, Playbook, Step
from pregame.replies import (
    Button,
    ChooseObjectionPayload,
    ChoosePersonaPayload,
    ChoosePhasePayload,
    ChoosePlaybookPayload,
    ChooseStepPayload,
    ContentItem,
    ContentPayload,
    ContextChangedPayload,
    NoPlaybooksPayload,
    NoPlayPayload,
    NudgePayload,
    ObjectionOption,
    ObjectionPayload,
    OverviewPayload,
    PhaseDonePayload,
    PlayOption,
    PlayStartedPayload,
    PlayStoppedPayload,
    Reply,
    StepPayload,
    StepSummary,
)
from pregame.retrieval.catalog import Document

# -- guided play -------------------------------------------------------------------------------


def play_started(playbook: Playbook, state: PlayState) -> Reply:
    assert state.phase is not None
    phase = playbook.phase(state.phase)
    text = f"Got it: *{phase.name}*"
    if state.persona:
        text += f" with the *{playbook.persona(state.persona).name}*"
    if state.channel:
        text += f" ({state.channel})"
    text += f". Here is the play from _{playbook.title}_ ({len(phase.steps)} steps)."
    text += f"\nWhat the buyer wants here: {phase.buyer_goal}"
    payload = PlayStartedPayload(
        playbook=playbook.id, phase=phase.id, persona=state.persona, channel=state.channel
    )
    return Reply(text, payload=payload)


def choose_phase(playbook: Playbook, prompt: str, others: Sequence[Playbook] = ()) -> Reply:
    """The playbook's phases as buttons; ``others`` are the other plays the seller could
    name instead."""
    buttons = tuple(Button(p.name, start_phase_payload(p.id, playbook.id)) for p in playbook.phases)
    names = ", ".join(p.name for p in playbook.phases)
    payload = ChoosePhasePayload(playbook=playbook.id, phases=[p.id for p in playbook.phases])
    text = f"{prompt} {playbook.title} covers: {names}."
    if others:
        text += f"\nAnother play? Say which: {', '.join(o.title for o in others)}."
    return Reply(text, buttons, payload)


def choose_playbook(
    options: Sequence[tuple[Playbook, str | None, str | None]], prompt: str = "Which play?"
) -> Reply:
    """Plays to pick from, each with the phase and persona the seller's words name in it (the
    button carries them, so the pick starts that play where the seller meant)."""
    picks: list[PlayOption] = []
    for playbook, phase_id, persona_id in options:
        phase = playbook.phase(phase_id).name if phase_id else None
        picks.append(PlayOption(playbook=playbook.id, title=playbook.title, phase=phase_id,
                                phase_name=phase, persona=persona_id))  # fmt: skip
    buttons = tuple(
        Button(o.title, start_play_payload(o.playbook, o.phase, o.persona)) for o in picks
    )
    lines = [f"{o.title} ({o.phase_name})" if o.phase_name else o.title for o in picks]
    text = f"{prompt} " + " / ".join(lines)
    return Reply(text, buttons, ChoosePlaybookPayload(options=picks))


def choose_step(phase: Phase) -> Reply:
    n = len(phase.steps)
    return Reply(f"{phase.name} has steps 1 to {n}. Which one?", payload=ChooseStepPayload(count=n))


def step_card(
    playbook: Playbook, state: PlayState, docs: Sequence[Document], stale: Stale | None = None
) -> Reply:
    assert state.phase is not None
    phase = playbook.phase(state.phase)
    step = phase.steps[state.step]
    n = len(phase.steps)
    parts = [f"*{phase.name}, step {state.step + 1} of {n}: {step.title}*", step.do]
    persona_note = step.variants.personas.get(state.persona or "")
    if state.persona and persona_note:
        parts.append(f"For the {playbook.persona(state.persona).name}: {persona_note}")
    channel_note = channel_variant(step, state.channel)
    if channel_note:
        parts.append(f"Over {state.channel}: {channel_note}")
    if step.questions:
        parts.append("Questions to ask:\n" + bullets(step.questions))
    if step.tips:
        parts.append("Tips:\n" + bullets(step.tips))
    parts.append(f"What the buyer should experience: {phase.buyer_experience}")
    refs = doc_refs(docs, stale)
    if refs:
        parts.append("Content: " + "; ".join(doc_line(r) for r in refs))
    last = state.step == n - 1
    if last:
        parts.append(f"This is the last step. Exit criteria for {phase.name}:\n")
        parts[-1] += bullets(phase.exit_criteria)
    else:
        parts.append('Say "next" to go on or "back" to go back.')
    payload = StepPayload(
        playbook=playbook.id,
        phase=phase.id,
        phase_name=phase.name,
        step=step.id,
        index=state.step,
        count=n,
        title=step.title,
        do=step.do,
        persona=state.persona,
        persona_name=playbook.persona(state.persona).name if state.persona else None,
        persona_note=persona_note if state.persona else None,
        channel=state.channel,
        channel_note=channel_note,
        questions=step.questions,
        tips=step.tips,
        buyer_says=step.buyer_says,
        buyer_experience=phase.buyer_experience,
        content=refs,
        exit_criteria=phase.exit_criteria if last else [],
    )
    buttons = NAV_BUTTONS if not last else (NAV_BUTTONS[0], NAV_BUTTONS[2])
    return Reply("\n".join(parts), buttons, payload)


def phase_done(playbook: Playbook, phase: Phase) -> Reply:
    text = f"That was the last step of {phase.name}. You can move on when:\n" + bullets(
        phase.exit_criteria
    )
    buttons: tuple[Button, ...] = (NAV_BUTTONS[0],)
    following = playbook.next_phase(phase)
    if following is not None:
        text += f"\nNext phase in the playbook: {following.name}."
        start = start_phase_payload(following.id, playbook.id)
        buttons += (Button(f"Start {following.name}", start),)
    payload = PhaseDonePayload(
        phase=phase.id,
        exit_criteria=phase.exit_criteria,
        next_phase=following.id if following else None,
    )
    return Reply(text, buttons, payload)


def overview(playbook: Playbook, state: PlayState) -> Reply:
    """The whole phase on one screen: for sellers who want the map before the walk."""
    assert state.phase is not None
    phase = playbook.phase(state.phase)
    lines = [
        f"*{phase.name}: the whole play* ({playbook.title})",
        f"Goal: {phase.seller_objective}",
    ]
    for i, step in enumerate(phase.steps, 1):
        here = "  ← you are here" if i - 1 == state.step else ""
        minutes = f" ({step.minutes} min)" if step.minutes else ""
        lines.append(f"{i}. *{step.title}*{minutes}{here}\n   {step.do}")
    lines.append("Done when:\n" + bullets(phase.exit_criteria))
    payload = OverviewPayload(
        playbook=playbook.id,
        phase=phase.id,
        index=state.step,
        steps=[StepSummary(id=s.id, title=s.title, do=s.do) for s in phase.steps],
        exit_criteria=phase.exit_criteria,
    )
    return Reply("\n".join(lines), NAV_BUTTONS, payload)


def choose_persona(playbook: Playbook) -> Reply:
    names = ", ".join(p.name for p in playbook.personas)
    text = f"Who are you meeting, or how? This playbook knows: {names}."
    return Reply(text, payload=ChoosePersonaPayload())


def context_changed(text: str, state: PlayState) -> Reply:
    payload = ContextChangedPayload(persona=state.persona, channel=state.channel)
    return Reply(text, payload=payload)


def nudge(in_play: bool, agreed: bool) -> Reply:
    """What a bare "ok" or "no" gets when it does not move the play."""
    if in_play:
        text = "OK. Say *next* when you're ready, *back* to go back, or *stop* to end the play."
        return Reply(text, NAV_BUTTONS, NudgePayload())
    text = (
        "Got it. What's next: a call to prep, content to find, or an objection to handle?"
        if agreed
        else "No problem. Tell me about your next call, or ask me for content or an objection."
    )
    return Reply(text, payload=NudgePayload())


def play_stopped() -> Reply:
    return Reply(
        "Play stopped. Tell me about your next call whenever you're ready.",
        payload=PlayStoppedPayload(),
    )


def no_play() -> Reply:
    return Reply(
        "There's no play running yet. Tell me about your call, for example "
        '"discovery call with a CFO tomorrow".',
        payload=NoPlayPayload(),
    )


def no_playbooks() -> Reply:
    return Reply(
        "No playbooks are loaded yet. Ask your sales manager to add one to playbooks/ "
        "(see playbooks/README.md).",
        payload=NoPlaybooksPayload(),
    )


# -- content, objections, answers ------------------------------------------------------------


def content_list(
    items: Sequence[ContentItem], in_play: bool, *, knowledge_reached: bool = True
) -> Reply:
    """The content to use; without ``knowledge_reached`` it says the list is the playbook's
    own recommendations only."""
    lines = [
        f"{i}. *{item.title}*: `{item.source}`{' ' + item.url if item.url else ''}\n   {item.why}"
        + (f"\n   {flag_text(item.stale)}" if item.stale else "")
        for i, item in enumerate(items, 1)
    ]
    buttons = NAV_BUTTONS if in_play else ()
    payload = ContentPayload(items=list(items))
    intro = (
        "Here is what I'd use:"
        if knowledge_reached
        else f"{KNOWLEDGE_UNREACHABLE}, so this is only what the playbook recommends:"
    )
    return Reply(intro + "\n" + "\n".join(lines), buttons, payload)


def objection_card(
    playbook: Playbook,
    objection: Objection,
    score: float,
    proof: Sequence[Document],
    active: bool,
    stale: Stale | None = None,
) -> Reply:
    """The designed answer; ``proof`` in the order to offer it (fresh first)."""
    text = f"*Objection: {objection.title}*\n{objection.response}"
    refs = doc_refs(proof, stale)
    if refs:
        lines = [f"*{r.title}*: `{r.source}`" + bracketed(r.stale) for r in refs]
        text += "\nProof to share:\n" + bullets(lines)
    payload = ObjectionPayload(
        playbook=playbook.id,
        objection=objection.id,
        title=objection.title,
        response=objection.response,
        score=round(score, 3),
        proof=refs,
    )
    return Reply(text, NAV_BUTTONS if active else (), payload)


def which_objection(options: Sequence[tuple[Playbook, Objection]]) -> Reply:
    """Not sure which objection the seller means: offer the likeliest, and a way out."""
    picks = [Button(o.title, objection_payload(f"{p.id}/{o.id}")) for p, o in options]
    buttons = (*picks, Button("Something else", objection_payload(NO_OBJECTION)))
    text = "Which of these is closest to what the buyer said?\n" + bullets(
        [o.title for _, o in options]
    )
    payload = ChooseObjectionPayload(
        options=[ObjectionOption(playbook=p.id, objection=o.id, title=o.title) for p, o in options]
    )
    return Reply(text, buttons, payload)


def channel_variant(step: Step, channel: str | None) -> str | None:
    for key, text in step.variants.channels.items():
        if key.value == channel:
            return text
    return None
