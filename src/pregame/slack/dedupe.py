"""Slack delivers at least once (retries, and one message as two events): answer once.

With several Slack app replicas a retry may reach another replica than the first delivery, so
the check is shared through Redis when ``PREGAME_REDIS_URL`` is set (:class:`RedisDeliveries`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

KEY_PREFIX = "pregame:slack:seen:"


class Seen:
    """Keys seen in the last ``ttl`` seconds, at most ``size`` of them."""

    def __init__(
        self, ttl: float = 600.0, size: int = 10_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self.size = size
        self.clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, key: object) -> bool:
        with self._lock:
            at = self._seen.get(str(key))
            return at is not None and self.clock() - at < self.ttl

    def add(self, key: str) -> None:
        self.first(key)

    def first(self, *keys: str) -> bool:
        """True if none of ``keys`` was seen recently; all of them are remembered."""
        now = self.clock()
        with self._lock:
            while self._seen and now - next(iter(self._seen.values())) >= self.ttl:
                self._seen.popitem(last=False)
            fresh = not any(k in self._seen for k in keys if k)
            for key in keys:
                if key:
                    self._seen[key] = now
                    self._seen.move_to_end(key)
            while len(self._seen) > self.size:
                self._seen.popitem(last=False)
            return fresh


class Deliveries(Protocol):
    """Answers "is this the first time?" for a set of keys (any key seen before: not first)."""

    async def first(self, *keys: str) -> bool: ...

    async def close(self) -> None: ...


class LocalDeliveries:
    """One app process: the keys are kept in memory (:class:`Seen`)."""

    def __init__(self, ttl: float = 3600.0) -> None:
        self.seen = Seen(ttl=ttl)

    async def first(self, *keys: str) -> bool:
        return self.seen.first(*keys)

    async def close(self) -> None:
        return None


class RedisDeliveries:
    """Every app replica shares the keys: ``SET key 1 NX EX ttl`` in Redis.

    If Redis cannot be reached the delivery counts as first (logged): a seller may get an
    answer twice, never none.
    """

    def __init__(self, client: Redis, ttl: int = 3600, prefix: str = KEY_PREFIX) -> None:
        self.redis = client
        self.ttl = ttl
        self.prefix = prefix

    async def first(self, *keys: str) -> bool:
        wanted = [k for k in keys if k]
        if not wanted:
            return True
        try:
            async with self.redis.pipeline(transaction=False) as pipe:
                for key in wanted:
                    pipe.set(self.prefix + key, b"1", nx=True, ex=self.ttl)
                results = await pipe.execute()
        except RedisError as exc:
            log.warning("Redis unavailable for the duplicate check, answering: %s", exc)
            return True
        return all(bool(r) for r in results)

    async def close(self) -> None:
        await self.redis.aclose()


def deliveries(redis_url: str, *, ttl: int = 3600, prefix: str = KEY_PREFIX) -> Deliveries:
    """Shared through Redis when ``redis_url`` is set, in memory otherwise (nothing connects
    until the first check)."""
    if redis_url:
        return RedisDeliveries(Redis.from_url(redis_url), ttl, prefix)
    return LocalDeliveries(ttl)
