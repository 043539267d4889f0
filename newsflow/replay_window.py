"""A longer refresh interval while replays run, and the usual one back when their last task is done.

Each refresh makes Elasticsearch write and later merge a new segment; during a replay of thousands
of files nobody needs them searchable within the second, so the index refreshes every
``replay_refresh_interval`` instead. Nothing in the pipeline searches what it just indexed (near
duplicates are looked up in Redis), so this changes only when readers see the stories.

Redis keeps, per index, the replay tasks still to finish and a lease that each finished task renews.
The task that brings the count to zero restores ``index_refresh_interval`` and refreshes. Should a
task never finish (its message purged), the lease runs out and ``close_if_stale`` (beat, and each
worker at start) restores it: the interval is never left long for more than a lease.
"""
from __future__ import annotations

import logging

from elasticsearch import Elasticsearch
from redis import Redis

from newsflow.settings import Settings

log = logging.getLogger(__name__)

# Closing is checked atomically against a replay being opened: only at zero tasks or below, or,
# for ARGV[1] "stale", once the lease ran out. With ARGV[2] "delete" the window's keys go too;
# that is done only after Elasticsearch took the usual interval back, so a failed restore leaves
# the window to be closed again later.
_CLOSABLE = """
if ARGV[1] == 'stale' then
  if redis.call('EXISTS', KEYS[2]) == 1 or redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
elseif tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then
  return 0
end
if ARGV[2] == 'delete' then redis.call('DEL', KEYS[1], KEYS[2]) end
return 1
"""

# A task of a window already closed (redelivered after its worker died, or sent before a restart
# of Redis without its data) counts off nothing.
_COUNT_OFF = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
redis.call('SET', KEYS[2], '1', 'EX', ARGV[1])
return redis.call('DECR', KEYS[1])
"""


def _keys(settings: Settings) -> tuple[str, str]:
    base = f"newsflow:replay-window:{settings.index_name}"
    return f"{base}:pending", f"{base}:lease"


def _refresh_interval(es: Elasticsearch, settings: Settings, interval: str | None) -> None:
    es.indices.put_settings(index=settings.index_name, settings={"index": {"refresh_interval": interval}})


def open_window(es: Elasticsearch, store: Redis, settings: Settings, tasks: int) -> bool:
    """Count ``tasks`` more replay tasks and lengthen the refresh interval; False when disabled."""
    if not settings.replay_refresh_interval or tasks <= 0:
        return False
    pending, lease = _keys(settings)
    with store.pipeline() as pipe:
        pipe.incrby(pending, tasks)
        pipe.set(lease, "1", ex=settings.replay_lease_seconds)
        pipe.execute()
    _refresh_interval(es, settings, settings.replay_refresh_interval)
    return True


def task_done(es: Elasticsearch, store: Redis, settings: Settings) -> bool:
    """One replay task finished (indexed, or given up on): renew the lease; after the last one,
    restore the refresh interval. Returns whether the window closed."""
    left = store.register_script(_COUNT_OFF)(keys=list(_keys(settings)), args=[settings.replay_lease_seconds])
    return left is not None and left <= 0 and _close(es, store, settings)


def _close(es: Elasticsearch, store: Redis, settings: Settings, when: str = "done") -> bool:
    closable = store.register_script(_CLOSABLE)
    keys = list(_keys(settings))
    if not closable(keys=keys, args=[when, "check"]):
        return False  # another replay was opened meanwhile, or the lease is alive
    _refresh_interval(es, settings, settings.index_refresh_interval)  # None: Elasticsearch's default
    es.indices.refresh(index=settings.index_name)
    closable(keys=keys, args=[when, "delete"])
    log.info("replay window of %s closed: refresh interval back to %s", settings.index_name,
             settings.index_refresh_interval or "the default")
    return True


def close_if_stale(es: Elasticsearch, store: Redis, settings: Settings) -> bool:
    """Restore the refresh interval if a replay's tasks stopped reporting for a whole lease."""
    return _close(es, store, settings, "stale")


def state(store: Redis, settings: Settings) -> dict:
    """For ``newsflow status``: replay tasks still to finish, and seconds left on the lease."""
    pending, lease = _keys(settings)
    left = store.get(pending)
    return {"open": left is not None, "pending_tasks": int(left or 0),
            "refresh_interval": settings.replay_refresh_interval if left is not None
            else settings.index_refresh_interval or "1s (default)",
            "lease_seconds_left": max(store.ttl(lease), 0)}
