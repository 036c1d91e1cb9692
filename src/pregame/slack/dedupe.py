"""Slack delivers at least once (retries, and one message as two events): answer once."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


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
