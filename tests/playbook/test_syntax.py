"""YAML syntax errors in plain language, where the mistake most likely is, and the problems
after them found in the same run."""

from __future__ import annotations

from pathlib import Path

import pytest

from pregame.playbook.loader import PlaybookError, load_playbook
from pregame.playbook.syntax import parse
from tests.support.paths import FIXTURES

BROKEN = FIXTURES / "playbooks_broken"

Located = tuple[int, int, str, str]


def problems(path: Path) -> list[Located]:
    with pytest.raises(PlaybookError) as info:
        load_playbook(path)
    return [(p.line, p.column, p.field, p.message) for p in info.value.problems]


def test_a_field_indented_too_little() -> None:
    assert problems(BROKEN / "indented-too-little.yml") == [
        (
            9,
            4,
            "phases[0].buyer_goal",
            "'buyer_goal' is indented 3 spaces, but 'name' on line 8 uses 4: indent it 4 spaces "
            "to line it up (YAML nests by indentation)",
        )
    ]


def test_a_field_indented_too_far_is_not_called_a_mapping_value() -> None:
    """PyYAML says "mapping values are not allowed here" at the colon."""
    assert problems(BROKEN / "indented-too-far.yml") == [
        (
            16,
            10,
            "phases[0].steps[0].do",
            "'do' is indented 9 spaces but 'title' on line 15 uses 8, so YAML reads it as more "
            "text of 'title': indent it 8 spaces to line it up",
        )
    ]


def test_a_line_of_text_indented_differently_from_the_rest() -> None:
    assert problems(BROKEN / "text-block-indent.yml") == [
        (
            11,
            8,
            "phases[0].buyer_experience",
            "this line of the text of 'buyer_experience' is indented 7 spaces but the others "
            "use 6: start every line of the text at the same column",
        )
    ]


def test_an_unclosed_quote_is_reported_where_it_opened_and_parsing_goes_on() -> None:
    """The parser gives up on line 22 (where the next quote is); the quote opened on 18. With
    the quote closed, the schema finds the bad duration on 23 in the same run."""
    assert problems(BROKEN / "unclosed-quote.yml") == [
        (
            18,
            13,
            "phases[0].steps[0].buyer_says[0]",
            'the double quote (") opened here is not closed on this line, so YAML reads '
            'everything up to the next " on line 22 as one value: add the closing " at the end '
            "of the value",
        ),
        (23, 18, "phases[0].steps[0].minutes", "expected a whole number, got 'forever'"),
    ]


def test_a_quote_inside_a_quoted_value() -> None:
    assert problems(BROKEN / "quote-inside-quotes.yml") == [
        (
            16,
            13,
            "phases[0].steps[0].do",
            'this value in "..." ends at column 18, but more text follows it: to put a " inside '
            "the value write \\\", or put the whole value in '...' instead",
        )
    ]


def test_a_tab() -> None:
    assert problems(BROKEN / "tab.yml") == [
        (
            4,
            1,
            "playbook.description",
            "this line has a tab character; YAML needs spaces for indentation and after ':': "
            "replace the tab with spaces (set your editor to insert spaces for Tab)",
        )
    ]


def test_no_space_after_a_colon() -> None:
    assert problems(BROKEN / "colon-without-space.yml") == [
        (3, 8, "playbook.title", "put a space after the colon: write 'title: Colons'")
    ]


def test_an_unquoted_value_with_a_colon_in_it() -> None:
    assert problems(BROKEN / "colon-in-value.yml") == [
        (
            15,
            16,
            "phases[0].steps[0].title",
            "the value of 'title' contains ': ', which YAML reads as the start of another "
            'field: put the whole value in quotes, like title: "Pricing: the first conversation"',
        )
    ]


def test_no_space_after_a_dash() -> None:
    assert problems(BROKEN / "dash-without-space.yml") == [
        (
            17,
            7,
            "phases[0].steps[1]",
            "put a space after '-' to start a list item: write '- id: dig'",
        )
    ]


def test_three_syntax_mistakes_and_a_schema_error_in_one_run() -> None:
    assert problems(BROKEN / "three-slips.yml") == [
        (3, 8, "playbook.title", "put a space after the colon: write 'title: Three slips'"),
        (
            10,
            1,
            "phases[0].buyer_experience",
            "this line has a tab character; YAML needs spaces for indentation and after ':': "
            "replace the tab with spaces (set your editor to insert spaces for Tab)",
        ),
        (
            15,
            16,
            "phases[0].steps[0].title",
            'the double quote (") opened here is not closed on this line, so YAML reads '
            'everything up to the end of the file as one value: add the closing " at the end '
            "of the value",
        ),
        (17, 18, "phases[0].steps[0].minutes", "must be at least 1, got 0"),
    ]


def test_an_unclosed_bracket_is_reported_where_it_opened() -> None:
    assert problems(BROKEN / "unclosed-bracket.yml") == [
        (
            6,
            9,
            "playbook.tags",
            "the [ opened here is not closed on this line: add ] at the end of the list",
        )
    ]


def test_an_error_with_no_safe_fix_stops_with_a_hint() -> None:
    parsed = parse("notes: |\n  text\ntags: [x]]\n")
    assert parsed.node is None
    assert [(s.line, s.column, s.message) for s in parsed.slips] == [
        (
            3,
            10,
            "YAML syntax error: expected <block end>, but found ']'; check this line and the "
            "one above: indentation lined up with the fields around it (spaces, not tabs), "
            "quotes closed, and a space after each ':' and '-'",
        )
    ]


def test_dates_stay_text_for_the_schema_to_check() -> None:
    """YAML itself would fail on 2024-13-40 ("month must be in 1..12")."""
    assert parse("last_reviewed: 2024-13-40\n").data == {"last_reviewed": "2024-13-40"}


def test_a_value_starting_with_a_character_yaml_reserves() -> None:
    assert problems(BROKEN / "special-character.yml") == [
        (
            16,
            13,
            "phases[0].steps[0].do",
            "'*' at the start of a value has a special meaning in YAML: put it in quotes, like "
            '"*really* listen before you pitch."',
        )
    ]


def test_a_list_item_indented_too_far() -> None:
    assert problems(BROKEN / "list-item-indented.yml") == [
        (
            17,
            9,
            "phases[0].steps[1]",
            "this list item is indented 8 spaces, but the list item on line 14 uses 6: indent it "
            "6 spaces to line it up (YAML nests by indentation)",
        )
    ]


def test_when_the_lines_below_agree_the_line_above_is_blamed() -> None:
    """The parser gives up on line 15, which lines up with line 16: the mistake is on 14."""
    assert problems(BROKEN / "list-item-shifted.yml") == [
        (
            14,
            6,
            "phases[0].steps[0]",
            "lines 15 and 16 are indented 8 spaces, which does not fit under this line: check the "
            "indentation of this line, and look on it for a stray or missing character (a quote, "
            "a colon, a dash)",
        )
    ]
