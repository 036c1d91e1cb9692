"""What each server is told: endpoints from the settings, and only the secrets it needs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pregame.settings import Settings
from pregame.stack.action_server import TOKEN_VAR
from pregame.stack.endpoints import action_env, rasa_env, server_base_env, write_endpoints
from pregame.stack.secrets import StackSecrets
from pregame.store.rasa_config import DB_PASSWORD_VAR

SECRETS = StackSecrets(rasa_token="rasa-canary", action_token="action-canary")


def test_default_endpoints_use_the_sqlite_store_and_a_token(tmp_path: Path) -> None:
    settings = Settings(root=tmp_path)
    path, secrets = write_endpoints(settings, "http://127.0.0.1:5999/webhook", tmp_path / "run")
    endpoints = yaml.safe_load(path.read_text())
    assert endpoints["action_endpoint"] == {
        "url": "http://127.0.0.1:5999/webhook",
        "token": "${" + TOKEN_VAR + "}",
    }
    assert endpoints["tracker_store"]["db"] == str(tmp_path / ".pregame" / "pregame.db")
    assert "lock_store" not in endpoints and secrets == {}


def test_production_endpoints_keep_passwords_out_of_the_file(tmp_path: Path) -> None:
    settings = Settings(
        root=tmp_path,
        database_url="postgresql://rasa:pg-canary@127.0.0.1:5432/pregame",
        redis_url="redis://:redis-canary@127.0.0.1:6379/0",
    )
    path, secrets = write_endpoints(settings, "http://127.0.0.1:5999/webhook", tmp_path)
    text = path.read_text()
    assert "pg-canary" not in text and "redis-canary" not in text
    endpoints = yaml.safe_load(text)
    assert endpoints["tracker_store"]["dialect"] == "postgresql"
    assert endpoints["lock_store"]["type"] == "redis"
    assert secrets[DB_PASSWORD_VAR] == "pg-canary"


def test_servers_never_get_slack_tokens(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-canary")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing-canary")
    monkeypatch.setenv("PREGAME_DATABASE_URL", "postgresql://u:pw@h/db")
    settings = Settings(root=tmp_path)
    rasa = rasa_env(settings, SECRETS, {DB_PASSWORD_VAR: "pw"})
    actions = action_env(settings, SECRETS, index_writer=False)
    for env in (rasa, actions, server_base_env()):
        assert not any(k.startswith("SLACK_") for k in env)
    assert rasa[TOKEN_VAR] == actions[TOKEN_VAR] == "action-canary"
    assert "PREGAME_DATABASE_URL" not in rasa  # Rasa gets the password only, by reference
    assert rasa["PYTHONPATH"] == str(tmp_path / "bot")
    assert actions["PREGAME_INDEX_WRITER"] == "false"
    assert "rasa-canary" not in rasa.values() and "rasa-canary" not in actions.values()
