"""``python -m pregame.slack [--http ...]`` is ``pregame slack`` (``pregame up`` starts it so)."""

import sys

from pregame.cli import app

app(["slack", *sys.argv[1:]], prog_name="pregame")
