"""Slack's edge for tests: a mock Web API + Socket Mode server on a loopback port that records
every call, Slack's request signing, and a background event loop to run servers on."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode

from aiohttp import WSMsgType, web


async def serve_loopback(app: web.Application) -> tuple[web.AppRunner, int]:
    """Serve ``app`` on a free loopback port; returns its runner (to clean up) and the port."""
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, int(runner.addresses[0][1])


BOT_USER = "UBOT"
TEAM = "T1"


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


@dataclass(frozen=True)
class Call:
    method: str
    body: dict[str, Any]


class MockSlack:
    """The Slack Web API (``/api/<method>``) and a Socket Mode WebSocket (``/socket``)."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.overrides: dict[str, list[tuple[int, dict[str, str], dict[str, Any]]]] = {}
        self.socket_received: list[dict[str, Any]] = []
        self.thread_messages: dict[str, list[dict[str, Any]]] = {}
        self._sockets: list[web.WebSocketResponse] = []
        self._ts = itertools.count(1)
        self._lock = threading.Lock()
        self.port = 0
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    async def start(self) -> None:
        app = web.Application()
        app.add_routes(
            [web.get("/socket", self._socket), web.route("*", "/api/{method}", self._api)]
        )
        self._runner, self.port = await serve_loopback(app)

    async def stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- Web API ---------------------------------------------------------------------------

    def fail_next(
        self, method: str, status: int, headers: dict[str, str], body: dict[str, Any]
    ) -> None:
        self.overrides.setdefault(method, []).append((status, headers, body))

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body: dict[str, Any] = dict(request.query)
        raw = await request.text()
        if request.content_type == "application/json" and raw:
            body.update(json.loads(raw))
        elif raw:
            body.update(dict(parse_qsl(raw)))
        with self._lock:
            self.calls.append(Call(method, body))
            override = self.overrides.get(method)
            if override:
                status, headers, answer = override.pop(0)
                return web.json_response(answer, status=status, headers=headers)
        return web.json_response(self._answer(method, body))

    def _answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": "BBOT", "team_id": TEAM}
        if method == "chat.postMessage":
            ts = f"{2000 + next(self._ts)}.000100"
            return {"ok": True, "channel": body.get("channel"), "ts": ts}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(body.get("users"))}}
        if method == "conversations.replies":
            return {"ok": True, "messages": self.thread_messages.get(str(body.get("ts")), [])}
        if method == "apps.connections.open":
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        return {"ok": True}

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [c.body for c in self.calls if c.method == method]

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


# -- signing ---------------------------------------------------------------------------------


def sign(secret: str, body: str, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 request signature: HMAC-SHA256 over ``v0:<timestamp>:<body>``."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def event_body(event: dict[str, Any], event_id: str) -> dict[str, Any]:
    return {
        "token": "unused",
        "team_id": TEAM,
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "event": event,
    }


def mention(
    text: str, ts: str, channel: str = "C1", user: str = "U1", thread_ts: str = ""
) -> dict[str, Any]:
    event = {"type": "app_mention", "user": user, "text": f"<@{BOT_USER}> {text}", "ts": ts}
    event |= {"channel": channel, "event_ts": ts}
    return event | ({"thread_ts": thread_ts} if thread_ts else {})


def message(
    text: str, ts: str, channel: str, channel_type: str, user: str = "U1", thread_ts: str = ""
) -> dict[str, Any]:
    event = {"type": "message", "user": user, "text": text, "ts": ts, "channel": channel}
    event |= {"channel_type": channel_type, "event_ts": ts}
    return event | ({"thread_ts": thread_ts} if thread_ts else {})


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
