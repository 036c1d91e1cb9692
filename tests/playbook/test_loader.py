from __future__ import annotations

from pathlib import Path

import pytest

from pregame.playbook.loader import PlaybookError, load_playbook
from tests.support.paths import FIXTURES, ROOT

BROKEN = FIXTURES / "playbooks"


@pytest.mark.parametrize("path", sorted((ROOT / "playbooks").glob("*.yml")), ids=lambda p: p.name)
def test_every_shipped_playbook_validates(path: Path) -> None:
    playbook = load_playbook(path)
    assert playbook.phases and all(phase.steps for phase in playbook.phases)


def test_minimal_playbook_loads_with_defaults() -> None:
    playbook = load_playbook(BROKEN / "valid-minimal.yml")
    assert playbook.id == "minimal"
    assert playbook.playbook.audience == ["everyone"]
    assert playbook.phase("discovery").steps[1].variants.personas["cfo"].startswith("Lead")


def _problems(name: str) -> list[str]:
    with pytest.raises(PlaybookError) as info:
        load_playbook(BROKEN / name)
    return [str(p) for p in info.value.problems]


def test_syntax_error_names_file_and_line() -> None:
    (problem,) = _problems("syntax-error.yml")
    assert "syntax-error.yml:6:1" in problem
    assert "YAML syntax error" in problem


def test_unknown_field_suggests_the_right_name_at_its_line() -> None:
    (problem,) = _problems("unknown-field.yml")
    assert "unknown-field.yml:17:" in problem
    assert "phases.0.steps.0.qestions" in problem
    assert "did you mean 'questions'?" in problem


def test_duplicate_id_is_reported() -> None:
    (problem,) = _problems("duplicate-id.yml")
    assert "duplicate phase id 'discovery'" in problem


def test_wrong_type_points_at_the_value() -> None:
    (problem,) = _problems("wrong-type.yml")
    assert "wrong-type.yml:17:18" in problem
    assert "minutes" in problem and "integer" in problem


def test_bad_reference_lists_known_ids() -> None:
    (problem,) = _problems("bad-reference.yml")
    assert "unknown phase(s) ['negotiaton']" in problem
    assert "known phases: ['discovery']" in problem


def test_missing_required_field_names_it(tmp_path: Path) -> None:
    path = tmp_path / "missing.yml"
    path.write_text("playbook:\n  id: x\n  title: X\n  description: D\nphases: []\n")
    with pytest.raises(PlaybookError) as info:
        load_playbook(path)
    messages = [str(p) for p in info.value.problems]
    assert any("required field 'owner' is missing" in m and ":2:" in m for m in messages)
    assert any("phases" in m for m in messages)
