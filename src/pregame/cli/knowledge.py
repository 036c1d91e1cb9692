"""`pregame index` and `search`: put knowledge into the store and look things up in it."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Annotated, Any

import typer

from pregame.cli.common import console, err, wiring

if TYPE_CHECKING:
    from tqdm import tqdm

    from pregame.indexing import IndexRun
    from pregame.retrieval.search import Passage


class ProgressBar:
    """A tqdm bar on stderr for the indexer's progress calls; a new bar per collection."""

    def __init__(self) -> None:
        self.bar: tqdm[Any] | None = None

    def __call__(self, done: int, total: int) -> None:
        from tqdm import tqdm

        bar = self.bar
        if bar is None or bar.total != total or bar.n >= total:
            if bar is not None:
                bar.close()
            bar = self.bar = tqdm(total=total, unit="chunk", desc="embedding", file=sys.stderr)
        bar.update(done)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.close()


def print_index_run(run: IndexRun) -> None:
    for report in run.reports:
        console.print(report.summary())
    for source, problem in run.errors.items():
        err.print(f"[yellow]skipped[/] {source}: {problem}", highlight=False, soft_wrap=True)
    console.print(run.summary())


def index(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(help="Extra folders to index.")] = None,
) -> None:
    """Index knowledge/ and playbooks/ (or the folders given) into Chroma; only changes embed."""
    from pregame.indexing import index_default, index_folders

    for folder in paths or []:
        if not folder.is_dir():
            err.print(f"[red]error[/] {folder} is not a folder")
            raise typer.Exit(2)
    wired = wiring(ctx)
    services = wired.services(wired.settings())
    with ProgressBar() as bar:
        run = index_folders(services, paths, bar) if paths else index_default(services, bar)
    print_index_run(run)


def passage_dict(p: Passage) -> dict[str, Any]:
    """A passage as `search --json` prints it."""
    return {
        "score": round(p.score, 4),
        "title": p.title,
        "heading": p.heading,
        "source": p.source,
        "url": p.url,
        "citation": p.citation,
        "type": p.metadata.get("type", ""),
        "text": p.text,
    }


def search(
    ctx: typer.Context,
    query: str,
    k: Annotated[int, typer.Option("--k", help="How many passages.")] = 5,
    phase: Annotated[str, typer.Option(help="Boost passages for this phase.")] = "",
    persona: Annotated[str, typer.Option(help="Boost passages for this persona.")] = "",
    audience: Annotated[str, typer.Option(help="Boost passages for this audience.")] = "",
    content_type: Annotated[
        str, typer.Option("--type", help="Only this content type (e.g. 'case study').")
    ] = "",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Search the knowledge base (dense + BM25); prints passages with their sources."""
    from pregame.retrieval.search import Context

    wired = wiring(ctx)
    searcher = wired.services(wired.settings()).searcher()
    filters = {"type": content_type} if content_type else None
    context = Context(phase=phase, persona=persona, audience=audience)
    passages = searcher.search(query, k=k, filters=filters, context=context)
    if as_json:
        console.print_json(json.dumps([passage_dict(p) for p in passages]))
        return
    if not passages:
        console.print("Nothing relevant found (every match was below the relevance floor).")
    for i, p in enumerate(passages, 1):
        heading = f" > {p.heading}" if p.heading else ""
        console.print(
            f"[bold]{i}. {p.title}{heading}[/] ({p.score:.2f})  {p.url or p.source}",
            highlight=False,
            soft_wrap=True,
        )
        console.print("   " + p.text[:300].replace("\n", " "), highlight=False, markup=False)
