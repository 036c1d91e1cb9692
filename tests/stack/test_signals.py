from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

from pregame.stack.signals import STOP_SIGNALS, stop_on_signals


@pytest.fixture
def restore_handlers() -> Iterator[None]:
    saved = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.mark.parametrize("sig", STOP_SIGNALS)
def test_kill_and_hangup_stop_like_ctrl_c(restore_handlers: None, sig: signal.Signals) -> None:
    stop_on_signals()
    with pytest.raises(KeyboardInterrupt):
        os.kill(os.getpid(), sig)
        signal.sigtimedwait([], 0.5)  # the handler runs here at the latest
