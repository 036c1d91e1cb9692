"""Loading playbooks: every problem of a file in one run, each at its key or value with its
field path and a message that says what to change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pregame.playbook.loader import Check, PlaybookError, load_playbook, read_playbook
from pregame.playbook.references import knowledge_references
from pregame.playbook.schema import Playbook
from pregame.retrieval.catalog import KnowledgeCatalog
from tests.support.paths import FIXTURES, ROOT

OLD = FIXTURES / "playbooks"
BROKEN = FIXTURES / "playbooks_broken"

Located = tuple[int, int, str, str]


def problems(path: Path, checks: list[Check] | None = None) -> list[Located]:
    with pytest.raises(PlaybookError) as info:
        load_playbook(path, checks or [])
    return [(p.line, p.column, p.field, p.message) for p in info.value.problems]


@pytest.fixture(scope="module")
def knowledge() -> Check:
    catalog = KnowledgeCatalog(ROOT / "knowledge")
    catalog.refresh()
    return knowledge_references(catalog)


@pytest.mark.parametrize("path", sorted((ROOT / "playbooks").glob("*.yml")), ids=lambda p: p.name)
def test_every_shipped_playbook_validates(path: Path) -> None:
    playbook = load_playbook(path)
    assert playbook.phases and all(phase.steps for phase in playbook.phases)


def test_minimal_playbook_loads_with_defaults() -> None:
    playbook = load_playbook(OLD / "valid-minimal.yml")
    assert playbook.id == "minimal"
    assert playbook.playbook.audience == ["everyone"]
    assert playbook.phase("discovery").steps[1].variants.personas["cfo"].startswith("Lead")


def test_schema_errors_and_broken_links_come_in_one_run(knowledge: Check) -> None:
    """Eight mistakes of five kinds: one run, in file order, each at its key or value."""
    assert problems(BROKEN / "all-at-once.yml", [knowledge]) == [
        (7, 18, "playbook.last_reviewed", "expected a date as YYYY-MM-DD, got '2024-13-40'"),
        (
            14,
            34,
            "phases[0].interaction_points[1]",
            "unknown interaction point 'valeu'; did you mean 'value'? (interaction points: "
            "thought, content, engage, value, expertise, access, loyalty)",
        ),
        (
            23,
            9,
            "phases[0].steps[0].qestions",
            "unknown field 'qestions'; did you mean 'questions'?",
        ),
        (
            25,
            19,
            "phases[0].steps[0].content[0]",
            "no knowledge document 'roi-guide.md' in knowledge/; "
            "did you mean 'roi-business-case-guide.md'?",
        ),
        (
            28,
            13,
            "phases[0].steps[0].variants.personas.cfoo",
            "no persona 'cfoo' in this playbook; did you mean 'cfo'?",
        ),
        (
            30,
            13,
            "phases[0].steps[0].variants.channels.emial",
            "unknown channel 'emial'; did you mean 'email'? "
            "(channels: phone, video, email, in-person, social)",
        ),
        (
            31,
            13,
            "phases[0].steps[1].id",
            "duplicate step id 'open' in phase 'discovery': phases[0].steps[0] has it already; "
            "ids must be unique",
        ),
        (
            39,
            14,
            "objections[0].phases[0]",
            "no phase 'discovry' in this playbook; did you mean 'discovery'?",
        ),
    ]


def test_unknown_field_is_reported_at_its_key_not_at_its_value() -> None:
    """Its value starts on the next line; the key is where the typo is."""
    ((line, column, field, _), *_) = [
        p for p in problems(BROKEN / "all-at-once.yml") if p[2].endswith("qestions")
    ]
    assert (line, column, field) == (23, 9, "phases[0].steps[0].qestions")


def test_old_fixtures_are_located_with_paths() -> None:
    assert problems(OLD / "unknown-field.yml") == [
        (
            17,
            9,
            "phases[0].steps[0].qestions",
            "unknown field 'qestions'; did you mean 'questions'?",
        )
    ]
    assert problems(OLD / "duplicate-id.yml") == [
        (
            15,
            9,
            "phases[1].id",
            "duplicate phase id 'discovery': phases[0] has it already; ids must be unique",
        )
    ]
    assert problems(OLD / "wrong-type.yml") == [
        (17, 18, "phases[0].steps[0].minutes", "expected a whole number, got 'forever'")
    ]
    assert problems(OLD / "bad-reference.yml") == [
        (
            20,
            14,
            "objections[0].phases[0]",
            "no phase 'negotiaton' in this playbook; the phases here are: discovery",
        )
    ]


def test_values_yaml_reads_as_something_else_and_keys_written_twice() -> None:
    assert problems(BROKEN / "written-twice.yml") == [
        (
            6,
            12,
            "playbook.version",
            "expected text, got '1.0', which YAML reads as a number: put it in quotes: \"1.0\"",
        ),
        (
            7,
            3,
            "playbook.title",
            "'title' is written twice here (first on line 3); YAML keeps only the last one: "
            "remove or rename one of them",
        ),
        (18, 9, "phases[0].steps[0].do", "'do' has no value: write it after 'do:'"),
        (
            20,
            13,
            "phases[0].steps[0].tips[0]",
            "expected text, but the ': ' in it makes YAML read a 'field: value' pair: put the "
            'text in quotes: "Note: let them talk first"',
        ),
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2024-13-40", "expected a date as YYYY-MM-DD, got '2024-13-40'"),
        ("2024/11/01", "expected a date as YYYY-MM-DD, got '2024/11/01'"),
        ("Nov 2024", "expected a date as YYYY-MM-DD, got 'Nov 2024'"),
    ],
)
def test_dates_say_the_expected_format(tmp_path: Path, written: str, message: str) -> None:
    text = (OLD / "valid-minimal.yml").read_text()
    path = tmp_path / "dated.yml"
    path.write_text(
        text.replace("  owner: Tests\n", f"  owner: Tests\n  last_reviewed: {written}\n")
    )
    assert problems(path) == [(6, 18, "playbook.last_reviewed", message)]


def test_a_good_date_loads_as_a_date(tmp_path: Path) -> None:
    text = (OLD / "valid-minimal.yml").read_text()
    path = tmp_path / "dated.yml"
    path.write_text(
        text.replace("  owner: Tests\n", "  owner: Tests\n  last_reviewed: 2026-11-01\n")
    )
    reviewed = load_playbook(path).playbook.last_reviewed
    assert reviewed is not None and reviewed.isoformat() == "2026-11-01"


def test_missing_required_fields_are_named_at_their_section(tmp_path: Path) -> None:
    path = tmp_path / "missing.yml"
    path.write_text("playbook:\n  id: x\n  title: X\n  description: D\nphases: []\n")
    assert problems(path) == [
        (2, 3, "playbook", "required field 'owner' is missing"),
        (5, 9, "phases", "needs at least one entry (a line starting with '- ' under it)"),
    ]


def test_a_misspelt_required_field_is_reported_once(tmp_path: Path) -> None:
    """``doo:`` for ``do:``: the did-you-mean says it all; no second "'do' is missing"."""
    text = (OLD / "valid-minimal.yml").read_text()
    path = tmp_path / "typo.yml"
    path.write_text(text.replace("        do: Agree", "        doo: Agree"))
    assert problems(path) == [
        (21, 9, "phases[0].steps[0].doo", "unknown field 'doo'; did you mean 'do'?")
    ]


def test_an_id_with_capitals_suggests_one_that_works(tmp_path: Path) -> None:
    text = (OLD / "valid-minimal.yml").read_text()
    path = tmp_path / "ids.yml"
    path.write_text(text.replace("  id: minimal", "  id: Mid Market"))
    assert problems(path) == [
        (
            2,
            7,
            "playbook.id",
            "an id uses only lowercase letters, digits and dashes (for example 'mid-market'); "
            "got 'Mid Market'",
        )
    ]


def test_empty_and_non_mapping_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yml"
    empty.write_text("# nothing yet\n")
    listed = tmp_path / "list.yml"
    listed.write_text("- a\n- b\n")
    start = "a playbook starts with a 'playbook:' section"
    assert problems(empty) == [(1, 1, "", f"the file is empty: {start}")]
    assert problems(listed) == [
        (1, 1, "", f"the file is not a set of 'name: value' fields: {start}")
    ]


def test_a_file_that_is_not_utf8_names_the_line() -> None:
    with pytest.raises(PlaybookError) as info:
        read_playbook(Path("latin.yml"), b"playbook:\n  title: caf\xe9\n")
    (problem,) = info.value.problems
    assert (problem.line, problem.message) == (
        2,
        "the file is not UTF-8 text: save it as UTF-8 in your editor",
    )


def test_the_model_applies_the_same_rules_as_the_loader() -> None:
    """Playbooks built in code get the same checks (the schema's meaning is unchanged)."""
    playbook = load_playbook(OLD / "valid-minimal.yml")
    data = playbook.model_dump(mode="json")
    data["objections"][0]["phases"] = ["negotiaton"]
    expected = re.escape("objections[0].phases[0]: no phase 'negotiaton'")
    with pytest.raises(ValueError, match=expected):
        Playbook.model_validate(data)
