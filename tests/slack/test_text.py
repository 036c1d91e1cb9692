"""Text across the Slack edge: cleaned coming in, escaped going out."""

from __future__ import annotations

import pytest

from pregame.slack.text import escape, from_slack, link, mentions
from tests.support.slack_edge import mention, message
from tests.support.slack_harness import (
    Harness,
    posted_in,
    texts,
)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("<@UBOT> discovery call with a CFO", "discovery call with a CFO"),
        ("<@UBOT>   next", "next"),
        ("ask <@U2|maria> about <#C1|deals>", "ask @maria about #deals"),
        ("<!channel> too expensive", "@channel too expensive"),
        ("see <https://x.test|the deck> &amp; <https://y.test>", "see the deck & https://y.test"),
        ("/next_step", "next_step"),
        ("<@UBOT> /start_play{}", "start_play{}"),
        ("a &lt;b&gt;", "a <b>"),
    ],
)
def test_from_slack(typed: str, words: str) -> None:
    assert from_slack(typed, "UBOT") == words


def test_escape_and_links() -> None:
    assert escape("<!here> & <@U1>") == "&lt;!here&gt; &amp; &lt;@U1&gt;"
    assert link("https://x.test/a", "A|B <c>") == "<https://x.test/a|A¦B &lt;c&gt;>"
    assert link("slack://evil", "x") == "x"
    assert mentions("hi <@UBOT>", "UBOT") and not mentions("hi", "UBOT")


def test_text_is_escaped_both_ways(harness: Harness) -> None:
    harness.event(mention("echo <!channel> <https://evil.test|docs> /next_step", "100.1"), "Ev1")
    (reply,) = posted_in(harness, "100.1")
    sent = harness.rasa.received[0].message
    assert sent == "echo @channel docs /next_step"
    assert "<!channel>" not in texts(reply) and "<" not in reply["text"]
    assert all(b["text"]["verbatim"] for b in reply["blocks"] if b["type"] == "section")


def test_typed_slash_text_never_becomes_a_rasa_intent(harness: Harness) -> None:
    harness.event(message("/next_step", "300.3", "D9", "im"), "Ev1")
    posted_in(harness, "300.3")
    assert harness.rasa.received[0].message == "next_step"
