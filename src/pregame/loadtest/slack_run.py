"""Simulated sellers through the Slack app: signed Events API requests in, the bot's replies
read from the mock Slack Web API it posts to.

Each seller has a thread of its own in one channel: its first turn mentions the bot at the top
of the channel (the thread's root), the next ones are messages in that thread. A turn's latency
runs from the moment it is due to the bot's first reply posted in the seller's thread; the
turn's answer is complete once no more replies come for ``settle`` seconds (the seller reads,
then sends the next turn). The HTTP answer to the event (Slack wants it within 3 s) is timed
too. A reply that names another seller's company is cross-talk; a reply in the load's channel
outside every seller's thread is misplaced.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import os
import secrets
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from pregame.loadtest.run import LoadResult, Turn, drive, ms, names_another, percentile
from pregame.loadtest.script import Seller
from pregame.loadtest.slack_api import Listener, MockSlackApi, Post, follow_posts
from pregame.loadtest.slack_app import slack_app_process
from pregame.loadtest.slack_events import (
    BOT_USER,
    TEAM,
    event_body,
    mention,
    message,
    signed_headers,
)
from pregame.settings import Settings

ACK_LIMIT = 3.0
"""Seconds Slack waits for the HTTP answer to an event before it retries."""

Follow = Callable[[Listener], AbstractAsyncContextManager[None]]
"""Calls the listener with each message the mock Slack Web API gets, while the block runs."""


@dataclass
class SlackTurn(Turn):
    ack: float = float("nan")  # seconds to the HTTP answer to the event
    answered: float = float("nan")  # seconds to the last reply of the turn
    replies: int = 0
    late: int = 0  # replies of an earlier turn that came after it had settled


@dataclass
class SlackLoadResult(LoadResult):
    target: str = "slack"
    settle: float = 0.0
    misplaced: int = 0
    late_crosstalk: int = 0  # replies after the last turn settled that name another seller
    channel: str = ""  # the load's channel
    threads: dict[int, str] = field(default_factory=dict)  # seller -> its thread's root ts

    @property
    def turns_done(self) -> list[SlackTurn]:
        return [t for t in self.results if isinstance(t, SlackTurn)]

    @property
    def acks(self) -> list[float]:
        return sorted(t.ack for t in self.turns_done if t.ack == t.ack)  # not NaN

    @property
    def late_acks(self) -> int:
        return sum(a > ACK_LIMIT for a in self.acks)

    @property
    def crosstalk(self) -> int:
        return super().crosstalk + self.late_crosstalk

    @property
    def failed(self) -> bool:
        """Also a misplaced reply, or an event answered after Slack's 3 s."""
        return super().failed or bool(self.misplaced or self.late_acks)

    def as_dict(self) -> dict[str, object]:
        answered = sorted(t.answered for t in self.turns_done if t.ok)
        return {
            **super().as_dict(),
            "answered_p50_ms": ms(percentile(answered, 50)),
            "answered_p95_ms": ms(percentile(answered, 95)),
            "ack_p50_ms": ms(percentile(self.acks, 50)),
            "ack_p95_ms": ms(percentile(self.acks, 95)),
            "ack_max_ms": ms(max(self.acks, default=float("nan"))),
            "acks_over_3s": self.late_acks,
            "replies": sum(t.replies for t in self.turns_done),
            "late_replies": sum(t.late for t in self.turns_done),
            "misplaced": self.misplaced,
            "settle_s": self.settle,
        }

    def summary(self) -> str:
        d = self.as_dict()
        return (
            f"Slack: {super().summary()}, {self.misplaced} misplaced.\n"
            f"  first reply p50/p95/max above; whole answer p50 {d['answered_p50_ms']} ms, "
            f"p95 {d['answered_p95_ms']} ms (a turn ends {self.settle:g} s after its last reply)"
            f".\n  ack p50 {d['ack_p50_ms']} ms, p95 {d['ack_p95_ms']} ms, max "
            f"{d['ack_max_ms']} ms; {self.late_acks} over 3 s."
        )


class Inbox:
    """The bot's posts in the load's channel, one queue per seller's thread. Posts may be
    delivered from any thread or event loop; they are queued on the loop that made the inbox."""

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.threads: dict[str, asyncio.Queue[Post]] = {}
        self.misplaced: list[Post] = []
        self._loop = asyncio.get_running_loop()

    def open(self, root: str) -> asyncio.Queue[Post]:
        return self.threads.setdefault(root, asyncio.Queue())

    def deliver(self, post: Post) -> None:
        self._loop.call_soon_threadsafe(self._deliver, post)

    def _deliver(self, post: Post) -> None:
        if post.channel != self.channel:
            return  # another load's, or another test's
        queue = self.threads.get(post.thread_ts)
        if queue is None:
            self.misplaced.append(post)
        else:
            queue.put_nowait(post)


def drain(queue: asyncio.Queue[Post]) -> list[Post]:
    out = []
    while not queue.empty():
        out.append(queue.get_nowait())
    return out


@dataclass
class SlackTarget:
    """Sends each seller's turns to the app's events URL, signed, and collects the replies."""

    events_url: str
    signing_secret: str
    http: httpx.AsyncClient
    inbox: Inbox
    timeout: float = 30.0
    settle: float = 0.5
    failures: Sequence[str] = ()  # the app's failure notices: a turn answered so failed
    run: str = field(default_factory=lambda: uuid.uuid4().hex[:6])
    roots: dict[int, str] = field(default_factory=dict)  # seller -> its thread's root ts
    ids: itertools.count[int] = field(init=False, default_factory=lambda: itertools.count(1))
    second: int = field(init=False, default_factory=lambda: int(time.time()))

    def _ts(self) -> tuple[str, str]:
        """A new message ts and event id, unique in this run."""
        n = next(self.ids)
        return f"{self.second}.{n:06d}", f"Ev{self.run}{n:06d}"

    def _event(self, seller: Seller, text: str) -> tuple[dict[str, object], str, str]:
        ts, event_id = self._ts()
        user = f"ULOAD{self.run}{seller.index}"
        root = self.roots.get(seller.index)
        if root is None:
            self.roots[seller.index] = root = ts
            self.inbox.open(root)
            return mention(text, ts, self.inbox.channel, user, bot_user=BOT_USER), root, event_id
        event = message(text, ts, self.inbox.channel, "channel", user, thread_ts=root)
        return event, root, event_id

    async def turn(
        self, seller: Seller, everyone: Sequence[Seller], number: int, started: float
    ) -> SlackTurn:
        event, root, event_id = self._event(seller, seller.turn(number))
        queue = self.inbox.open(root)
        late = drain(queue)
        since = time.time() - (time.perf_counter() - started)  # `started` on the wall clock
        body = json.dumps(event_body(event, event_id, TEAM))
        headers = {**signed_headers(self.signing_secret, body), "Content-Type": "application/json"}

        def failed(error: str, ack: float = float("nan")) -> SlackTurn:
            seconds = time.perf_counter() - started
            return SlackTurn(seller.index, number, seconds, False, error, ack=ack, late=len(late))

        sent = time.perf_counter()
        try:
            response = await self.http.post(self.events_url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            return failed(f"no answer to the event: {exc!r}"[:200])
        ack = time.perf_counter() - sent
        if response.status_code != 200:
            return failed(f"event answered HTTP {response.status_code}", ack)
        try:
            wait = max(0.0, self.timeout - (time.perf_counter() - started))
            posts = [await asyncio.wait_for(queue.get(), wait)]
        except TimeoutError:
            return failed(f"no reply in the thread within {self.timeout:g} s", ack)
        while True:
            try:
                posts.append(await asyncio.wait_for(queue.get(), self.settle))
            except TimeoutError:
                break
        crosstalk = any(names_another(seller, everyone, p.content) for p in [*late, *posts])
        error = next((f for f in self.failures if any(f in p.content for p in posts)), "")
        return SlackTurn(
            seller.index,
            number,
            posts[0].at - since,
            not error,
            f"answered with a failure notice: {error[:80]}" if error else "",
            crosstalk,
            ack=ack,
            answered=posts[-1].at - since,
            replies=len(posts),
            late=len(late),
        )


async def run_slack_load(
    events_url: str,
    signing_secret: str,
    follow: Follow,
    sellers: int,
    turns: int,
    *,
    rate: float | None = None,
    timeout: float = 30.0,
    settle: float = 0.5,
    failures: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
) -> SlackLoadResult:
    """``sellers`` x ``turns`` through the Slack app at ``events_url`` (closed loop, or
    ``rate`` turns/s arriving: see :func:`pregame.loadtest.run.drive`). ``follow`` reports the
    messages the app posts to the mock Slack Web API; ``failures`` are the app's failure
    notices (a turn answered with one is an error)."""
    if settle <= 0:
        raise ValueError(f"settle must be positive (seconds without a reply), got {settle}")
    run = uuid.uuid4().hex[:6]
    inbox = Inbox(f"CLOAD{run.upper()}")
    limits = httpx.Limits(max_connections=sellers + 8, max_keepalive_connections=sellers + 8)
    result = SlackLoadResult(sellers, turns, "rate" if rate else "closed", rate, 0.0, settle=settle)
    async with httpx.AsyncClient(timeout=timeout, limits=limits) as http, follow(inbox.deliver):
        target = SlackTarget(
            events_url, signing_secret, http, inbox, timeout, settle, tuple(failures), run
        )
        await drive(target.turn, result, progress=progress)
        await asyncio.sleep(settle)  # replies still on their way after the last turn
        everyone = [Seller(i, run) for i in range(sellers)]
        for index, root in target.roots.items():
            late = drain(inbox.open(root))
            result.late_crosstalk += any(
                names_another(everyone[index], everyone, p.content) for p in late
            )
    result.misplaced = len(inbox.misplaced)
    result.channel, result.threads = inbox.channel, dict(target.roots)
    return result


@dataclass(frozen=True)
class RunningApp:
    """A Slack app already running, that posts to the mock Slack Web API at ``api_url``
    (``python -m pregame.loadtest.slack_api``)."""

    events_url: str
    api_url: str
    signing_secret: str

    def __post_init__(self) -> None:
        if not self.api_url:
            raise ValueError(
                "a running Slack app needs --slack-api: the mock Slack Web API it posts to "
                "(python -m pregame.loadtest.slack_api --port 3101)"
            )
        if not self.signing_secret:
            raise ValueError(f"no signing secret for the Slack app at {self.events_url}")


@dataclass(frozen=True)
class OwnApp:
    """A Slack app to start for the load, against a mock Slack Web API of the load's own:
    ``env`` is its environment (the bot it talks to, its SQL store), its log goes to ``log``."""

    env: Mapping[str, str]
    cwd: Path
    log: Path

    @classmethod
    def for_settings(cls, settings: Settings, rasa_url: str = "") -> OwnApp:
        """The app ``pregame up`` would start: these settings, this environment; it talks to
        the bot at ``rasa_url`` (default: the settings' bot)."""
        env = {**os.environ, **settings.to_env(), **(bot_env(rasa_url) if rasa_url else {})}
        return cls(env, settings.root, settings.run_dir / "loadtest-slack.log")


def bot_env(rasa_url: str) -> dict[str, str]:
    """The ``PREGAME_*`` variables that point a Slack app at the bot at ``rasa_url``."""
    parts = urlsplit(rasa_url)
    if parts.scheme != "http" or not parts.hostname or parts.path.strip("/"):
        raise ValueError(f"the Slack app reaches the bot at http://host:port, not {rasa_url!r}")
    return {"PREGAME_HOST": parts.hostname, "PREGAME_RASA_PORT": str(parts.port or 80)}


async def run_slack(
    app: RunningApp | OwnApp,
    sellers: int,
    turns: int,
    *,
    rate: float | None = None,
    timeout: float = 30.0,
    settle: float = 0.5,
    failures: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
) -> SlackLoadResult:
    """:func:`run_slack_load` through ``app``. An :class:`OwnApp` is started (and stopped
    after) against a mock Slack Web API started here, with a signing secret made up here."""

    async def load(events_url: str, secret: str, follow: Follow) -> SlackLoadResult:
        return await run_slack_load(
            events_url,
            secret,
            follow,
            sellers,
            turns,
            rate=rate,
            timeout=timeout,
            settle=settle,
            failures=failures,
            progress=progress,
        )

    if isinstance(app, RunningApp):
        follow = functools.partial(follow_posts, app.api_url)
        return await load(app.events_url, app.signing_secret, follow)
    mock = MockSlackApi()
    await mock.start()
    try:
        secret = secrets.token_urlsafe(24)  # this run's only: the app and the load share it
        async with slack_app_process(
            mock.url, secret, env=app.env, cwd=app.cwd, log=app.log
        ) as events_url:
            return await load(events_url, secret, mock.following)
    finally:
        await mock.stop()
