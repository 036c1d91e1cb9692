"""`pregame validate`, `schema` and `render`: the playbook author's commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from pregame.cli.common import console, err, wiring
from pregame.evaluation.validation import Validation
from pregame.settings import Settings


def check_playbooks(settings: Settings, paths: list[Path] | None) -> Validation:
    """The playbook files given (or the project's) through the checks the running bot applies."""
    from pregame.evaluation.validation import validate_playbooks
    from pregame.playbook.files import playbook_files
    from pregame.services import playbook_checks

    targets = paths or [settings.path(settings.playbooks_dir)]
    return validate_playbooks(playbook_files(*targets), playbook_checks(settings))


def print_validation(validation: Validation) -> None:
    for result in validation.files:
        if result.ok:
            console.print(f"[green]ok[/]   {result.file} ({result.playbook_id})")
        for p in result.problems:
            field = f" {p.field}:" if p.field else ""
            console.print(
                f"[red]error[/] {result.file}:{p.line}:{p.column}:{field} {p.message}",
                highlight=False,
                soft_wrap=True,
            )
    if not validation.files:
        console.print("No playbook files found.")
    console.print(f"{len(validation.files)} file(s), {len(validation.failed)} with errors.")


def validate(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(help="Playbook files or folders.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Validate playbooks: every problem with file, line, column and how to fix it."""
    validation = check_playbooks(wiring(ctx).settings(), paths)
    if as_json:
        console.print_json(json.dumps(validation.as_dict()))
    else:
        print_validation(validation)
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
