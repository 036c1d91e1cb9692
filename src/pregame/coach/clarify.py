"""The fallback's clarifying question: the likeliest meanings of an unclear message in plain
words, as buttons (never intent names). When the words point to one play, the buttons that
would run it name it, so the seller sees where a click leads."""

from __future__ import annotations

from collections.abc import Sequence

from pregame.playbook.schema import Phase, Playbook
from pregame.replies import Button, ClarifyPayload, Reply

QUESTION = "I'm not sure I got that. Did you want me to:"

WHAT_IT_MEANS = {
    "start_play": "walk through a play for a call",
    "prepare_call": "get a call-prep brief",
    "ask_content": "find content to send",
    "raise_objection": "handle something the buyer said",
    "ask_question": "answer a sales question",
    "next_step": "go to the next step",
    "previous_step": "go back a step",
    "repeat_step": "see this step again",
    "go_to": "jump to a step or phase",
    "show_play": "see the whole play",
    "restart_play": "restart the play",
    "stop_play": "stop the play",
    "change_context": "switch persona or channel",
    "help": "see what I can do",
}
"""The intents the question may offer, in the seller's words."""

RUNS_A_PLAY = frozenset({"start_play", "prepare_call"})


def offered(ranking: Sequence[str], most: int = 2) -> list[str]:
    """The likeliest intents that have plain words, best first."""
    return [name for name in ranking if name in WHAT_IT_MEANS][:most]


def button_title(intent: str, play: tuple[Playbook, Phase] | None) -> str:
    if play is None or intent not in RUNS_A_PLAY:
        return WHAT_IT_MEANS[intent].capitalize()
    playbook, phase = play
    if intent == "prepare_call":
        return f"Call-prep brief: {phase.name} ({playbook.title})"
    return f"Walk through: {phase.name} ({playbook.title})"


def clarify(options: Sequence[str], play: tuple[Playbook, Phase] | None = None) -> Reply:
    """The question with a button per option and "Something else". ``play`` is the playbook
    and phase the unclear message points to, if any: what a click on a play option starts."""
    buttons = [Button(button_title(o, play), f"/{o}") for o in options]
    buttons.append(Button("Something else", "/out_of_scope"))
    return Reply(QUESTION, tuple(buttons), ClarifyPayload(options=list(options)))
