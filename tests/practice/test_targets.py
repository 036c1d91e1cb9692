"""Finding the designed response a buyer line is scored against, and clear errors."""

from __future__ import annotations

import pytest

from pregame.playbook.schema import Playbook
from pregame.practice.targets import PracticeError, find_step, find_target


def test_each_kind_finds_its_designed_response(b2b: Playbook) -> None:
    objection = find_target(b2b, "objection", "no-budget")
    assert objection.response == b2b.objection("no-budget").response
    assert objection.proof == ("roi-business-case-guide.md",) and objection.phase == ""
    step = find_target(b2b, "step", "tailored-demo")
    assert step.phase == "evaluation" and step.response.startswith("Start with the problem")
    concern = find_target(b2b, "concern", "tailored-demo", persona_id="cfo")
    assert concern.response == b2b.phase("evaluation").steps[1].variants.personas["cfo"]
    assert find_target(b2b, "step", "evaluation/tailored-demo") == step


@pytest.mark.parametrize(
    ("kind", "target", "persona", "message"),
    [
        ("objection", "too-cheap", "", "no objection 'too-cheap'; its objections: too-expensive"),
        ("step", "dance", "", "has no step 'dance' in any phase"),
        ("step", "nowhere/dance", "", "has no phase 'nowhere'; its phases: research"),
        ("concern", "agree-next-step", "cfo", "has no guidance for persona 'cfo'"),
        ("question", "x", "", "unknown kind 'question'"),
    ],
)
def test_unknown_parts_give_a_clear_error(
    b2b: Playbook, kind: str, target: str, persona: str, message: str
) -> None:
    with pytest.raises(PracticeError, match=message):
        find_target(b2b, kind, target, persona_id=persona)


def test_a_step_id_in_two_phases_needs_the_phase_or_the_buyers_line(b2b: Playbook) -> None:
    phases = list(b2b.phases)
    copy = phases[2].steps[0].model_copy(update={"buyer_says": ["Something else."]})
    twin = phases[1].model_copy(update={"steps": [*phases[1].steps, copy]})
    doubled = b2b.model_copy(update={"phases": [phases[0], twin, *phases[2:]]})
    step_id = phases[2].steps[0].id
    with pytest.raises(PracticeError, match="is in several phases"):
        find_step(doubled, step_id)
    assert find_step(doubled, step_id, phase_id=phases[2].id)[0].id == phases[2].id
    said = phases[2].steps[0].buyer_says[0]
    assert find_step(doubled, step_id, buyer_line=said)[0].id == phases[2].id
    assert find_step(doubled, step_id, buyer_line="Something else.")[0].id == phases[1].id
