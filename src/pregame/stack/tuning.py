"""How the Rasa server process starts fast (measured in BENCHMARKS.md, "Rasa server start time").

The stack builds a Rasa server's command line with :func:`rasa_command` instead of the bare
``rasa`` script, and adds :func:`rasa_tuning_env` to its environment.
"""

from __future__ import annotations

from pathlib import Path

RASA_BOOT = Path(__file__).with_name("rasa_boot.py")
"""Runs the Rasa CLI with an eager one-example fit at model load (see that module)."""


def rasa_command(rasa_bin: Path) -> list[str]:
    """The start of a Rasa command line (``[*rasa_command(bin), "run", ...]``): the runtime's
    Python running :data:`RASA_BOOT`, which behaves as ``rasa`` and loads models faster."""
    return [str(rasa_bin.parent / "python"), str(RASA_BOOT)]


def rasa_tuning_env() -> dict[str, str]:
    """Environment for a Rasa server process."""
    return {}
