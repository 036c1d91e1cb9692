from __future__ import annotations

import json
from pathlib import Path

import pytest

from pregame.playbook.jsonschema import SCHEMA_FILE, schema_text
from pregame.playbook.loader import load_playbook
from pregame.playbook.render import to_markdown
from tests.support.paths import ROOT

PLAYBOOKS = sorted((ROOT / "playbooks").glob("*.yml"))


def test_committed_schema_matches_the_model() -> None:
    committed = (ROOT / "playbooks" / SCHEMA_FILE).read_text()
    assert committed == schema_text(), "run `pregame schema -o playbooks/playbook.schema.json`"
    schema = json.loads(committed)
    step = schema["$defs"]["Step"]
    assert step["additionalProperties"] is False
    assert "questions" in step["properties"]


@pytest.mark.parametrize("path", PLAYBOOKS, ids=lambda p: p.name)
def test_sample_playbooks_point_editors_at_the_schema(path: Path) -> None:
    first = path.read_text().splitlines()[0]
    assert first == f"# yaml-language-server: $schema=./{SCHEMA_FILE}"


def test_render_has_every_phase_step_and_objection() -> None:
    playbook = load_playbook(ROOT / "playbooks" / "b2b-buyer-experience.yml")
    text = to_markdown(playbook)
    assert text.startswith(f"# {playbook.title}\n")
    for phase in playbook.phases:
        assert f"## {phase.name}" in text
        assert all(step.title in text for step in phase.steps)
        assert phase.exit_criteria[0] in text
    assert all(o.title in text for o in playbook.objections)
