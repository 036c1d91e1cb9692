"""Text cleaning, sender ids, de-duplication, the Rasa bridge helpers and the settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from pregame.slack.bridge import DomainIntents, intent_of, payload
from pregame.slack.config import SlackSettings
from pregame.slack.dedupe import Seen
from pregame.slack.records import PlayRecord, Records
from pregame.slack.text import escape, from_slack, link, mentions
from pregame.slack.threads import Thread


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


def test_one_thread_is_one_conversation() -> None:
    top = Thread.of_message("T1", "C1", "100.1", None)
    reply = Thread.of_message("T1", "C1", "100.9", "100.1")
    assert top == reply and top.sender == "slack:T1:C1:100.1"
    assert Thread.of_message("T1", "C2", "100.1", None).sender != top.sender
    assert Thread.from_sender(top.sender) == top
    with pytest.raises(ValueError):
        Thread.from_sender("cli:a:b:c")


def test_seen_expires_and_is_bounded() -> None:
    now = [0.0]
    seen = Seen(ttl=10, size=3, clock=lambda: now[0])
    assert seen.first("a", "m1")
    assert not seen.first("b", "m1"), "a second event for the same message"
    assert not seen.first("a")
    now[0] = 11
    assert seen.first("a") and "a" in seen
    seen.first("x")
    seen.first("y")
    assert "a" in seen
    seen.first("z")
    assert "a" not in seen and "z" in seen, "the oldest key goes when full"


def test_payloads() -> None:
    assert payload("feedback_unhelpful", {"reason": "too_long"}) == (
        '/feedback_unhelpful{"reason":"too_long"}'
    )
    assert intent_of('/start_play{"phase":"discovery"}') == "start_play"
    assert intent_of("/next_step") == "next_step"
    assert intent_of("next step") is None
    assert intent_of("/start_play{not json}") is None


def test_domain_intents_follow_the_file(tmp_path: Path) -> None:
    domain = tmp_path / "domain.yml"
    intents = DomainIntents(domain)
    assert "greet" not in intents
    domain.write_text("intents:\n  - greet\n  - stop_play:\n      use_entities: []\n")
    assert {"greet", "stop_play"} <= intents.names()
    domain.write_text("intents:\n  - goodbye\n")
    import os

    os.utime(domain, ns=(0, domain.stat().st_mtime_ns + 10**9))
    assert intents.names() == {"goodbye"}


def test_settings_name_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BOT_TOKEN", "APP_TOKEN", "SIGNING_SECRET", "API_URL"):
        monkeypatch.delenv(f"SLACK_{name}", raising=False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api")
    settings = SlackSettings(_env_file=None)  # type: ignore[call-arg]
    assert settings.base_url == "http://127.0.0.1:9/api/"
    assert "SLACK_APP_TOKEN" in settings.problems(http=False)[0]
    assert "SLACK_SIGNING_SECRET" in settings.problems(http=True)[0]
    assert not settings.configured
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    assert SlackSettings(_env_file=None).configured  # type: ignore[call-arg]


def test_recent_plays_are_the_users_newest_first(tmp_path: Path) -> None:
    records = Records(tmp_path)
    for i, user in enumerate(["U1", "U2", "U1"]):
        records.play(PlayRecord(user, "T1", "C1", f"{i}.0", "pb", f"phase{i}", None, "2025-01-01"))
    (tmp_path / "plays.jsonl").open("a").write('{"cut short')
    assert [p.phase for p in records.recent_plays("U1", "T1")] == ["phase2", "phase0"]
    assert records.recent_plays("U1", "T2") == []
