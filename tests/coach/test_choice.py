"""coach/choice.py: which playbook (and phase) a seller's words name, across all playbooks."""

from __future__ import annotations

import pytest

from pregame.coach.choice import choose, offered
from pregame.playbook.loader import load_playbook
from pregame.playbook.schema import Playbook
from tests.support.paths import ROOT

SAMPLES = [load_playbook(p) for p in sorted((ROOT / "playbooks").glob("*.yml"))]
SECOND = load_playbook(
    ROOT / "tests" / "fixtures" / "playbooks_second" / "partner-led-expansion.yml"
)
BOTH = [*SAMPLES, SECOND]


def _named_requests() -> list[tuple[str, str, str]]:
    """(request, playbook, phase): each sample phase's name and each alias, alone and in a
    sentence, read from the playbooks themselves."""
    cases = []
    for playbook in SAMPLES:
        for phase in playbook.phases:
            for name in [phase.name, *phase.aliases]:
                cases.append((name, playbook.id, phase.id))
                cases.append((f"{name} with Acme next week", playbook.id, phase.id))
    return cases


@pytest.mark.parametrize(("text", "playbook", "phase"), _named_requests())
def test_every_sample_phase_is_found_by_its_name_and_each_alias(
    text: str, playbook: str, phase: str
) -> None:
    best = choose(SAMPLES, [text]).best
    assert best is not None, f"{text!r} asked which play"
    assert (best.playbook.id, best.phase) == (playbook, phase)


@pytest.mark.parametrize(
    ("text", "playbook", "phase"),
    [
        ("build vs buy evaluation with oscorp's architect", "complex-deals", "build-vs-buy"),
        ("build vs. buy eval next week", "complex-deals", "build-vs-buy"),
        ("multi-year renewal at initrode, call thurs", "complex-deals", "renewal-expansion"),
        ("booth duty at saastr on thursday", "events-and-partners", "at-the-booth"),
        ("booth-duty tmrw", "events-and-partners", "at-the-booth"),
        ("event follow-up from money20/20", "events-and-partners", "post-event-follow-up"),
        ("recruiting a partner in the nordics", "events-and-partners", "partner-recruitment"),
        ("partner trainings for the new reseller", "events-and-partners", "partner-enablement"),
        ("can u prep me for the eval call with their CTO", "b2b-buyer-experience", "evaluation"),
        ("jump to nego", "b2b-buyer-experience", "negotiation"),
        ("a paid pilot next month", "complex-deals", "proof-pilot"),
        ("a pilot next month", "b2b-buyer-experience", "evaluation"),
    ],
)
def test_multi_word_names_and_shorthand(text: str, playbook: str, phase: str) -> None:
    best = choose(SAMPLES, [text]).best
    assert best is not None and (best.playbook.id, best.phase) == (playbook, phase)


def test_a_name_inside_a_longer_name_of_another_playbook_does_not_count() -> None:
    ranked = {f.playbook.id: f for f in choose(SAMPLES, ["multi-year renewal"]).ranked}
    assert ranked["b2b-buyer-experience"].phase is None, "'renewal' is part of the longer name"
    assert ranked["complex-deals"].phase == "renewal-expansion"


def test_an_entity_value_found_in_the_message_is_read_in_its_place() -> None:
    best = choose(SAMPLES, ["partner", "recruit a partner in the nordics"]).best
    assert best is not None and (best.phase, best.persona) == ("partner-recruitment", None), (
        "the NLU's persona 'partner' is part of the phase's name in the message"
    )
    button = choose(SAMPLES, ["events-and-partners", "at-the-booth", ""]).best
    assert button is not None and (button.playbook.id, button.phase) == (
        "events-and-partners",
        "at-the-booth",
    )


def test_words_that_fit_two_playbooks_equally_ask_which() -> None:
    choice = choose(BOTH, ["call with the CFO on friday"])
    assert choice.best is None
    assert {f.playbook.id for f in choice.options} == {
        "b2b-buyer-experience",
        "partner-led-expansion",
    }
    assert {f.persona for f in choice.options} == {"cfo", "finance-director"}


def test_the_current_play_carries_on_when_it_is_one_of_the_close_ones() -> None:
    choice = choose(BOTH, ["call with the CFO on friday"], prefer="partner-led-expansion")
    assert choice.best is not None and choice.best.playbook.id == "partner-led-expansion"


def test_a_playbook_named_by_its_title_alias_or_tag_words() -> None:
    named = choose(BOTH, ["use the complex deal playbook"]).best
    assert named is not None and named.playbook.id == "complex-deals" and named.named
    reseller = choose(BOTH, ["no, the reseller play"], plays_only=True).best
    assert reseller is not None and reseller.playbook.id == "partner-led-expansion"
    assert reseller.about and not reseller.named
    as_person = choose(BOTH, ["no, the reseller play"])
    assert as_person.best is None, "a reseller is also a persona of the events playbook"
    partner = choose(BOTH, ["the partner one"], plays_only=True)
    assert partner.best is None, "both partner playbooks have the word"
    assert {f.playbook.id for f in partner.options} == {
        "events-and-partners",
        "partner-led-expansion",
    }


def test_the_expansion_call_with_a_partner_goes_to_the_partner_led_playbook() -> None:
    best = choose(BOTH, ["expansion call with their finance director and our partner"]).best
    assert best is not None
    assert (best.playbook.id, best.phase, best.persona) == (
        "partner-led-expansion",
        "joint-expansion-call",
        "finance-director",
    )


def _ids(playbooks: list[Playbook]) -> list[str]:
    return [p.id for p in playbooks]


def test_a_seller_is_offered_everyones_playbooks_and_their_teams_first() -> None:
    assert _ids(offered(BOTH, None)) == _ids(BOTH), "team unknown: every playbook"
    assert _ids(offered(BOTH, "channel-sales")) == [
        "partner-led-expansion",
        "b2b-buyer-experience",
        "events-and-partners",
    ]
    assert _ids(offered(BOTH, "Enterprise-Sales")) == [
        "complex-deals",
        "b2b-buyer-experience",
        "events-and-partners",
    ]
    assert _ids(offered(BOTH, "no-such-team")) == [
        "b2b-buyer-experience",
        "events-and-partners",
    ], "a team no playbook names: the playbooks for everyone"


def test_the_audience_narrows_the_choice_and_sets_the_teams_default() -> None:
    enterprise = choose(BOTH, ["expansion call with our partner"], team="enterprise-sales")
    assert "partner-led-expansion" not in {f.playbook.id for f in enterprise.ranked}
    default = choose(BOTH, ["prep me for my call tomorrow"], team="channel-sales")
    assert default.by_default and default.best is not None
    assert default.best.playbook.id == "partner-led-expansion", "the team's own playbook"
    anyone = choose(BOTH, ["prep me for my call tomorrow"])
    assert anyone.best is not None and anyone.best.playbook.id == "b2b-buyer-experience"
    current = choose(BOTH, ["prep me for my call tomorrow"], prefer="complex-deals")
    assert current.best is not None and current.best.playbook.id == "complex-deals"
