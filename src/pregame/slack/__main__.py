"""``python -m pregame.slack [--http] [--port N] [--host H]``: the Slack app on its own
(``pregame up`` starts it so)."""

from __future__ import annotations

import argparse
import os
import sys

from pregame.slack.main import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pregame.slack",
        description="Run the Slack app (Socket Mode; --http for the Events API).",
    )
    parser.add_argument(
        "--http", action="store_true", help="Events API over HTTP instead of Socket Mode."
    )
    parser.add_argument("--port", type=int, default=3000, help="HTTP port (with --http).")
    parser.add_argument(
        "--host",
        default=os.environ.get("PREGAME_SLACK_HOST", "127.0.0.1"),
        help="HTTP interface (with --http; default loopback, PREGAME_SLACK_HOST).",
    )
    args = parser.parse_args(argv)
    return run(http=args.http, host=args.host, port=args.port)


if __name__ == "__main__":
    sys.exit(main())
