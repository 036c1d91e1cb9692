"""The action server process: rasa-sdk's app in one process, answering only our Rasa servers.

``python -m pregame.stack.action_server --port N`` runs the actions in ``actions/`` like
``python -m rasa_sdk`` does, with two differences: a single process (no Sanic worker manager
between the supervisor and the server, so a killed server is seen and restarted), and
``/webhook`` requires the token our Rasa servers send (``?token=``, from
``PREGAME_ACTION_TOKEN``); ``/health`` stays open for health checks.
"""

from __future__ import annotations

import argparse
import hmac
import importlib
import logging
import os
import time
import warnings
from typing import Any

from sanic import HTTPResponse, Request, Sanic, response

TOKEN_VAR = "PREGAME_ACTION_TOKEN"
OPEN_PATHS = frozenset({"/health"})

log = logging.getLogger("pregame.action_server")


def create_app(token: str, actions_package: str = "actions") -> Sanic[Any, Any]:
    """rasa-sdk's action app for ``actions_package``, behind a token check."""
    from rasa_sdk.endpoint import create_app as sdk_app
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package(actions_package)
    app: Sanic[Any, Any] = sdk_app(executor, cors_origins=None)

    @app.on_request
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        given = request.args.get("token") or ""
        if token and hmac.compare_digest(given.encode(), token.encode()):
            return None
        log.warning("refused %s %s from %s: no valid token", request.method, request.path,
                    request.ip)  # fmt: skip
        return response.json({"error": "unauthorized"}, status=401)

    return app


def warm_up(actions_package: str) -> None:
    """Run the actions package's ``warm_up()`` if it has one, before the server listens.

    A warm-up that fails (for example the Chroma server not answering yet) is logged and the
    server starts anyway: the turns that need it will say so to the seller.
    """
    warm = getattr(importlib.import_module(actions_package), "warm_up", None)
    if not callable(warm):
        return
    started = time.perf_counter()
    try:
        warm()
    except Exception as error:  # any failure: start cold rather than not at all
        log.warning("warm-up failed, starting cold: %s", error)
        return
    log.info("warmed up in %.1f s", time.perf_counter() - started)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--host", default=os.environ.get("SANIC_HOST", "127.0.0.1"))
    parser.add_argument("--actions", default="actions")
    args = parser.parse_args(argv)
    token = os.environ.get(TOKEN_VAR, "")
    if not token:
        raise SystemExit(f"{TOKEN_VAR} is not set: the action server would answer anyone")
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per Chroma request
    warnings.filterwarnings("ignore", category=UserWarning, module=r"rasa_sdk.*")
    app = create_app(token, args.actions)
    warm_up(args.actions)
    app.run(host=args.host, port=args.port, single_process=True, access_log=False,
            motd=False)  # fmt: skip


if __name__ == "__main__":
    main()
