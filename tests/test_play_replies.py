"""pregame/play_replies.py: the guided play's payloads, through the contract's parser."""

from __future__ import annotations

import pytest

from pregame.play_replies import ChoosePlaybookPayload, PlayOption, StepPayload
from pregame.replies import ReplyContractError, parse_payload


def test_a_step_without_persona_or_content_parses_with_empty_parts() -> None:
    step = {
        "type": "step",
        "playbook": "b2b-buyer-experience",
        "phase": "discovery",
        "phase_name": "Discovery",
        "step": "open-and-agenda",
        "index": 0,
        "count": 4,
        "title": "Open and agenda",
        "do": "Agree the agenda.",
    }
    parsed = parse_payload(step)
    assert isinstance(parsed, StepPayload)
    assert parsed.persona_name is None and parsed.content == [] and parsed.questions == []


def test_which_play_offers_playbooks_with_the_phase_the_words_named() -> None:
    option = PlayOption(playbook="renewal", title="Renewal", phase="renewal-call")
    data = ChoosePlaybookPayload(options=[option]).model_dump(mode="json")
    assert parse_payload(data) == ChoosePlaybookPayload(options=[option])
    with pytest.raises(ReplyContractError, match="playbook"):
        parse_payload({"type": "choose_playbook", "options": [{"title": "Renewal"}]})
