"""The app manifest asks for exactly what the app uses."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.support.paths import ROOT

SOURCE = ROOT / "src" / "pregame" / "slack"


def manifest() -> dict[str, object]:
    data = yaml.safe_load((ROOT / "slack" / "manifest.yml").read_text())
    assert isinstance(data, dict)
    return data


def source() -> str:
    return "\n".join(p.read_text() for p in sorted(Path(SOURCE).rglob("*.py")))


def test_events_are_exactly_the_ones_handled() -> None:
    events = set(manifest()["settings"]["event_subscriptions"]["bot_events"])  # type: ignore[index]
    handled = set(re.findall(r'bolt\.event\("([a-z_]+)"[,)]', source()))
    assert handled == {"app_mention", "message", "app_home_opened"}
    channel_kinds = {e for e in events if e.startswith("message.")}
    assert channel_kinds == {"message.channels", "message.groups", "message.im"}
    assert events - channel_kinds == handled - {"message"}


def test_scopes_are_exactly_the_ones_used() -> None:
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])  # type: ignore[index]
    calls = set(re.findall(r"client\.([A-Za-z_]+)\(", source()))
    calls -= {"auth_test", "issue_new_wss_url"}  # startup checks in app.py, no scope needed
    assert calls == {
        "chat_postEphemeral",
        "chat_postMessage",
        "chat_update",
        "conversations_open",
        "conversations_replies",
        "reactions_add",
        "reactions_remove",
        "views_open",
        "views_publish",
    }
    # chat:write covers postMessage/postEphemeral/update; views.* need no scope;
    # replies use *:history
    assert scopes == {
        "app_mentions:read",
        "channels:history",
        "groups:history",
        "im:history",
        "chat:write",
        "commands",
        "im:write",
        "reactions:write",
    }


def test_socket_mode_slash_command_and_home() -> None:
    data = manifest()
    assert data["settings"]["socket_mode_enabled"] is True  # type: ignore[index]
    assert data["settings"]["interactivity"]["is_enabled"] is True  # type: ignore[index]
    assert [c["command"] for c in data["features"]["slash_commands"]] == ["/pregame"]  # type: ignore[index]
    assert data["features"]["app_home"]["home_tab_enabled"] is True  # type: ignore[index]
