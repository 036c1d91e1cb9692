from __future__ import annotations

from pregame.coach.resolve import best_alias, resolve_channel
from pregame.playbook.loader import load_playbook
from tests.support.paths import ROOT

PLAYBOOK = load_playbook(ROOT / "playbooks" / "b2b-buyer-experience.yml")


def test_phase_and_persona_come_from_playbook_aliases() -> None:
    from pregame.coach.resolve import resolve_persona, resolve_phase

    text = ["I have a discovery call with a CFO tomorrow"]
    assert resolve_phase(PLAYBOOK, text) == "discovery"
    assert resolve_persona(PLAYBOOK, text) == "cfo"
    assert resolve_phase(PLAYBOOK, ["demo with their IT team on thursday"]) == "evaluation"
    assert resolve_persona(PLAYBOOK, ["demo with their IT team on thursday"]) == "cto"


def test_whole_words_only_and_longest_alias_wins() -> None:
    options = [("a", ["call"]), ("b", ["discovery call"])]
    assert best_alias(["my discovery call"], options) == "b"
    assert best_alias(["recall this"], options) is None


def test_channel_words() -> None:
    assert resolve_channel(["it's over email"]) == "email"
    assert resolve_channel(["meeting them on-site"]) == "in-person"
    assert resolve_channel(["a quick zoom"]) == "video"
    assert resolve_channel(["discovery call tomorrow"]) is None


def test_the_playbook_with_the_longer_matching_alias_wins() -> None:
    from pregame.coach.choice import choose_playbook
    from pregame.playbook.loader import load_playbook

    playbooks = [load_playbook(p) for p in sorted((ROOT / "playbooks").glob("*.yml"))]
    assert choose_playbook(playbooks, ["a paid pilot next month"]).id == "complex-deals"  # type: ignore[union-attr]
    assert choose_playbook(playbooks, ["a pilot next month"]).id == "b2b-buyer-experience"  # type: ignore[union-attr]
    chosen = choose_playbook(playbooks, ["call next month"], prefer="complex-deals")
    assert chosen is not None and chosen.id == "complex-deals"


def test_a_sellers_shorthand_for_a_phase_is_understood_when_it_fits_one_phase() -> None:
    from pregame.coach.resolve import resolve_phase

    assert resolve_phase(PLAYBOOK, ["can u prep me for the eval call with their CTO"]) == (
        "evaluation"
    )
    assert resolve_phase(PLAYBOOK, ["jump to nego"]) == "negotiation"
    assert resolve_phase(PLAYBOOK, ["quali call w/ Globex"]) == "discovery"
    # command words never abbreviate a phase, and nothing is guessed from ordinary words
    assert resolve_phase(PLAYBOOK, ["prep me for my call next week"]) is None
    assert resolve_phase(PLAYBOOK, ["what about them"]) is None
