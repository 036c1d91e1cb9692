"""The `pregame` command line."""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from pregame.settings import Settings

app = typer.Typer(
    help="Pregame: your sales playbooks as a coach in Slack.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)


def _settings() -> Settings:
    return Settings()


def _services(settings: Settings) -> Any:
    from pregame.services import build_services

    return build_services(settings)


@app.command()
def doctor() -> None:
    """Check both runtimes, the embedding model, ports and the store; say how to fix problems."""
    from pregame.doctor import Status, run_checks

    checks = run_checks(_settings())
    colour = {Status.ok: "green", Status.warn: "yellow", Status.fail: "red"}
    for check in checks:
        console.print(
            f"[{colour[check.status]}]{check.status.value:>4}[/] {check.name}: {check.detail}"
        )
        if check.fix:
            console.print(f"      fix: {check.fix}")
    if any(c.status is Status.fail for c in checks):
        raise typer.Exit(1)


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Playbook files or folders.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Validate playbooks: every problem with file, line, column and how to fix it."""
    from pregame.playbook.loader import PlaybookError, load_playbook
    from pregame.playbook.references import knowledge_references
    from pregame.retrieval.catalog import KnowledgeCatalog

    settings = _settings()
    checks = [knowledge_references(KnowledgeCatalog(settings.path(settings.knowledge_dir)))]
    targets = paths or [settings.path(settings.playbooks_dir)]
    files = sorted(
        f for t in targets for f in ([t] if t.is_file() else [*t.glob("*.yml"), *t.glob("*.yaml")])
    )
    results: list[dict[str, Any]] = []
    for file in files:
        try:
            playbook = load_playbook(file, checks)
            results.append({"file": str(file), "ok": True, "id": playbook.id, "problems": []})
        except PlaybookError as exc:
            problems = [
                {"line": p.line, "column": p.column, "field": p.field, "message": p.message}
                for p in exc.problems
            ]
            results.append({"file": str(file), "ok": False, "problems": problems})
    failed = [r for r in results if not r["ok"]]
    if as_json:
        console.print_json(json.dumps({"files": results, "errors": len(failed)}))
    else:
        for r in results:
            if r["ok"]:
                console.print(f"[green]ok[/]   {r['file']} ({r['id']})")
            for p in r["problems"]:
                field = f" {p['field']}:" if p["field"] else ""
                console.print(
                    f"[red]error[/] {r['file']}:{p['line']}:{p['column']}:{field} {p['message']}",
                    highlight=False,
                    soft_wrap=True,
                )
        if not files:
            console.print("No playbook files found.")
        console.print(f"{len(files)} file(s), {len(failed)} with errors.")
    if failed or not files:
        raise typer.Exit(1)


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
) -> None:
    """Print (or write) the playbook JSON Schema that editors use to autocomplete and check."""
    from pregame.playbook.jsonschema import schema_text

    text = schema_text()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text)
        console.print(f"Wrote {output}.")


@app.command()
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
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text)
        console.print(f"Wrote {output}.")


@app.command()
def index(
    paths: Annotated[list[Path] | None, typer.Argument(help="Extra folders to index.")] = None,
) -> None:
    """Index knowledge/ and playbooks/ (or the folders given) into Chroma; only changes embed."""
    from tqdm import tqdm

    from pregame.indexing import index_default, index_folders

    settings = _settings()
    services = _services(settings)
    bar: tqdm[Any] | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None or bar.total != total or bar.n >= total:
            if bar is not None:
                bar.close()
            bar = tqdm(total=total, unit="chunk", desc="embedding", file=sys.stderr)
        bar.update(done)

    for folder in paths or []:
        if not folder.is_dir():
            err.print(f"[red]error[/] {folder} is not a folder")
            raise typer.Exit(2)
    run = index_folders(services, paths, progress) if paths else index_default(services, progress)
    if bar is not None:
        bar.close()
    for report in run.reports:
        console.print(report.summary())
    for source, problem in run.errors.items():
        err.print(f"[yellow]skipped[/] {source}: {problem}", highlight=False, soft_wrap=True)
    console.print(run.summary())


@app.command()
def search(
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

    services = _services(_settings())
    filters = {"type": content_type} if content_type else None
    context = Context(phase=phase, persona=persona, audience=audience)
    passages = services.searcher().search(query, k=k, filters=filters, context=context)
    if as_json:
        console.print_json(
            json.dumps(
                [
                    {
                        "score": round(p.score, 4),
                        "title": p.title,
                        "heading": p.heading,
                        "source": p.source,
                        "url": p.url,
                        "citation": p.citation,
                        "type": p.metadata.get("type", ""),
                        "text": p.text,
                    }
                    for p in passages
                ]
            )
        )
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


eval_app = typer.Typer(help="Measure the assistant.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("retrieval")
def eval_retrieval(
    questions: Annotated[
        Path, typer.Option("--questions", help="JSONL: {question, relevant: [paths]}.")
    ],
    k: Annotated[int, typer.Option("--k", help="Cut-off for recall@k and nDCG@k.")] = 5,
    folder: Annotated[
        Path | None,
        typer.Option("--folder", help="Only search what was indexed from this folder."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Recall@1, recall@k, MRR and nDCG@k for BM25, dense and hybrid, side by side."""
    from rich.table import Table

    from pregame.evaluation.questions import QuestionSetError, load_questions
    from pregame.evaluation.retrieval import evaluate
    from pregame.retrieval import store

    try:
        items = load_questions(questions)
    except (OSError, QuestionSetError) as exc:
        err.print(f"[red]error[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    services = _services(_settings())
    coll = services.collection(store.KNOWLEDGE)
    if coll.count() == 0:
        err.print("[red]error[/] the index is empty; run `pregame index FOLDER` first")
        raise typer.Exit(1)
    filters = {"scope": str(folder.resolve())} if folder else None
    result = evaluate(coll, services.embedder, items, k=k, filters=filters)
    if as_json:
        console.print_json(json.dumps(result.as_dict()))
        return
    header, *rows = result.table()
    table = Table(title=f"Retrieval over {len(items)} questions ({questions})")
    for name in header:
        table.add_column(name, justify="left" if name == "method" else "right")
    for row in rows:
        table.add_row(*row)
    console.print(table)


@eval_app.command("objections")
def eval_objections(
    reports: Annotated[
        Path,
        typer.Option("--reports", help="JSONL: {said, playbook, objection (id or null)}."),
    ],
    show_misses: Annotated[
        bool, typer.Option("--misses", help="List the reports that were not resolved.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """How sellers' own words for an objection land: answered, asked about, or missed."""
    from rich.table import Table

    from pregame.evaluation.objections import KNOWN, UNKNOWN, evaluate, load_reports
    from pregame.evaluation.questions import QuestionSetError

    services = _services(_settings())
    playbooks = {p.id: p for p in services.library.playbooks()}
    try:
        items = load_reports(reports, playbooks)
    except (OSError, QuestionSetError) as exc:
        err.print(f"[red]error[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    result = evaluate(services.objection_matcher(), playbooks, items)
    if as_json:
        console.print_json(json.dumps(result.as_dict()))
        return
    table = Table(title=f"Objections: {len(items)} reports ({reports})")
    for name in ("objection reported", "outcome", "reports", "share"):
        table.add_column(name, justify="left" if name != "reports" else "right")
    for label, counter, outcomes in (
        ("in a playbook", result.known, KNOWN),
        ("in no playbook", result.unknown, UNKNOWN),
    ):
        for outcome in outcomes:
            share = f"{result.share(counter, outcome):.0%}"
            table.add_row(label, outcome, str(counter[outcome]), share)
            label = ""
    console.print(table)
    console.print(
        f"Designed answer at once or in one click: {result.resolved:.0%} of known objections; "
        f"unknown ones answered with a wrong objection: "
        f"{result.share(result.unknown, 'answered wrongly'):.0%}"
    )
    if show_misses:
        for report, outcome in result.misses:
            wanted = report.objection or "(none)"
            console.print(f"  {outcome}: {report.said!r} (wanted {wanted})", highlight=False)


@app.command()
def bench(
    corpus: Annotated[Path, typer.Option(help="Folder to index.")] = Path("../shared/corpus"),
    questions: Annotated[
        Path | None, typer.Option(help="Question set (JSONL) for the quality figures.")
    ] = None,
    sample: Annotated[int, typer.Option(help="Chunks in the side-by-side embedding test.")] = 192,
    rounds: Annotated[int, typer.Option(help="Interleaved rounds of that test.")] = 3,
    baseline_index: Annotated[
        bool, typer.Option(help="Also index the whole corpus with fp32 (slow) for quality.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Benchmark: embedding speed vs fp32, indexing, query latency, re-index, peak memory."""
    from pregame.bench.report import render
    from pregame.bench.run import run_bench
    from pregame.evaluation.questions import load_questions
    from pregame.retrieval.chunks import ChunkSize
    from pregame.retrieval.embeddings import SentenceTransformerEmbedder
    from pregame.services import default_embedder

    if not corpus.is_dir():
        err.print(f"[red]error[/] {corpus} is not a folder")
        raise typer.Exit(2)
    settings = _settings()
    result = run_bench(
        corpus,
        default_embedder(settings),
        SentenceTransformerEmbedder(settings.model_path(), batch_size=32),
        questions=load_questions(questions) if questions else None,
        sample=sample,
        rounds=rounds,
        baseline_index=baseline_index,
        size=ChunkSize.for_model(Path(settings.model_path())),
        say=lambda line: err.print(line, highlight=False),
    )
    if as_json:
        console.print_json(json.dumps(result.as_dict()))
    else:
        console.print(render(result), highlight=False, markup=False, soft_wrap=True)


@app.command()
def train(force: Annotated[bool, typer.Option(help="Retrain even if unchanged.")] = False) -> None:
    """Train the Rasa model, only if its training data or config changed."""
    from pregame.stack.processes import StackError
    from pregame.stack.rasa import train as train_model

    try:
        result = train_model(_settings(), force=force)
    except StackError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from exc
    if result.trained:
        console.print(f"Trained {result.model.name} in {result.seconds:.0f}s.")
    else:
        console.print(f"Model {result.model.name} is up to date (training data unchanged).")


def _stop_on_signals() -> None:
    """Ctrl-C, `kill` and a closed terminal all stop the stack the same clean way."""
    import signal

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, interrupt)


def _start_stack(settings: Settings) -> Any:
    from pregame.stack.rasa import train as train_model
    from pregame.stack.stack import Stack

    model = train_model(settings).model
    console.print(
        f"Starting the action server (:{settings.action_port}) and Rasa "
        f"(:{settings.rasa_port}) with {model.name}; logs in {settings.run_dir}.",
        soft_wrap=True,
    )
    return Stack(settings, model, rasa_port=settings.rasa_port, action_port=settings.action_port)


@app.command()
def up() -> None:
    """Start the Rasa server and the action server; Ctrl-C stops both."""
    import time

    from pregame.stack.processes import StackError

    settings = _settings()
    _stop_on_signals()
    try:
        with _start_stack(settings) as endpoints:
            slack_app = _start_slack(settings)
            try:
                console.print(
                    f"Pregame is up: REST channel at {endpoints.rasa_url}"
                    "/webhooks/rest/webhook. Ctrl-C to stop."
                )
                while True:
                    time.sleep(1)
                    if slack_app is not None:
                        _report_slack_stopped(slack_app)
            finally:
                if slack_app is not None:
                    slack_app.stop()
    except StackError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from exc
    except KeyboardInterrupt:
        console.print("Stopped.")


@app.command()
def slack(
    http: Annotated[
        bool, typer.Option("--http", help="Events API over HTTP instead of Socket Mode.")
    ] = False,
    port: Annotated[int, typer.Option(help="HTTP port (with --http).")] = 3000,
    host: Annotated[str, typer.Option(help="HTTP interface (with --http).")] = "0.0.0.0",
) -> None:
    """Run the Slack app (Socket Mode; --http for the Events API) against the running bot."""
    import asyncio
    import logging

    from slack_sdk.errors import SlackApiError

    from pregame.slack.app import serve
    from pregame.slack.config import SlackSettings

    slack_settings = SlackSettings()
    missing = slack_settings.problems(http=http)
    if missing:
        err.print("[red]Slack is not configured.[/] Set in the environment or .env:")
        for item in missing:
            err.print(f"  {item}")
        err.print("See docs/slack.md (Connect to Slack).")
        raise typer.Exit(2)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = _settings()
    mode = f"Events API on http://{host}:{port}/slack/events" if http else "Socket Mode"
    console.print(f"Pregame Slack app ({mode}); Rasa at {settings.rasa_url}. Ctrl-C to stop.")
    try:
        asyncio.run(serve(settings, slack_settings, http=http, host=host, port=port))
    except SlackApiError as exc:
        tokens = "SLACK_BOT_TOKEN" if http else "SLACK_BOT_TOKEN and SLACK_APP_TOKEN"
        err.print(
            f"[red]Slack refused the connection: {exc.response.get('error')}.[/] Check "
            f"{tokens} (docs/slack.md, step 2)."
        )
        raise typer.Exit(1) from exc
    except OSError as exc:  # aiohttp's connection errors are OSErrors: DNS, proxy, firewall
        err.print(
            f"[red]Cannot reach Slack at {slack_settings.api_url}: "
            f"{exc}.[/] Check this machine's connection to slack.com (proxy, firewall, DNS)."
        )
        raise typer.Exit(1) from exc
    except KeyboardInterrupt:
        console.print("Stopped.")


def _start_slack(settings: Settings) -> Any:
    """With Slack tokens configured, `pregame up` runs the Slack app beside the bot.

    If it stops (a refused token, a crash), `up` says so with the end of its log and keeps the
    bot running: it still answers on its REST channel.
    """
    from pregame.slack.child import SlackChild
    from pregame.slack.config import SlackSettings
    from pregame.stack.rasa import child_env

    slack_settings = SlackSettings()
    if not slack_settings.configured:
        return None
    mode = [] if not slack_settings.problems(http=False) else ["--http"]
    child = SlackChild.start(
        settings.run_dir,
        [sys.executable, "-m", "pregame.slack", *mode],
        cwd=settings.root,
        env={**child_env(), **settings.to_env()},
    )
    ready = child.wait_ready(SLACK_START_TIMEOUT)
    if ready:
        console.print(f"Slack app connected ({child.process.log}).")
    elif ready is None:
        console.print(f"Slack app still starting; its log is {child.process.log}.")
    else:
        _report_slack_stopped(child)
    return child


SLACK_START_TIMEOUT = 20.0


def _report_slack_stopped(child: Any) -> None:
    message = child.stopped()
    if message is not None:
        err.print(message, style="yellow", markup=False, highlight=False)


@app.command()
def chat(sender: Annotated[str, typer.Option(help="Conversation id.")] = "") -> None:
    """Chat with a running bot in the terminal."""
    from pregame.chat.client import RasaClient
    from pregame.chat.terminal import interactive

    interactive(RasaClient(_settings().rasa_url), sender or f"terminal-{uuid.uuid4().hex[:8]}")


@app.command()
def ask(
    message: str,
    sender: Annotated[str, typer.Option(help="Conversation id (keep it to continue).")] = "cli",
    as_json: Annotated[bool, typer.Option("--json", help="Raw REST channel messages.")] = False,
) -> None:
    """Send one message to a running bot and print the reply."""
    from pregame.chat.client import BotUnavailable, RasaClient
    from pregame.chat.terminal import render

    try:
        messages = RasaClient(_settings().rasa_url).send(sender, message)
    except BotUnavailable as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from exc
    if as_json:
        console.print_json(json.dumps(messages))
    else:
        console.print(render(messages), highlight=False, markup=False, soft_wrap=True)


@app.command()
def demo() -> None:
    """Validate, index, train if needed, start everything, and chat (a scripted demo w/o TTY)."""
    from pregame.chat.client import RasaClient
    from pregame.chat.terminal import DEMO_SCRIPT, interactive, play_script
    from pregame.stack.processes import StackError

    settings = _settings()
    console.rule("1/4 validate playbooks")
    validate(None, as_json=False)
    console.rule("2/4 index knowledge and playbooks")
    index(None)
    console.rule("3/4 train the Rasa model (only if its inputs changed)")
    train(force=False)
    console.rule("4/4 start the bot")
    _stop_on_signals()
    try:
        with _start_stack(settings) as endpoints:
            client = RasaClient(endpoints.rasa_url)
            sender = f"demo-{uuid.uuid4().hex[:8]}"
            if sys.stdin.isatty():
                interactive(client, sender)
            else:
                console.print("No terminal attached: playing the scripted demo conversation.\n")
                latencies = play_script(
                    client,
                    sender,
                    DEMO_SCRIPT,
                    out=lambda s: console.print(s, highlight=False, markup=False, soft_wrap=True),
                )
                median = sorted(latencies)[len(latencies) // 2]
                console.print(f"{len(latencies)} turns, median reply {median * 1000:.0f} ms.")
    except StackError as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from exc
    except KeyboardInterrupt:
        console.print("\nStopped; both servers are down.")
