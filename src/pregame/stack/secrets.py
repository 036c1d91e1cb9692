"""The stack's own secrets: tokens generated on first run and kept in the data folder.

Rasa's HTTP API token (``--auth-token``) and the token Rasa sends to the action server live in
``<data>/secrets/`` with owner-only permissions; they never appear in a log or a command line
(the Rasa token is handed over in the endpoints file's environment reference, see
:mod:`pregame.stack.endpoints`).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StackSecrets:
    rasa_token: str
    action_token: str


def _read_or_create(path: Path) -> str:
    if path.is_file():
        value = path.read_text().strip()
        if value:
            return value
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    value = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(value + "\n")
    return value


def stack_secrets(data_dir: Path) -> StackSecrets:
    """The tokens for this project's stack, made on first use and the same ever after."""
    folder = data_dir / "secrets"
    return StackSecrets(
        rasa_token=_read_or_create(folder / "rasa_token"),
        action_token=_read_or_create(folder / "action_token"),
    )
