"""`pregame eval retrieval | objections | practice` and `bench`: measure the assistant."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from pregame.cli.common import console, err, wiring

eval_app = typer.Typer(help="Measure the assistant.", no_args_is_help=True)


@eval_app.command("retrieval")
def eval_retrieval(
    ctx: typer.Context,
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
    from pregame.evaluation.questions import QuestionSetError, load_questions
    from pregame.evaluation.retrieval import EmptyIndex, evaluate_index
    from pregame.retrieval import store

    try:
        items = load_questions(questions)
    except (OSError, QuestionSetError) as exc:
        err.print(f"[red]error[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    wired = wiring(ctx)
    services = wired.services(wired.settings())
    try:
        result = evaluate_index(
            services.collection(store.KNOWLEDGE), services.embedder, items, k=k, folder=folder
        )
    except EmptyIndex as exc:
        err.print(f"[red]error[/] {exc}")
        raise typer.Exit(1) from exc
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


@eval_app.command("answers")
def eval_answers(
    ctx: typer.Context,
    questions: Annotated[
        Path,
        typer.Option("--questions", help="JSONL: questions it can answer {question, relevant}."),
    ],
    unanswerable: Annotated[
        Path,
        typer.Option("--unanswerable", help="JSONL: questions nothing answers (relevant: [])."),
    ],
    folder: Annotated[
        Path | None,
        typer.Option("--folder", help="Only search what was indexed from this folder."),
    ] = None,
    k: Annotated[int, typer.Option("--k", help="Passages an answer shows.")] = 3,
    target: Annotated[
        float, typer.Option("--target", help="Honest share the calibrated floor must reach.")
    ] = 0.9,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Honest "I don't have that" vs answers kept, at each confidence threshold (calibration)."""
    from pregame.evaluation.answers import evaluate_answers, load_unanswerable
    from pregame.evaluation.questions import QuestionSetError, load_questions
    from pregame.retrieval import store

    try:
        answerable, nothing = load_questions(questions), load_unanswerable(unanswerable)
    except (OSError, QuestionSetError) as exc:
        err.print(f"[red]error[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    wired = wiring(ctx)
    services = wired.services(wired.settings())
    searcher = services.searcher(store.KNOWLEDGE)
    if searcher.coll.count() == 0:
        err.print("[red]error[/] the index is empty; run `pregame index FOLDER` first")
        raise typer.Exit(1)
    filters = {"scope": str(folder.resolve())} if folder else None
    result = evaluate_answers(searcher, answerable, nothing, k=k, filters=filters)
    if as_json:
        console.print_json(json.dumps(result.as_dict()))
        return
    table = Table(
        title=f"Answers: {len(answerable)} answerable ({questions.name}), "
        f"{len(nothing)} unanswerable ({unanswerable.name})"
    )
    columns = ("confidence", "honest", "answered", "answered right", f"found in top {k}")
    for name in columns:
        table.add_column(name, justify="right")
    best = result.calibrated(target)
    for row in result.sweep:
        mark = " (setting)" if row.threshold == result.current else ""
        mark += " (calibrated)" if best is not None and row.threshold == best.threshold else ""
        table.add_row(
            f"{row.threshold:.2f}{mark}",
            f"{row.honest:.0%}",
            f"{row.answered:.0%}",
            f"{row.answered_right:.0%}",
            f"{row.found:.0%}",
        )
    console.print(table)
    console.print(
        "honest: unanswerable questions given no answer; answered (right): answerable ones "
        "given an answer (with a right page); found: a right page among the passages, as an "
        "answer or as related reading."
    )
    if best is None:
        console.print(f"No threshold in the sweep is honest on {target:.0%} of them.")
    else:
        console.print(
            f"Lowest threshold honest on {target:.0%}: {best.threshold:.2f} "
            f"(PREGAME_ANSWER_CONFIDENCE; the setting is {result.current:.2f})"
        )


@eval_app.command("objections")
def eval_objections(
    ctx: typer.Context,
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
    from pregame.evaluation.objections import KNOWN, UNKNOWN, evaluate, load_reports
    from pregame.evaluation.questions import QuestionSetError

    wired = wiring(ctx)
    services = wired.services(wired.settings())
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


@eval_app.command("practice")
def eval_practice(
    ctx: typer.Context,
    answer_set: Annotated[
        Path,
        typer.Option("--set", help="JSONL: {playbook, kind, target, buyer_line, answer, label}."),
    ],
    pass_mark: Annotated[
        int | None,
        typer.Option(
            "--pass-mark", min=1, max=100, help="Default: the practice_pass_mark setting."
        ),
    ] = None,
    show_items: Annotated[
        bool, typer.Option("--items", help="List every answer's score and label.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """How the role-play score separates good answers from partial, off-topic and parroted ones."""
    from pregame.evaluation.practice import BAD, LABELS, evaluate, load_answers
    from pregame.evaluation.questions import QuestionSetError
    from pregame.practice.scoring import AnswerScorer

    wired = wiring(ctx)
    settings = wired.settings()
    services = wired.services(settings)
    playbooks = {p.id: p for p in services.library.playbooks()}
    try:
        items = load_answers(answer_set, playbooks)
    except (OSError, QuestionSetError) as exc:
        err.print(f"[red]error[/] {exc}", highlight=False)
        raise typer.Exit(2) from exc
    scorer = AnswerScorer(services.embedder, pass_mark or settings.practice_pass_mark)
    result = evaluate(scorer, playbooks, items)
    if as_json:
        console.print_json(json.dumps(result.as_dict()))
        return
    table = Table(title=f"Role-play scores: {len(items)} answers ({answer_set})")
    for name in ("label", "answers", "mean score", f"pass rate (>= {scorer.pass_mark})"):
        table.add_column(name, justify="left" if name == "label" else "right")
    confusion = result.confusion()
    for label in LABELS:
        mean, rate = result.mean(label), result.pass_rate(label)
        table.add_row(
            label,
            str(sum(confusion[label].values())),
            "-" if mean is None else f"{mean:.1f}",
            "-" if rate is None else f"{rate:.0%}",
        )
    console.print(table)
    for name, negative in (("off_topic + parrot", BAD), ("partial", ("partial",))):
        auc = result.auc(["good"], negative)
        console.print(f"AUC good vs {name}: {'-' if auc is None else f'{auc:.3f}'}")
    cells = ", ".join(f"{label} {c['pass']}/{c['fail']}" for label, c in confusion.items())
    console.print(f"Pass/fail at {scorer.pass_mark}: {cells}", highlight=False)
    if show_items:
        for s in result.scored:
            console.print(
                f"  line {s.item.line}: {s.item.label} {s.feedback.score} "
                f"({s.item.target.kind} {s.item.target.id})",
                highlight=False,
            )


def bench(
    ctx: typer.Context,
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
    settings = wiring(ctx).settings()
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
