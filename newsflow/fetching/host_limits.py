"""Per-host politeness shared by every worker through Redis: at most N requests a second and
M at once to one host. A fetch that may not start now learns how long to wait, so the task can
retry later instead of holding a worker asleep."""
from __future__ import annotations

import time
from urllib.parse import urlsplit

import redis

# Atomically: if the host's next slot has come and fewer than `limit` requests are in flight,
# take the slot and a place; otherwise say how many milliseconds to wait.
_ACQUIRE = """
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local next_at = tonumber(redis.call('GET', KEYS[1]) or '0')
if now < next_at then return next_at - now end
local inflight = tonumber(redis.call('GET', KEYS[2]) or '0')
if inflight >= limit then return 250 end
redis.call('SET', KEYS[1], now + interval, 'PX', interval + 60000)
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], 120000)
return 0
"""


class HostLimits:
    def __init__(self, store: redis.Redis, requests_per_second: float, concurrency: int):
        self._store = store
        self._interval_ms = int(1000 / requests_per_second)
        self._concurrency = concurrency
        self._acquire = store.register_script(_ACQUIRE)

    @staticmethod
    def _keys(url: str) -> list[str]:
        host = urlsplit(url).netloc.lower()
        return [f"newsflow:host:{host}:next", f"newsflow:host:{host}:inflight"]

    def try_acquire(self, url: str) -> float:
        """0 when the request may go now (release it afterwards); else seconds to wait."""
        wait_ms = self._acquire(keys=self._keys(url), args=[int(time.time() * 1000), self._interval_ms,
                                                            self._concurrency])
        return int(wait_ms) / 1000

    def release(self, url: str) -> None:
        key = self._keys(url)[1]
        if self._store.decr(key) < 0:
            self._store.set(key, 0)
