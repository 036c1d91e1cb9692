"""The Events API over HTTP: one endpoint (``/slack/events``) for events, interactivity and the
slash command, and ``GET /health``.

Every request is checked before bolt sees it, in this order: the signature over the raw bytes
(Slack's ``SignatureVerifier``; a bad or stale one is 401), then the body must parse the way
bolt will parse it, to an object (anything else is 400). A rejected request is one warning
line that names the reason and the body's size, never the body or a header value. Bolt's own
signature check stays as a second line; its log line that prints a rejected body is silenced.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
# bolt logs the whole body of a request whose signature fails, at INFO (see
# slack_bolt.middleware.request_verification); WARNING keeps its real warnings only.
BOLT_VERIFICATION_LOGGERS = (
    "slack_bolt.AsyncRequestVerification",
    "slack_bolt.RequestVerification",
)


class Rejected(ValueError):
    """A request that does not go to bolt; the message says why without quoting the body."""

    status = 400


class BadSignature(Rejected):
    status = 401


class Malformed(Rejected):
    status = 400


def parse_body(raw: bytes, content_type: str | None) -> dict[str, Any]:
    """The body as bolt parses it (``slack_bolt.request.internals.parse_body``), or Malformed."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Malformed("malformed body: not UTF-8") from exc
    if not text:
        return {}
    try:
        if content_type == "application/json" or text.startswith("{"):
            data: Any = json.loads(text)
        else:
            fields = dict(parse_qsl(text, keep_blank_values=True))
            data = json.loads(fields["payload"]) if "payload" in fields else fields
    except ValueError as exc:
        raise Malformed(f"malformed body: not valid JSON ({type(exc).__name__})") from exc
    if not isinstance(data, dict):
        raise Malformed(f"malformed body: a JSON {type(data).__name__}, not an object")
    event = data.get("event")
    if data.get("type") == "event_callback" and not isinstance(event, dict):
        raise Malformed("malformed body: an event_callback without an event object")
    return data


class RequestGuard:
    """Signature first, then the body's shape: raises :class:`Rejected`, or lets it through."""

    def __init__(self, signing_secret: str, verifier: SignatureVerifier | None = None) -> None:
        self.verifier = verifier or SignatureVerifier(signing_secret=signing_secret)

    def check(self, raw: bytes, headers: Mapping[str, str], content_type: str) -> None:
        timestamp = headers.get("X-Slack-Request-Timestamp", "")
        signature = headers.get("X-Slack-Signature", "")
        if not (timestamp and signature and self.verifier.is_valid(raw, timestamp, signature)):
            raise BadSignature("bad or stale signature")
        parse_body(raw, content_type or None)


def quiet_bolt_verification_logs() -> None:
    for name in BOLT_VERIFICATION_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def web_app(bolt: AsyncApp, signing_secret: str) -> web.Application:
    """POST /slack/events (events, interactivity, slash command) and GET /health."""
    guard = RequestGuard(signing_secret)

    async def events(request: web.Request) -> web.StreamResponse:
        raw = await request.read()
        try:
            guard.check(raw, request.headers, request.content_type)
        except Rejected as exc:
            log.warning(
                "rejected %s %s from %s with %d: %s (%d bytes)",
                request.method,
                request.path,
                request.remote,
                exc.status,
                exc,
                len(raw),
            )
            return web.json_response({"ok": False, "error": str(exc)}, status=exc.status)
        response = await bolt.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def health(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app = web.Application()
    app.add_routes([web.post(EVENTS_PATH, events), web.get("/health", health)])
    return app


async def start_http(
    bolt: AsyncApp, signing_secret: str, host: str, port: int
) -> tuple[web.AppRunner, int]:
    """Serve the app; returns the runner (``await runner.cleanup()`` stops it) and its port.

    No access log: a request is logged by what handles it (a turn, or one rejection line)."""
    quiet_bolt_verification_logs()
    # A turn still in flight at Ctrl-C or SIGTERM gets 5 s to finish, not aiohttp's 60.
    runner = web.AppRunner(web_app(bolt, signing_secret), access_log=None, shutdown_timeout=5.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner, int(runner.addresses[0][1])
