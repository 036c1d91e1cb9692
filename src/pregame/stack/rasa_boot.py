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

TURN_PATCHES = "PREGAME_RASA_TURN_PATCHES"
"""``on`` (default): the per-turn savings below. ``off``: Rasa's own code, to measure against."""


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


def patch_action_result_validation() -> None:
    """Check the action server's replies against Rasa's schema, compiled once.

    Rasa 3.6 calls ``jsonschema.validate`` on every action server reply, which first checks
    the schema itself against its meta-schema: about a third of the Rasa server's CPU per turn
    under load (py-spy, BENCHMARKS.md "Where a turn's CPU goes"). The same schema is checked
    once here, and each reply is validated by that one validator: the same errors, the same
    message.
    """
    from jsonschema import ValidationError
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        error: ValidationError | None = best_match(validator.iter_errors(result))
        if error is None:
            return True
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error

    RemoteAction._validate_action_result = _validate_action_result


def patch_event_lookup() -> None:
    """Find an event's class by its type name in a table, not by walking every subclass.

    Rasa 3.6 walks all subclasses of ``Event`` for each event it reads back from the tracker
    store, so the cost of reading a conversation grows with its length times the number of
    event classes. The table holds the first class Rasa's walk would find; a name not in it
    (a class defined later, an old name) still goes through Rasa's own lookup.
    """
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    original = Event.resolve_by_type
    table: dict[str, Any] = {}

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        if not table:
            for cls in all_subclasses(Event):
                table.setdefault(cls.type_name, cls)
        found = table.get(type_name)
        return found if found is not None else original(type_name, default)

    Event.resolve_by_type = staticmethod(resolve_by_type)


def patch_sqlite_commits() -> None:
    """Rasa's SQLite tracker store commits without waiting for the disk (WAL, synchronous=NORMAL).

    The store file is in WAL mode (set by Pregame's store); SQLite's default there still
    flushes to disk on every commit, and Rasa commits each turn from its event loop, so every
    seller waits for that flush. With ``synchronous=NORMAL`` a commit survives a killed
    process (the faults Pregame is tested against); only a power cut or an operating system
    crash may lose the last turns. PostgreSQL (the production profile) is unaffected.
    """
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            cursor = dbapi_connection.cursor()
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

    event.listen(Engine, "connect", on_connect)


def main() -> None:
    # Run as a script, this folder is first on sys.path, and its rasa.py would shadow Rasa.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
    mode = os.environ.get(LOAD_MODE, "eager-fit")
    if mode != "plain":
        patch_model_load(keep_eager=mode == "eager")
    patch_ticket_lock()
    patch_sql_reconnect()
    if os.environ.get(TURN_PATCHES, "on") != "off":
        patch_action_result_validation()
        patch_event_lookup()
        patch_sqlite_commits()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
