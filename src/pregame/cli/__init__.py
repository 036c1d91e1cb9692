"""The `pregame` command line: one module per group of commands.

Each command parses its arguments, calls one typed function of the layers below and prints
what it returns. ``playbooks``: validate, schema, render; ``knowledge``: index, search;
``eval``: eval retrieval, eval objections, bench; ``run``: doctor, train, up, slack, demo;
``chat``: chat, ask, learn, practice.
"""

from __future__ import annotations

import typer

from pregame.cli import chat as chat_commands
from pregame.cli import eval as eval_commands
from pregame.cli import insights, knowledge, ops, playbooks
from pregame.cli import learning as learning_commands
from pregame.cli import run as run_commands
from pregame.cli.common import Wiring

app = typer.Typer(
    help="Pregame: your sales playbooks as a coach in Slack.",
    no_args_is_help=True,
    add_completion=False,
)

# Registered in the order `pregame --help` lists them.
app.command()(run_commands.doctor)
app.command()(playbooks.validate)
app.command()(playbooks.schema)
app.command()(playbooks.render)
app.command()(knowledge.index)
app.command()(knowledge.search)
app.add_typer(eval_commands.eval_app, name="eval")
app.command()(eval_commands.bench)
app.command()(run_commands.train)
app.command()(run_commands.up)
app.command()(run_commands.status)
app.command()(run_commands.slack)
app.command()(chat_commands.chat)
app.command()(chat_commands.ask)
app.command()(chat_commands.learn)
app.command()(chat_commands.practice)
app.command()(run_commands.demo)
app.command()(ops.loadtest)
app.command()(ops.forget)
insights.register(app)
learning_commands.register(app)

__all__ = ["Wiring", "app"]
