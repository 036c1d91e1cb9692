"""Slack's edge for tests: the load test's mock Web API (:mod:`pregame.loadtest.slack_api`) with
a Socket Mode server and failures on demand, Slack's request signing and events
(:mod:`pregame.loadtest.slack_events`), and a background event loop to run servers on."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import urlencode

from aiohttp import WSMsgType, web

from pregame.loadtest.slack_api import Call, MockSlackApi
from pregame.loadtest.slack_events import (
    BOT_USER,
    TEAM,
    event_body,
    mention,
    message,
    signed_headers,
)

__all__ = [
    "BOT_USER",
    "TEAM",
    "Call",
    "LoopThread",
    "MockSlack",
    "click",
    "event_body",
    "form",
    "mention",
    "message",
    "serve_loopback",
    "sign",
]


async def serve_loopback(app: web.Application) -> tuple[web.AppRunner, int]:
    """Serve ``app`` on a free loopback port; returns its runner (to clean up) and the port."""
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, int(runner.addresses[0][1])


class LoopThread:
    """An asyncio loop in a thread: servers live there, tests drive it synchronously."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float = 30.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


class MockSlack(MockSlackApi):
    """The load test's mock Web API (``/api/<method>``), plus what tests need: answers to fail
    on purpose (:meth:`fail_next`), waiting for a call, and a Socket Mode WebSocket
    (``/socket``)."""

    def __init__(self) -> None:
        super().__init__()
        self.overrides: dict[str, list[tuple[int, dict[str, str], dict[str, Any]]]] = {}
        self.socket_received: list[dict[str, Any]] = []
        self._sockets: list[web.WebSocketResponse] = []

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/socket", self._socket), *super().routes()]

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        await super().stop()

    # -- Web API ---------------------------------------------------------------------------

    def fail_next(
        self, method: str, status: int, headers: dict[str, str], body: dict[str, Any]
    ) -> None:
        self.overrides.setdefault(method, []).append((status, headers, body))

    async def respond(self, method: str, body: dict[str, Any]) -> web.Response:
        override = self.overrides.get(method)
        if override:
            status, headers, answer = override.pop(0)
            return web.json_response(answer, status=status, headers=headers)
        return await super().respond(method, body)

    def answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        return super().answer(method, body)

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls_to(method)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"expected {count} {method} call(s), got {self.calls_to(method)}")

    # -- Socket Mode -----------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"type": "hello", "num_connections": 1})
        async for msg in ws:
            if msg.type == WSMsgType.TEXT:
                self.socket_received.append(json.loads(msg.data))
        self._sockets.remove(ws)
        return ws

    @property
    def socket_connected(self) -> bool:
        return bool(self._sockets)

    async def push(self, envelope: dict[str, Any]) -> None:
        await self._sockets[-1].send_json(envelope)


def sign(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 request signature (``slack_sdk``'s, as the load test signs)."""
    return signed_headers(secret, body, timestamp)


def click(
    action_id: str,
    value: str,
    *,
    channel: str,
    message_ts: str,
    thread_ts: str,
    user: str = "U1",
    blocks: list[dict[str, Any]] | None = None,
    title: str = "",
) -> dict[str, Any]:
    """A block_actions interaction payload for a button in a bot message in a thread."""
    return {
        "type": "block_actions",
        "team": {"id": TEAM},
        "user": {"id": user, "team_id": TEAM},
        "api_app_id": "A1",
        "trigger_id": "trigger-1",
        "container": {"type": "message", "channel_id": channel, "message_ts": message_ts},
        "channel": {"id": channel},
        "message": {
            "type": "message",
            "user": BOT_USER,
            "ts": message_ts,
            "thread_ts": thread_ts,
            "text": "a bot message",
            "blocks": blocks or [],
        },
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "b1",
                "value": value,
                "text": {"type": "plain_text", "text": title or action_id},
                "action_ts": str(time.time()),
            }
        ],
    }


def form(fields: dict[str, str]) -> str:
    return urlencode(fields)


Responder = Callable[[str, str], list[dict[str, Any]]]
