"""Many playbooks through the real stack: the samples and a second playbook written only from
playbooks/README.md (tests/fixtures/playbooks_second), each chosen for its own requests.

Real trained Rasa model, real action server (with the real embedding model), real Chroma and
SQLite store, REST channel on loopback ports.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from pregame.rasa_client import RasaClient, merge
from pregame.store.database import Database
from pregame.store.progress import Progress
from tests.e2e.conftest import stack_with
from tests.support.paths import ROOT
from tests.support.real_stack import RealStack

pytestmark = pytest.mark.e2e

FIXTURES = ROOT / "tests" / "fixtures"
SECOND = FIXTURES / "playbooks_second" / "partner-led-expansion.yml"
B2B, COMPLEX, EVENTS, PARTNER = (
    "b2b-buyer-experience",
    "complex-deals",
    "events-and-partners",
    "partner-led-expansion",
)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealStack]:
    with stack_with(tmp_path_factory.mktemp("pregame-e2e-choice"), SECOND) as stack:
        yield stack


class Seller:
    def __init__(self, stack: RealStack, sender: str | None = None) -> None:
        self.client = RasaClient(stack.endpoints.rasa_url)
        self.sender = sender or f"e2e-{uuid.uuid4().hex[:8]}"

    def say(self, text: str) -> list[dict[str, Any]]:
        messages = [dict(m) for m in merge(self.client.send(self.sender, text))]
        assert messages, f"no reply to {text!r}"
        return messages

    def click(self, messages: list[dict[str, Any]], title: str) -> list[dict[str, Any]]:
        buttons = [b for m in messages for b in m.get("buttons") or []]
        (button,) = [b for b in buttons if b["title"] == title]
        return self.say(button["payload"])


def card(messages: list[dict[str, Any]], *kinds: str) -> dict[str, Any]:
    found = [m["custom"] for m in messages if m.get("custom", {}).get("type") in kinds]
    assert found, f"expected one of {kinds}, got: {messages}"
    first: dict[str, Any] = found[0]
    return first


def outcome(messages: list[dict[str, Any]], request: dict[str, Any]) -> str:
    """picked (the right playbook at once), asked (among "which play?"'s buttons), offered (an
    answer followed by the right play as a button), wrong, or the reply's type when the message
    got no play (Rasa read it as another intent)."""
    kinds = [m.get("custom", {}).get("type") or "text" for m in messages]
    got = [m["custom"] for m in messages if m.get("custom", {}).get("type") in PLAY_CARDS]
    if not got:
        return str(kinds[0])
    if got[0]["type"] == "choose_playbook":
        offered = {o["playbook"] for o in got[0]["options"]}
        if request["playbook"] not in offered:
            return "wrong"
        return "asked" if kinds[0] == "choose_playbook" else "offered"
    return "picked" if got[0]["playbook"] == request["playbook"] else "wrong"


PLAY_CARDS = ("play_started", "choose_phase", "choose_playbook", "prep")


def _requests(path: str, playbook: str | None = None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (FIXTURES / path).read_text().splitlines()]
    return [{"playbook": playbook, **r} for r in rows]


def test_each_playbook_is_chosen_for_its_own_requests(both: RealStack) -> None:
    """Every request written for the samples and for the second playbook, each from a new
    seller: the figures per set, and every request that did not get its playbook."""
    sets = {
        "samples": _requests("playbook_requests/sample_requests.jsonl"),
        "second": _requests("playbooks_second/requests.jsonl", PARTNER),
    }
    # Rasa reads some requests as questions, objections or not at all (the NLU's share, see
    # BENCHMARKS.md "Playbook choice"): the floor for plays is below the coach's own figures.
    # Samples: 36 of 51 with the session 7 model, 33 with session 9's (long, many-clause
    # requests fall under the fallback threshold more often; BENCHMARKS.md "Session 9"). Since
    # session 10 the clarifying question names the play its button starts: 7 more samples reach
    # the right play with that one click, 2 see a wrong name (BENCHMARKS.md "Playbook choice").
    floor = {"samples": 0.6, "second": 0.5}
    clarified = {"samples": 0.1, "second": 0.0}
    for name, rows in sets.items():
        results = [(first_turn(Seller(both), r), r) for r in rows]
        counts = Counter(kind for kind, _ in results)
        print(f"\n{name}: {len(rows)} requests: {dict(counts)}")
        for kind, r in results:
            if kind not in ("picked", "asked", "offered"):
                print(f"  {kind}: {r['playbook']}: {r['text']}")
        plays = counts["picked"] + counts["asked"] + counts["offered"]
        assert counts["wrong"] <= 0.1 * len(rows), f"{name}: too many wrong playbooks"
        # the clarifying question names a play before the click: a wrong name is seen, not run
        assert counts["clarified wrong"] <= 0.1 * len(rows), f"{name}: too many wrong names"
        assert plays >= floor[name] * len(rows), f"{name}: too few plays"
        # the click on a named play is read with the unclear message's words (7 of 51)
        assert counts["clarified"] >= clarified[name] * len(rows), f"{name}: clicks lost words"


def first_turn(seller: Seller, request: dict[str, Any]) -> str:
    """The outcome of the request; for the clarifying question, also what its button that names
    a play leads to: "clarified" (one click to the right play) or "clarified wrong"."""
    messages = seller.say(request["text"])
    kind = outcome(messages, request)
    named = [
        b
        for m in messages
        if m.get("custom", {}).get("type") == "clarify"
        for b in m.get("buttons") or []
        if b["payload"] in ("/start_play", "/prepare_call") and b["title"].endswith(")")
    ]
    if kind != "clarify" or not named:
        return kind
    clicked = outcome(seller.click(messages, named[0]["title"]), request)
    return "clarified" if clicked in ("picked", "asked") else "clarified wrong"


def test_which_play_buttons_then_the_pick_starts_that_play(both: RealStack) -> None:
    seller = Seller(both)
    asked = seller.say("call with the CFO on friday")
    options = card(asked, "choose_playbook")["options"]
    assert {o["playbook"] for o in options} == {B2B, PARTNER}
    phases = card(seller.click(asked, "Partner-led expansion"), "choose_phase")
    assert phases["playbook"] == PARTNER
    started = seller.say(
        '/start_play{"playbook":"partner-led-expansion","phase":"joint-expansion-call"}'
    )
    got = card(started, "play_started")
    assert (got["playbook"], got["phase"], got["persona"]) == (
        PARTNER,
        "joint-expansion-call",
        "finance-director",
    ), "the CFO named before the question is kept"


def test_no_the_reseller_play_switches_and_the_seller_can_get_back(both: RealStack) -> None:
    seller = Seller(both)
    started = card(seller.say("renewal call with the head of finance tomorrow"), "play_started")
    assert (started["playbook"], started["phase"]) == (B2B, "renewal")
    moved = card(seller.say("no, the reseller play"), "choose_phase", "play_started")
    assert moved["playbook"] == PARTNER
    joint = card(seller.say("go to the joint expansion call"), "play_started")
    assert (joint["playbook"], joint["phase"]) == (PARTNER, "joint-expansion-call")
    back = card(seller.say("back to the buyer experience play"), "play_started")
    assert (back["playbook"], back["phase"]) == (B2B, "renewal")


def test_the_sellers_team_narrows_the_choice(both: RealStack) -> None:
    db = Database(both.settings.database)
    try:
        Progress(db).set_rep("e2e-enterprise-rep", "enterprise-sales", "Ent Rep", False)
    finally:
        db.dispose()
    seller = Seller(both, "e2e-enterprise-rep")
    asked = card(seller.say("prep me for my call tomorrow"), "choose_phase")
    assert asked["playbook"] == COMPLEX, "the team's own playbook by default"
