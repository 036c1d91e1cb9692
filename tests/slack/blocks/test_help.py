"""How to use Pregame."""

from __future__ import annotations

import json

from pregame.slack.blocks.help import help_blocks
from pregame.slack.blocks.primitives import section


def test_help_lists_the_ways_in_under_an_optional_note() -> None:
    body = json.dumps(help_blocks())
    assert "/pregame play" in body and "/pregame prep" in body and "@Pregame" in body
    noted = help_blocks("I don't know `/pregame x`.")
    assert noted[0] == section("I don't know `/pregame x`.")[0]
    assert noted[1:] == help_blocks()
