"""The domain's intents and the payloads the app sends."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pregame.slack.intents import DomainIntents, intent_of, payload


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
    intents = DomainIntents.load(domain)
    assert "greet" not in intents
    domain.write_text("intents:\n  - greet\n  - stop_play:\n      use_entities: []\n")
    intents.refresh()
    assert {"greet", "stop_play"} <= intents.names()
    domain.write_text("intents:\n  - goodbye\n")

    os.utime(domain, ns=(0, domain.stat().st_mtime_ns + 10**9))
    intents.refresh()
    assert intents.names() == {"goodbye"}


def test_a_lookup_never_reads_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    domain = tmp_path / "domain.yml"
    domain.write_text("intents:\n  - greet\n")
    intents = DomainIntents.load(domain)

    def no_disk(*_: object, **__: object) -> None:
        raise AssertionError("a lookup touched the disk")

    monkeypatch.setattr(Path, "stat", no_disk)
    monkeypatch.setattr(Path, "read_text", no_disk)
    assert "greet" in intents and "goodbye" not in intents
    assert intents.names() == {"greet"}


def test_refresh_reads_only_a_changed_file_and_keeps_the_last_good_one(tmp_path: Path) -> None:
    domain = tmp_path / "domain.yml"
    domain.write_text("intents:\n  - greet\n")
    intents = DomainIntents.load(domain)
    intents.refresh()
    assert intents.names() == {"greet"}
    domain.write_text("intents: [greet\n")  # broken YAML
    os.utime(domain, ns=(0, domain.stat().st_mtime_ns + 10**9))
    intents.refresh()
    assert intents.names() == {"greet"}
    domain.unlink()
    intents.refresh()
    assert intents.names() == frozenset(), "no domain, no intents"
