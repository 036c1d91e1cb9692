"""What every command shares: the consoles, and where settings and services come from.

Commands get their settings and services through :class:`Wiring`, found on the click context:
the real ones by default, a test's own when it invokes the app with ``obj=Wiring(...)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console

from pregame.settings import Settings

if TYPE_CHECKING:
    from pregame.services import Services

console = Console()
err = Console(stderr=True)


def _build_services(settings: Settings) -> Services:
    from pregame.services import build_services

    return build_services(settings)


@dataclass(frozen=True)
class Wiring:
    """Factories for the settings and the services (store, embedder, library) of one command."""

    settings: Callable[[], Settings] = Settings
    services: Callable[[Settings], Services] = _build_services


def wiring(ctx: typer.Context) -> Wiring:
    """The wiring passed to the app as ``obj``, else the real one."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Wiring) else Wiring()


def say(line: str) -> None:
    """Plain progress text on stdout (no markup, no highlighting)."""
    console.print(line, highlight=False, markup=False, soft_wrap=True)


def warn(line: str) -> None:
    """A problem the user should see, in yellow on stderr; the command goes on."""
    err.print(line, style="yellow", markup=False, highlight=False)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``message`` (rich markup) on stderr and exit with ``code``."""
    err.print(message)
    raise typer.Exit(code)
