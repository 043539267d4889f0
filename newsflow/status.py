"""What ``newsflow status`` reports, gathered from the workers, Redis and Elasticsearch."""
from __future__ import annotations

from datetime import datetime

import redis.exceptions

from newsflow import replay_window, search_index
from newsflow.clients import elasticsearch, redis_client
from newsflow.settings import Settings
from newsflow.unreachable import describe, missing_alias
from workers import dead_letters
from workers.app import QUEUES, app
from workers.monitoring import STATS_KEY


def _workers(timeout: float = 1.5) -> list[str]:
    replies = app.control.inspect(timeout=timeout).ping() or {}
    return sorted(replies)


def _task_counts(raw: dict[str, str]) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for key, value in raw.items():
        task, _, state = key.rpartition(":")
        counts.setdefault(task, {})[state] = int(value)
    return counts


def _ingest_lag(es, settings: Settings) -> dict | None:
    """Seconds from fetch (or file read) to indexing, over the 200 most recently indexed stories."""
    hits = es.search(index=settings.index_alias, size=200, sort=[{"indexed_at": "desc"}],
                     source=["fetched_at", "indexed_at"])["hits"]["hits"]
    lags = sorted((datetime.fromisoformat(h["_source"]["indexed_at"]) -
                   datetime.fromisoformat(h["_source"]["fetched_at"].replace("Z", "+00:00"))).total_seconds()
                  for h in hits if h["_source"].get("indexed_at") and h["_source"].get("fetched_at"))
    if not lags:
        return None
    return {"p50_seconds": round(lags[len(lags) // 2], 3), "max_seconds": round(lags[-1], 3),
            "last_indexed_at": max(h["_source"]["indexed_at"] for h in hits)}


def _index(settings: Settings) -> dict:
    report: dict = {"alias": settings.index_alias}
    try:
        es = elasticsearch()
        report["indices"] = search_index.aliased_indices(es, settings)
        if not report["indices"]:
            report["error"] = missing_alias(settings)
            return report
        report["documents"] = search_index.count(es, settings)
        report["ingest_lag"] = _ingest_lag(es, settings) if report["documents"] else None
    except Exception as error:  # status must report a broken service, not crash on it
        report["error"] = describe(error, settings) or f"{type(error).__name__}: {error}"
    return report


def collect(settings: Settings) -> dict:
    """Everything status shows. When Redis does not answer, ``broker_error`` says so and only
    the index is reported: workers, queues and counts all live behind the broker."""
    client = redis_client()
    try:
        client.ping()
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as error:
        return {"broker_error": describe(error, settings), "index": _index(settings)}
    return {
        "workers": _workers(),
        "queues": {name: client.llen(name) for name in QUEUES},
        "tasks": _task_counts(client.hgetall(STATS_KEY)),
        "dead_letters": dead_letters.count(client),
        "dead_letters_dropped": dead_letters.dropped(client),
        "index": _index(settings),
        "replay_window": replay_window.state(client, settings),
    }
