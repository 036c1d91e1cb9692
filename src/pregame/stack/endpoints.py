"""What each server process is told: the Rasa endpoints file and each process's environment.

Each process gets only the secrets it needs: the Rasa servers the database and Redis passwords
and the action token (through environment references in the endpoints file, never the file
itself); the action servers the action token and Pregame's settings; neither gets the Slack
tokens.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from pregame.settings import Settings
from pregame.stack.action_server import TOKEN_VAR
from pregame.stack.secrets import StackSecrets
from pregame.store.rasa_config import lock_store, tracker_store

QUIET_ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "PYTHONUNBUFFERED": "1",
}
# Never handed to the Rasa or action servers.
PRIVATE_PREFIXES = ("SLACK_", "PREGAME_")
RASA_BOOT_SWITCHES = ("PREGAME_RASA_LOAD", "PREGAME_RASA_TURN_PATCHES")


def server_base_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The machine's environment without Slack's tokens or Pregame's settings and secrets."""
    source = os.environ if environ is None else environ
    kept = {k: v for k, v in source.items() if not k.startswith(PRIVATE_PREFIXES)}
    return {**kept, **QUIET_ENV}


def write_endpoints(
    settings: Settings, action_url: str, run_dir: Path
) -> tuple[Path, dict[str, str]]:
    """The run's endpoints file, and the secret variables the Rasa process must be given."""
    run_dir.mkdir(parents=True, exist_ok=True)
    tracker, secrets = tracker_store(settings.database)
    endpoints: dict[str, Any] = {
        "action_endpoint": {"url": action_url, "token": "${" + TOKEN_VAR + "}"},
        "tracker_store": tracker,
    }
    if settings.redis_url:
        lock, redis_secrets = lock_store(settings.redis_url)
        endpoints["lock_store"] = lock
        secrets = {**secrets, **redis_secrets}
    path = run_dir / "endpoints.yml"
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False))
    return path, secrets


def rasa_env(
    settings: Settings, secrets: StackSecrets, store_secrets: Mapping[str, str]
) -> dict[str, str]:
    """The Rasa server's environment: its secrets, and our input channel's limits."""
    return {
        **server_base_env(),
        **store_secrets,
        TOKEN_VAR: secrets.action_token,
        "PYTHONPATH": str(settings.path(Path("bot"))),
        "PREGAME_MAX_MESSAGE_CHARS": str(settings.max_message_chars),
        "PREGAME_SENDER_QUEUE": str(settings.sender_queue),
        "TICKET_LOCK_LIFETIME": str(settings.lock_lifetime),
        "SANIC_HOST": settings.host,
        # Switches of the Rasa launcher (stack/rasa_boot.py), passed on to measure with them.
        **{name: os.environ[name] for name in RASA_BOOT_SWITCHES if name in os.environ},
    }


def action_env(settings: Settings, secrets: StackSecrets, *, index_writer: bool) -> dict[str, str]:
    """An action server's environment: Pregame's settings and the token it checks."""
    env = {**server_base_env(), **settings.to_env(), TOKEN_VAR: secrets.action_token}
    env["PREGAME_INDEX_WRITER"] = "true" if index_writer else "false"
    env["SANIC_HOST"] = settings.host
    return env
