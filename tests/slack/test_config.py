"""Slack settings."""

from __future__ import annotations

import pytest

from pregame.slack.config import SlackSettings


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
