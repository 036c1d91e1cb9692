"""Train the Rasa model (only when its inputs changed) and build the server command lines."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pregame.settings import Settings
from pregame.stack.fingerprint import model_name
from pregame.stack.processes import StackError
from pregame.stack.tuning import rasa_command

QUIET_ENV = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "PYTHONUNBUFFERED": "1",
}


def child_env() -> dict[str, str]:
    return {**os.environ, **QUIET_ENV}


@dataclass(frozen=True)
class TrainResult:
    model: Path
    trained: bool
    seconds: float


def rasa_bin(settings: Settings) -> Path:
    path = settings.path(settings.rasa_bin)
    if not path.exists():
        raise StackError(f"The Rasa runtime is missing ({path}). Run `make setup` to create it.")
    return path


def train(
    settings: Settings, *, force: bool = False, echo: Callable[[str], None] = print
) -> TrainResult:
    """Return the model for the current inputs, training it first if it does not exist."""
    root = settings.root
    models = settings.path(settings.models_dir)
    name = model_name(root)
    model = models / f"{name}.tar.gz"
    if model.exists() and not force:
        return TrainResult(model, trained=False, seconds=0.0)
    models.mkdir(parents=True, exist_ok=True)
    cmd = [
        str(rasa_bin(settings)),
        "train",
        "--config",
        "config.yml",
        "--domain",
        "bot/domain.yml",
        "--data",
        "bot/data",
        "--out",
        str(models),
        "--fixed-model-name",
        name,
        "--force",
        # The NLU data and stories ship with the code (playbooks are validated by `pregame
        # validate`) and CI runs `rasa data validate` on them; skipping it here saves ~12 s.
        "--skip-validation",
    ]
    echo(f"Training the Rasa model {name} (inputs changed); this takes a few minutes.")
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd,
        cwd=root,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    assert proc.stdout is not None
    lines: list[str] = []
    for line in proc.stdout:
        lines.append(line.rstrip())
        sys.stdout.write(line)
    if proc.wait() != 0 or not model.exists():
        raise StackError("Rasa training failed:\n" + "\n".join(lines[-30:]))
    for old in models.glob("pregame-*.tar.gz"):
        if old != model:
            old.unlink()
    return TrainResult(model, trained=True, seconds=time.monotonic() - started)


def rasa_server_cmd(
    settings: Settings, model: Path, port: int, endpoints: Path, token: str
) -> list[str]:
    """A Rasa server; its HTTP API (conversations, model) requires ``token``."""
    return [
        *rasa_command(rasa_bin(settings)),  # `rasa`, with models that load in seconds
        "run",
        "--enable-api",
        f"--auth-token={token}",  # one argument: a token may start with "-"
        "--model",
        str(model),
        "--interface",
        settings.host,
        "--port",
        str(port),
        "--endpoints",
        str(endpoints),
        "--credentials",
        "bot/credentials.yml",
    ]


def action_server_cmd(settings: Settings, port: int) -> list[str]:
    """Our action server (rasa-sdk's app in one process, token-checked)."""
    return [sys.executable, "-m", "pregame.stack.action_server", "--port", str(port)]


def chroma_server_cmd(settings: Settings) -> list[str]:
    """``chroma run`` serving the store folder (the local production profile)."""
    chroma = Path(sys.executable).with_name("chroma")
    return [
        str(chroma),
        "run",
        "--path",
        str(settings.chroma_dir),
        "--host",
        settings.chroma_host,
        "--port",
        str(settings.chroma_port),
    ]
