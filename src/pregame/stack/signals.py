"""Ctrl-C, ``kill`` and a closed terminal all stop the stack the same clean way."""

from __future__ import annotations

import signal
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def stop_on_signals() -> None:
    """Turn SIGINT, SIGTERM and SIGHUP into ``KeyboardInterrupt`` in the main thread, so the
    ``with Stack(...)`` blocks unwind and stop every child process."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, _interrupt)
