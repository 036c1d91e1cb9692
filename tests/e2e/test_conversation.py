"""The seller's first conversation through the real stack.

Real trained Rasa model (trained here, or reused while its inputs' fingerprint is unchanged),
real action server, real Chroma store, real embedding model, REST channel on loopback ports.
"""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pregame.rasa_client import RasaClient, merge
from pregame.settings import Settings
from pregame.stack.rasa import train
from tests.support.paths import ROOT
from tests.support.real_stack import RealStack

pytestmark = pytest.mark.e2e


@dataclass
class Bot:
    client: RasaClient
    playbooks: Path
    token: str = ""


@pytest.fixture(scope="module")
def bot(real_stack: RealStack) -> Bot:
    endpoints = real_stack.endpoints
    return Bot(RasaClient(endpoints.rasa_url), real_stack.playbooks, endpoints.token)


class Conversation:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot.client
        self.sender = f"e2e-{uuid.uuid4().hex[:8]}"

    def say(self, text: str) -> list[dict[str, Any]]:
        messages = merge(self.bot.send(self.sender, text))
        assert messages, f"no reply to {text!r}"
        return messages


def custom(messages: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    found = [m["custom"] for m in messages if m.get("custom", {}).get("type") == kind]
    assert found, f"expected a {kind!r} reply, got: {messages}"
    return found[0]


def test_guided_play_through_the_real_stack(bot: Bot) -> None:
    chat = Conversation(bot)
    reply = chat.say("I have a discovery call with a CFO tomorrow")
    started = custom(reply, "play_started")
    assert (started["phase"], started["persona"]) == ("discovery", "cfo")
    assert "Discovery" in reply[0]["text"] and "CFO" in reply[0]["text"]
    step = custom(reply, "step")
    assert step["index"] == 0 and step["questions"] and step["buyer_experience"]
    assert {b["title"] for b in reply[1]["buttons"]} >= {"Next", "Back"}

    assert custom(chat.say("next"), "step")["index"] == 1
    assert custom(chat.say("go back"), "step")["index"] == 0
    assert custom(chat.say("ok"), "step")["index"] == 1, "a bare ok after a step moves on"
    for index in range(2, step["count"]):
        last = custom(chat.say("next"), "step")
        assert last["index"] == index
    assert last["exit_criteria"], "the last step states the phase's exit criteria"
    done = custom(chat.say("next"), "phase_done")
    assert done["exit_criteria"] and done["next_phase"] == "evaluation"
    assert custom(chat.say("ok"), "play_started")["phase"] == "evaluation"


def test_content_objection_and_honest_fallback(bot: Bot) -> None:
    chat = Conversation(bot)
    chat.say("I have a discovery call with a CFO tomorrow")

    content = custom(chat.say("what should I send them?"), "content")
    assert 1 <= len(content["items"]) <= 3
    for item in content["items"]:
        assert item["title"]
        assert (ROOT / "knowledge" / item["source"]).is_file()

    objection = custom(chat.say("they say we're too expensive"), "objection")
    assert objection["objection"] == "too-expensive"
    assert objection["proof"]

    # In the seller's own words, with their frame around the buyer's: answered outright.
    relayed = chat.say("they keep saying its too pricey compared to what they pay now")
    assert custom(relayed, "objection")["objection"] == "too-expensive"
    # Not sure which objection: the likeliest as buttons; a click gets the designed answer.
    unsure = custom(chat.say("they want a money-back guarantee before they sign"),
                    "choose_objection")  # fmt: skip
    option = unsure["options"][0]
    ref = f"{option['playbook']}/{option['objection']}"
    picked = chat.say('/raise_objection{"objection":"' + ref + '"}')
    assert custom(picked, "objection")["objection"] == option["objection"]
    something_else = chat.say('/raise_objection{"objection":"none"}')
    assert custom(something_else, "objection_unknown")["citations"]

    nothing = chat.say("what's our parental leave policy?")
    assert custom(nothing, "no_answer")
    assert "I'd rather say so than guess" in nothing[0]["text"]
    assert "From the knowledge base" not in nothing[0]["text"]


def _write(path: Path, text: str) -> None:
    path.write_text(text)
    stat = path.stat()  # move the mtime on even where it has coarse resolution
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_playbook_edit_is_live_and_a_broken_edit_keeps_the_last_valid(bot: Bot) -> None:
    path = bot.playbooks / "b2b-buyer-experience.yml"
    original = path.read_text()
    old_title = "Open the call and agree the agenda"
    new_title = "Open with the agenda they asked for"
    assert old_title in original
    edited = original.replace(old_title, new_title)
    try:
        _write(path, edited)
        started = time.monotonic()
        step = custom(Conversation(bot).say("discovery call with a CFO"), "step")
        assert step["title"] == new_title
        assert time.monotonic() - started < 5, "an edit is live within 5 seconds"

        _write(path, edited.replace("buyer_goal:", "buyer_gaol:", 1))
        step = custom(Conversation(bot).say("discovery call with a CFO"), "step")
        assert step["title"] == new_title, "the last valid version is still served"
    finally:
        _write(path, original)


def test_the_model_is_reused_when_training_data_is_unchanged() -> None:
    result = train(Settings(root=ROOT))
    assert not result.trained and Path(result.model).exists()


def test_missing_phase_is_asked_for_then_persona_switch(bot: Bot) -> None:
    chat = Conversation(bot)
    asked = custom(chat.say("meeting their CTO next week"), "choose_phase")
    assert "evaluation" in asked["phases"]
    started = custom(chat.say("it's a demo"), "play_started")
    assert (started["phase"], started["persona"]) == ("evaluation", "cto")

    switched = chat.say("actually it's the CFO")
    assert custom(switched, "context_changed")["persona"] == "cfo"
    assert custom(switched, "step")["persona"] == "cfo"
    assert custom(chat.say("jump to step 3"), "step")["index"] == 2
    assert custom(chat.say("show me the whole play"), "overview")["index"] == 2
    assert custom(chat.say("stop the play"), "play_stopped")
    assert custom(chat.say("next"), "no_play")


def test_call_prep_brief(bot: Bot) -> None:
    chat = Conversation(bot)
    brief = custom(chat.say("prep me for my call with the CFO at Acme, evaluation stage"), "prep")
    assert (brief["phase"], brief["persona"]) == ("evaluation", "cfo")
    assert len(brief["questions"]) == 3 and 2 <= len(brief["content"]) <= 3
    assert brief["objections"] and brief["next_step"]


def test_feedback_is_a_tracker_event(bot: Bot) -> None:
    import httpx

    chat = Conversation(bot)
    chat.say("they say we're too expensive")
    assert custom(chat.say("that was not helpful"), "feedback_recorded")
    url = f"{bot.client.base_url}/conversations/{chat.sender}/tracker"
    assert httpx.get(url).status_code == 401  # Rasa's HTTP API needs the stack's token
    tracker = httpx.get(url, params={"token": bot.token}).json()
    feedback = tracker["slots"]["feedback"]
    assert feedback["helpful"] is False
    assert feedback["about"]["type"] == "objection"


def test_gibberish_gets_a_clarifying_question(bot: Bot) -> None:
    reply = Conversation(bot).say("zxq vrrp blorf")
    assert custom(reply, "clarify")
    assert reply[0]["buttons"][-1]["title"] == "Something else"


def test_heldout_intent_f1(bot: Bot) -> None:
    """Intent F1 on utterances written apart from the training data (tests/nlu/, see README)."""
    import httpx

    from pregame.evaluation.intents import labelled_utterances, macro_f1

    pairs = [
        pair
        for path in sorted((ROOT / "tests" / "nlu").glob("heldout*.yml"))
        for pair in labelled_utterances(path)
    ]
    assert len(pairs) > 700
    predicted = [
        httpx.post(
            f"{bot.client.base_url}/model/parse",
            json={"text": text},
            params={"token": bot.token},
            timeout=30,
        ).json()["intent"]["name"]
        for text, _ in pairs
    ]
    macro = macro_f1([intent for _, intent in pairs], predicted)
    misses = [(t, i, p) for (t, i), p in zip(pairs, predicted, strict=True) if i != p]
    # 0.955 over the sets before issue 16; its fresh set (heldout_round6.yml) joined the union
    # at 0.947; session 7's round7 and round8 sets (the latter untouched: 0.922) joined at 0.955;
    # session 8's round9 and round10 (untouched: 0.964 and 0.937) at 0.954, same model;
    # session 9's round11 and round12 with the session 9 model: 0.968 over all 12 sets, and
    # 0.961 over the three untouched ones (rounds 10-12; BENCHMARKS.md "Session 9");
    # session 10's fresh round13 and round14 (0.969 and 0.975), same model: 0.969 over all 14.
    # The floor guards against regressions (tests/nlu/README.md).
    assert macro >= 0.945, f"macro F1 {macro:.3f}; misses: {misses}"
