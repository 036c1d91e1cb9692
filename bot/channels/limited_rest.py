"""Rasa's REST channel with limits: ``channels.limited_rest.LimitedRestInput``.

Same URL (``/webhooks/rest/webhook``), same answers to valid turns as ``rasa.core.channels.rest``;
before a turn reaches Rasa:

* a body that is not a JSON object, a missing or non-string (or empty) ``sender`` or
  ``message``, a ``metadata`` that is not an object, or a non-string ``input_channel``: 400 and
  one log line (a missing sender is never the shared ``default`` conversation);
* a message longer than ``PREGAME_MAX_MESSAGE_CHARS`` (default 4000): 413 with a JSON error;
* a sender that already has ``PREGAME_SENDER_QUEUE`` (default 4) turns in flight in this
  server (running, or waiting for the conversation's lock): 429 with a JSON error.

Rejected requests are logged without their body. Registered in ``bot/credentials.yml`` by its
module path; the Rasa process needs ``bot/`` on its ``PYTHONPATH``.
"""

from __future__ import annotations

import json
import logging
import os
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.utils.endpoints import bool_arg
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

logger = logging.getLogger(__name__)

MAX_CHARS_VAR = "PREGAME_MAX_MESSAGE_CHARS"
QUEUE_VAR = "PREGAME_SENDER_QUEUE"
DEFAULT_MAX_CHARS = 4000
DEFAULT_QUEUE = 2


NO_REPLY = {
    "text": "Sorry, I couldn't answer that just now: part of me is restarting. "
    "Please send it again in a few seconds.",
    "custom": {"type": "error"},
}


class Rejected(Exception):
    def __init__(self, status: int, error: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.error = error
        self.detail = detail
        self.extra = extra

    def answer(self) -> HTTPResponse:
        body = {"error": self.error, "detail": self.detail, **self.extra}
        return response.json(body, status=self.status)


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        logger.warning("%s=%r is not a number; using %d", name, raw, default)
        return default
    return value if value >= 1 else default


class LimitedRestInput(RestInput):
    """The REST channel, with request checks, a message length cap and a per-sender bound."""

    def __init__(self, max_chars: int | None = None, queue: int | None = None) -> None:
        self.max_chars = max_chars or _env_int(MAX_CHARS_VAR, DEFAULT_MAX_CHARS)
        self.queue = queue or _env_int(QUEUE_VAR, DEFAULT_QUEUE)
        self.in_flight: dict[str, int] = {}

    @classmethod
    def name(cls) -> str:
        return "rest"  # the same URL and input_channel as Rasa's own REST channel

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> LimitedRestInput:
        credentials = credentials or {}
        return cls(credentials.get("max_message_chars"), credentials.get("sender_queue"))

    def parse(self, request: Request) -> dict[str, Any]:
        """The checked body; raises :class:`Rejected`."""
        try:
            body = json.loads(request.body or b"")
        except (ValueError, UnicodeDecodeError):
            raise Rejected(400, "bad_request", "the body is not JSON") from None
        if not isinstance(body, dict):
            raise Rejected(400, "bad_request", f"the body is a JSON {type(body).__name__}, "
                           "not an object")  # fmt: skip
        sender, message = body.get("sender"), body.get("message")
        if not isinstance(sender, str) or not sender.strip():
            raise Rejected(400, "bad_request", "'sender' must be a non-empty string")
        if not isinstance(message, str):
            raise Rejected(400, "bad_request", "'message' must be a string")
        metadata = body.get("metadata")
        if metadata is not None and not isinstance(metadata, dict):
            raise Rejected(400, "bad_request", "'metadata' must be an object")
        channel = body.get("input_channel")
        if channel is not None and not isinstance(channel, str):
            raise Rejected(400, "bad_request", "'input_channel' must be a string")
        if len(message) > self.max_chars:
            raise Rejected(
                413,
                "message_too_long",
                f"the message has {len(message)} characters; the limit is {self.max_chars}",
                limit=self.max_chars,
                length=len(message),
            )
        return body

    def _enter(self, sender: str) -> None:
        if self.in_flight.get(sender, 0) >= self.queue:
            raise Rejected(
                429,
                "too_many_turns",
                f"this sender already has {self.queue} turns in progress; wait for their answers",
                limit=self.queue,
            )
        self.in_flight[sender] = self.in_flight.get(sender, 0) + 1

    def _leave(self, sender: str) -> None:
        left = self.in_flight.get(sender, 1) - 1
        if left > 0:
            self.in_flight[sender] = left
        else:
            self.in_flight.pop(sender, None)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> ResponseStream | HTTPResponse:
            sender = None
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                # A (re)starting server takes requests before its model is loaded, and Rasa
                # would answer them with nothing: say so, and a load balancer asks another.
                logger.warning("rest channel: a turn arrived before the model was loaded: 503")
                return response.json({"error": "loading", "detail": "the model is loading"},
                                     status=503)  # fmt: skip
            try:
                body = self.parse(request)
                sender = body["sender"]
                self._enter(sender)
            except Rejected as exc:
                logger.warning(
                    "rest channel: rejected a request from %s with %d: %s%s",
                    request.ip,
                    exc.status,
                    exc.detail,
                    f" (sender {sender})" if sender else "",
                )
                return exc.answer()
            return await self._turn(request, body, on_new_message)

        return webhook

    async def _turn(
        self,
        request: Request,
        body: dict[str, Any],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
    ) -> ResponseStream | HTTPResponse:
        """As Rasa's REST channel answers a turn (``rasa.core.channels.rest``)."""
        sender, text = body["sender"], body["message"]
        input_channel = body.get("input_channel") or self.name()
        metadata = body.get("metadata")
        if bool_arg(request, "stream", default=False):
            stream = self.stream_response(on_new_message, text, sender, input_channel, metadata)

            async def bounded(resp: Any) -> None:
                try:
                    await stream(resp)
                finally:
                    self._leave(sender)

            return response.stream(bounded, content_type="text/event-stream")
        collector = CollectingOutputChannel()
        try:
            await on_new_message(
                UserMessage(text, collector, sender, input_channel=input_channel, metadata=metadata)
            )
        except CancelledError:
            logger.error("rest channel: turn of %s timed out", sender)
        except Exception:
            logger.exception("rest channel: turn of %s failed", sender)
        finally:
            self._leave(sender)
        if not collector.messages:
            # Every turn of this bot says something: nothing means an action failed (the
            # action server restarting, for one). Rasa would answer with silence.
            logger.warning("rest channel: turn of %s produced no reply; said so", sender)
            return response.json([{"recipient_id": sender, **NO_REPLY}])
        return response.json(collector.messages)
