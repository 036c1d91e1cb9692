"""``python -m pregame.cli ...``: the `pregame` command, for child processes of this runtime."""

from pregame.cli import app

app()
