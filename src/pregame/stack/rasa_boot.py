"""Run the Rasa CLI with a faster model load; executed by the Rasa runtime's Python (3.10).

    .venv-rasa/bin/python src/pregame/stack/rasa_boot.py run --model ... (same as `rasa run`)

Rasa 3.6 builds each TensorFlow model (DIET, TED) at load time by compiling it and running
``model.fit`` on one example, only so that the variables exist before the trained weights are
read over them. In graph mode that fit traces and optimises the whole training step (loss,
gradients, optimizer): about 25 s for DIET and 9 s for TED on 2 cores, two thirds of a
server's start. Here that single fit runs eagerly (the variables come out the same, and are
overwritten by the saved weights anyway); the model is then switched back to its configured
mode, so predictions still run as a traced ``tf.function`` exactly as before.

This file imports only Rasa (never ``pregame``): it runs in the Rasa runtime, not in ours.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

LOAD_MODE = "PREGAME_RASA_LOAD"
"""``eager-fit`` (default): only the load-time fit is eager. ``eager``: the models stay eager
after loading too (what ``run_eagerly: true`` in config.yml does, without retraining; slower
predictions). ``plain``: Rasa unchanged. The last two exist to measure against."""


def patch_model_load(keep_eager: bool = False) -> None:
    """Make ``RasaModel.load``'s one-example fit eager; leave everything else as it was."""
    from rasa.utils.tensorflow.models import RasaModel

    loading = threading.local()
    original_load = RasaModel.load.__func__
    original_compile = RasaModel.compile
    original_fit = RasaModel.fit

    def load(cls: Any, *args: Any, **kwargs: Any) -> Any:
        loading.active = True
        try:
            return original_load(cls, *args, **kwargs)
        finally:
            loading.active = False

    def compile(self: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(loading, "active", False):
            self._pregame_configured_eagerly = kwargs.get("run_eagerly")
            kwargs["run_eagerly"] = True
        return original_compile(self, *args, **kwargs)

    def fit(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return original_fit(self, *args, **kwargs)
        finally:
            if getattr(loading, "active", False) and not keep_eager:
                self.run_eagerly = self._pregame_configured_eagerly

    RasaModel.load = classmethod(load)
    RasaModel.compile = compile
    RasaModel.fit = fit


def patch_ticket_lock(poll_seconds: float = 0.05) -> None:
    """A conversation whose lock holder died is served again after the ticket lifetime.

    Rasa's ticket lock lets a waiting ticket expire too: once the dead holder's ticket and the
    waiter's have both expired, ``is_locked`` compares the waiter with "serving 0" forever and
    the seller's turn hangs until the client gives up. Here a lock with no live ticket is
    free, and waiters look again every ``poll_seconds`` (Rasa: every second).
    """
    from rasa.core import lock_store
    from rasa.core.lock import TicketLock

    def is_locked(self: Any, ticket_number: int) -> bool:
        serving = self._ticket_number_for(0)  # drops expired tickets
        return serving is not None and serving != ticket_number

    TicketLock.is_locked = is_locked
    original_lock = lock_store.LockStore.lock

    def lock(self: Any, conversation_id: str, lock_lifetime: float = lock_store.LOCK_LIFETIME,
             wait_time_in_seconds: float = poll_seconds) -> Any:  # fmt: skip
        return original_lock(self, conversation_id, lock_lifetime, wait_time_in_seconds)

    lock_store.LockStore.lock = lock


def patch_sql_reconnect() -> None:
    """Rasa's SQL tracker store checks a pooled connection before using it.

    Without this, the first turn after a PostgreSQL restart meets a dead connection; Rasa's
    fail-safe store then answers it from an empty tracker (the seller's play is forgotten for
    that turn). ``pool_pre_ping`` reconnects first.
    """
    from rasa.core import tracker_store

    original = tracker_store.create_engine_kwargs

    def create_engine_kwargs(url: Any) -> dict[str, Any]:
        return {**original(url), "pool_pre_ping": True}

    tracker_store.create_engine_kwargs = create_engine_kwargs


def main() -> None:
    # Run as a script, this folder is first on sys.path, and its rasa.py would shadow Rasa.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    mode = os.environ.get(LOAD_MODE, "eager-fit")
    if mode != "plain":
        patch_model_load(keep_eager=mode == "eager")
    patch_ticket_lock()
    patch_sql_reconnect()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
