"""A local mock of the Slack Web API for load tests (and the test suite's Slack).

It answers the methods the Pregame Slack app calls (``auth.test``, ``chat.postMessage``,
``chat.update``, ``chat.postEphemeral``, ``reactions.add``/``remove``, ``views.publish``/``open``,
``conversations.open``/``replies``) on ``/api/<method>``, records every call, and records each
posted message with the time it arrived, so a load test can time a turn to the bot's reply in
the seller's thread. Those posts are also streamed over a WebSocket (``/loadtest/posts``) to a
load test in another process (:func:`follow_posts`).

Run on its own (for a Slack app started with ``SLACK_API_URL=http://127.0.0.1:3101/api/``)::

    python -m pregame.loadtest.slack_api --port 3101

It keeps every call in memory: run it for a load test, not for days.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import aiohttp
from aiohttp import web

from pregame.loadtest.slack_events import BOT_USER, TEAM

log = logging.getLogger(__name__)

FEED_PATH = "/loadtest/posts"


@dataclass(frozen=True)
class Call:
    method: str
    body: dict[str, Any]
    at: float = 0.0  # time.time() when it arrived


@dataclass(frozen=True)
class Post:
    """One ``chat.postMessage``: where it went, what it said, and when (``time.time()``)."""

    channel: str
    thread_ts: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    at: float

    @property
    def content(self) -> str:
        """Everything the seller reads: the text and the blocks."""
        return self.text + "\n" + json.dumps(self.blocks)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Post:
        return cls(
            str(data["channel"]),
            str(data["thread_ts"]),
            str(data["ts"]),
            str(data["text"]),
            list(data["blocks"]),
            float(data["at"]),
        )


Listener = Callable[[Post], None]


def request_body(query: dict[str, str], raw: str, content_type: str) -> dict[str, Any]:
    """A Web API call's arguments: the query string, then a JSON or form-encoded body."""
    body: dict[str, Any] = dict(query)
    if content_type == "application/json" and raw:
        body.update(json.loads(raw))
    elif raw:
        body.update(dict(parse_qsl(raw)))
    return body


def _blocks(value: Any) -> list[dict[str, Any]]:
    """``blocks`` as sent: a list (JSON body) or a JSON string (form body)."""
    if isinstance(value, str):
        value = json.loads(value) if value else []
    return list(value or [])


class MockSlackApi:
    """The Web API on ``/api/<method>`` and the post feed on ``/loadtest/posts``.

    Listeners (:meth:`subscribe`) are called on the server's event loop. The records may be
    read from any thread.
    """

    def __init__(self, first_ts: int = 2000) -> None:
        self.calls: list[Call] = []
        self.posts: list[Post] = []
        self.thread_messages: dict[str, list[dict[str, Any]]] = {}
        self.host = "127.0.0.1"
        self.port = 0
        self._first_ts = first_ts
        self._ts = itertools.count(1)
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """The Web API's base URL (``SLACK_API_URL``)."""
        return f"http://{self.host}:{self.port}/api/"

    def routes(self) -> list[web.RouteDef]:
        return [web.route("*", "/api/{method}", self._api), web.get(FEED_PATH, self._feed)]

    def app(self) -> web.Application:
        app = web.Application()
        app.add_routes(self.routes())
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Serve on ``host:port`` (a free port with 0; :attr:`port` tells which)."""
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        self.host, self.port = host, int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with each new post; returns the function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @asynccontextmanager
    async def following(self, listener: Listener) -> AsyncIterator[None]:
        """:meth:`subscribe` for the length of a block (the load test's way of following)."""
        unsubscribe = self.subscribe(listener)
        try:
            yield
        finally:
            unsubscribe()

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [c.body for c in self.calls if c.method == method]

    def posts_in(self, channel: str, thread_ts: str) -> list[Post]:
        with self._lock:
            return [p for p in self.posts if (p.channel, p.thread_ts) == (channel, thread_ts)]

    # -- the Web API ----------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = request_body(dict(request.query), await request.text(), request.content_type)
        with self._lock:
            self.calls.append(Call(method, body, time.time()))
        return await self.respond(method, body)

    async def respond(self, method: str, body: dict[str, Any]) -> web.Response:
        """The HTTP answer to one call (a subclass may answer some with an error)."""
        return web.json_response(self.answer(method, body))

    def answer(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER, "bot_id": "BBOT", "team_id": TEAM}
        if method == "chat.postMessage":
            return self._posted(body)
        if method == "chat.update":
            return {"ok": True, "channel": body.get("channel"), "ts": body.get("ts")}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(body.get("users"))}}
        if method == "conversations.replies":
            return {"ok": True, "messages": self._thread(str(body.get("channel")), body)}
        return {"ok": True}  # reactions.add/remove, views.publish/open, ...

    def _posted(self, body: dict[str, Any]) -> dict[str, Any]:
        channel = str(body.get("channel", ""))
        ts = f"{self._first_ts + next(self._ts)}.000100"
        post = Post(
            channel,
            str(body.get("thread_ts") or ""),
            ts,
            str(body.get("text") or ""),
            _blocks(body.get("blocks")),
            time.time(),
        )
        with self._lock:
            self.posts.append(post)
        for listener in list(self._listeners):
            listener(post)
        return {"ok": True, "channel": channel, "ts": ts}

    def _thread(self, channel: str, body: dict[str, Any]) -> list[dict[str, Any]]:
        """A thread's messages: set by a test in :attr:`thread_messages`, else the bot's posts."""
        ts = str(body.get("ts"))
        if ts in self.thread_messages:
            return self.thread_messages[ts]
        return [
            {"user": BOT_USER, "ts": p.ts, "thread_ts": p.thread_ts, "text": p.text}
            for p in self.posts_in(channel, ts)
        ]

    # -- the post feed --------------------------------------------------------------------

    async def _feed(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=30)
        await ws.prepare(request)
        queue: asyncio.Queue[Post] = asyncio.Queue()
        unsubscribe = self.subscribe(queue.put_nowait)
        await ws.send_json({"type": "hello"})

        async def pump() -> None:
            while True:
                post = await queue.get()
                await ws.send_json({"type": "post", "post": post.to_json()})

        sender = asyncio.create_task(pump())
        try:
            async for _ in ws:  # until the follower closes
                pass
        finally:
            unsubscribe()
            sender.cancel()
            with suppress(asyncio.CancelledError):
                await sender
        return ws


@asynccontextmanager
async def follow_posts(api_url: str, listener: Listener) -> AsyncIterator[None]:
    """Call ``listener`` with every post the mock at ``api_url`` (its base URL, as in
    ``SLACK_API_URL``) receives while the block runs. Returns once the feed is connected."""
    parts = urlsplit(api_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not the URL of a mock Slack Web API: {api_url!r}")
    feed = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}{FEED_PATH}"
    async with aiohttp.ClientSession() as session:
        try:
            ws = await session.ws_connect(feed)
            hello = await ws.receive_json(timeout=10)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise ConnectionError(
                f"cannot follow the posts of a mock Slack Web API at {feed}: {exc!r}"
            ) from exc
        if hello.get("type") != "hello":
            raise ConnectionError(f"{feed} is not a mock Slack Web API's post feed")

        async def read() -> None:
            async for msg in ws:
                if msg.type == aiohttp.WSMsgType.TEXT:
                    data = json.loads(msg.data)
                    if data.get("type") == "post":
                        listener(Post.from_json(data["post"]))

        reader = asyncio.create_task(read())
        try:
            yield
        finally:
            reader.cancel()
            with suppress(asyncio.CancelledError):
                await reader
            await ws.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m pregame.loadtest.slack_api",
        description="A mock Slack Web API for `pregame loadtest --target slack --slack-url ...`.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3101)
    args = parser.parse_args(argv)
    mock = MockSlackApi()
    print(f"Mock Slack Web API: SLACK_API_URL=http://{args.host}:{args.port}/api/", flush=True)
    web.run_app(mock.app(), host=args.host, port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
