"""Run the Slack app: check its settings, serve until Ctrl-C or SIGTERM, explain a refused
connection.

``pregame slack`` and ``python -m pregame.slack`` both call :func:`run`.
"""

from __future__ import annotations

import asyncio
import logging
import signal

from rich.console import Console
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from pregame.settings import Settings
from pregame.slack.app import serve
from pregame.slack.config import SlackSettings
from pregame.slack.redact import redact_handlers
from pregame.store.database import DatabaseError

NOT_CONFIGURED = 2
FAILED = 1
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

log = logging.getLogger(__name__)


async def serve_until_signalled(
    settings: Settings, slack: SlackSettings, *, http: bool, host: str, port: int
) -> None:
    """Serve until the first SIGINT (Ctrl-C) or SIGTERM (``pregame up``, ``docker stop``), then
    close the app in order: no more requests, turns in flight finish, stores close. A second
    signal while closing stops at once (the default handlers are back)."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def stopping(signum: int) -> None:
        log.info("%s: stopping", signal.Signals(signum).name)
        for number in STOP_SIGNALS:
            loop.remove_signal_handler(number)
        stop.set()

    for number in STOP_SIGNALS:
        loop.add_signal_handler(number, stopping, number)
    try:
        await serve(settings, slack, http=http, host=host, port=port, stop=stop)
    finally:
        for number in STOP_SIGNALS:
            loop.remove_signal_handler(number)


def run(
    *,
    http: bool,
    host: str,
    port: int,
    out: Console | None = None,
    err: Console | None = None,
) -> int:
    """Serve the Slack app (Socket Mode, or the Events API with ``http``) until interrupted.

    Returns the exit code: 0 when stopped, 2 when Slack is not configured, 1 when Slack refuses
    the tokens or cannot be reached.
    """
    out = out or Console()
    err = err or Console(stderr=True)
    slack = SlackSettings()
    missing = slack.problems(http=http)
    if missing:
        err.print("[red]Slack is not configured.[/] Set in the environment or .env:")
        for item in missing:
            err.print(f"  {item}")
        err.print("See docs/slack.md (Connect to Slack).")
        return NOT_CONFIGURED
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # APScheduler says "Scheduler started" and "Added job" at INFO: the digest logs its own runs.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    redact_handlers([slack.bot_token, slack.app_token, slack.signing_secret])
    settings = Settings()
    mode = f"Events API on http://{host}:{port}/slack/events" if http else "Socket Mode"
    out.print(f"Pregame Slack app ({mode}); Rasa at {settings.rasa_url}. Ctrl-C to stop.")
    try:
        asyncio.run(serve_until_signalled(settings, slack, http=http, host=host, port=port))
    except SlackApiError as exc:
        tokens = "SLACK_BOT_TOKEN" if http else "SLACK_BOT_TOKEN and SLACK_APP_TOKEN"
        err.print(
            f"[red]Slack refused the connection: {exc.response.get('error')}.[/] Check "
            f"{tokens} (docs/slack.md, step 2)."
        )
        return FAILED
    except OSError as exc:  # aiohttp's connection errors are OSErrors: DNS, proxy, firewall
        err.print(
            f"[red]Cannot reach Slack at {slack.api_url}: {exc}.[/] Check this machine's "
            "connection to slack.com (proxy, firewall, DNS)."
        )
        return FAILED
    except (DatabaseError, SQLAlchemyError) as exc:
        # not the message: it may quote the URL, password included
        err.print(
            f"[red]Cannot use the SQL store ({type(exc).__name__}).[/] Check "
            "PREGAME_DATABASE_URL and that the database server is up."
        )
        return FAILED
    except KeyboardInterrupt:  # a signal before the app was serving, or a second one
        pass
    out.print("Stopped.")
    return 0
