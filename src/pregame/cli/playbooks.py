"""`pregame validate`, `schema` and `render`: the playbook author's commands."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from pregame.cli.common import console, err, fail, warn, wiring
from pregame.evaluation.validation import Validation
from pregame.settings import Settings


def check_playbooks(settings: Settings, paths: list[Path] | None) -> Validation:
    """The playbook files given (or the project's) through the checks the running bot applies."""
    from pregame.evaluation.validation import validate_playbooks
    from pregame.playbook.files import playbook_files
    from pregame.services import playbook_checks

    targets = paths or [settings.path(settings.playbooks_dir)]
    return validate_playbooks(playbook_files(*targets), playbook_checks(settings))


def in_project(settings: Settings, paths: list[Path] | None) -> Settings | None:
    """``settings`` rooted at the project the playbooks belong to: the root as set (by
    PREGAME_ROOT or the caller), else the nearest project folder above the first path given or
    above the current folder; None when there is none."""
    from pregame.playbook.files import project_root

    if "root" in settings.model_fields_set:
        return settings
    for start in [*(paths or [])[:1], settings.root]:
        found = project_root(start, settings.playbooks_dir, settings.data_dir)
        if found is not None:
            return settings.model_copy(update={"root": found})
    return None


def stale_notes(settings: Settings, files: list[Path]) -> list[tuple[Path, str]]:
    """What the running bot serves instead of those of ``files`` that are broken."""
    from pregame.playbook.stale import RECORD, read_stale
    from pregame.playbook.stale import stale_notes as notes
    from pregame.stack.groups import pid_alive

    wanted = {f.resolve() for f in files}
    stale = read_stale(settings.run_dir / RECORD, pid_alive)
    return [(f, n) for f, n in notes(stale, settings.root, time.time()) if f.resolve() in wanted]


def print_validation(validation: Validation, stale: Sequence[tuple[Path, str]] = ()) -> None:
    for result in validation.files:
        if result.ok:
            console.print(f"[green]ok[/]   {escape(str(result.file))} ({result.playbook_id})")
        for p in result.problems:
            field = f" {p.field}:" if p.field else ""
            console.print(
                f"[red]error[/] {escape(f'{result.file}:{p.line}:{p.column}:{field}')} "
                + escape(p.message),
                highlight=False,
                soft_wrap=True,
            )
    for _, note in stale:
        console.print(f"[yellow]live[/]  {escape(note)}", highlight=False, soft_wrap=True)
    if not validation.files:
        console.print("No playbook files found.")
    console.print(f"{len(validation.files)} file(s), {len(validation.failed)} with errors.")


def validate(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(help="Playbook files or folders.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Validate playbooks: every problem with file, line, column and how to fix it, and what
    the running bot serves instead of a broken file. Finds the project from any folder below it."""
    from pregame.evaluation.validation import validate_playbooks
    from pregame.playbook.files import playbook_files

    settings = in_project(wiring(ctx).settings(), paths)
    if settings is None:
        where = paths[0].resolve() if paths else Path.cwd()
        where = where if where.is_dir() else where.parent
        cannot = (
            f"No Pregame project at or above {where} (a folder with playbooks/ and a "
            "pyproject.toml or .pregame/): run this in the project folder, or set PREGAME_ROOT."
        )
        if not paths:
            fail(escape(cannot))
        warn(f"{cannot} Knowledge references (content, proof) are not checked.")
        validation, stale = validate_playbooks(playbook_files(*paths)), []
    else:
        validation = check_playbooks(settings, paths)
        stale = stale_notes(settings, [f.file for f in validation.files])
    if as_json:
        report = validation.as_dict()
        report["stale"] = [{"file": str(file), "note": note} for file, note in stale]
        console.print_json(json.dumps(report))
    else:
        print_validation(validation, stale)
    if not validation.passed:
        raise typer.Exit(1)


def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
) -> None:
    """Print (or write) the playbook JSON Schema that editors use to autocomplete and check."""
    from pregame.playbook.jsonschema import schema_text

    _write(schema_text(), output)


def render(
    playbook: Annotated[Path, typer.Argument(help="A playbook file.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
) -> None:
    """Render a playbook as a readable Markdown document for review."""
    from pregame.playbook.loader import PlaybookError, load_playbook
    from pregame.playbook.render import to_markdown

    try:
        text = to_markdown(load_playbook(playbook))
    except PlaybookError as exc:
        err.print(f"[red]{playbook} is not valid; run `pregame validate {playbook}`.[/]")
        err.print(str(exc), highlight=False, markup=False)
        raise typer.Exit(1) from exc
    _write(text, output)


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text)
        console.print(f"Wrote {output}.")
