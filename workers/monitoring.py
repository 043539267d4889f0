"""Task counters in Redis, kept by signal handlers, read by ``newsflow status``.

Counting in Redis rather than asking workers means the figures survive worker restarts and
cover every worker, including ones that are gone."""
from __future__ import annotations

import logging
import time

from celery import signals

from newsflow.clients import redis_client

STATS_KEY = "newsflow:task_counts"
DURATIONS_KEY = "newsflow:task_durations:{}"
DOCUMENTS_KEY = "newsflow:documents"
# Upper bounds (seconds) of the duration histogram buckets, as Prometheus counts them.
BUCKETS = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
log = logging.getLogger(__name__)
_started: dict[str, float] = {}


def _count(task_name: str | None, state: str) -> None:
    try:
        redis_client().hincrby(STATS_KEY, f"{task_name or 'unknown'}:{state}", 1)
    except Exception:  # counters must never fail a task
        log.warning("could not update task counters", exc_info=True)


@signals.task_prerun.connect
def _on_start(task_id=None, **_: object) -> None:
    _started[task_id] = time.monotonic()


@signals.task_postrun.connect
def _on_end(task_id=None, task=None, **_: object) -> None:
    started = _started.pop(task_id, None)
    if started is None or task is None:
        return
    elapsed = time.monotonic() - started
    try:
        with redis_client().pipeline() as pipe:
            key = DURATIONS_KEY.format(task.name)
            for bound in BUCKETS:
                if elapsed <= bound:
                    pipe.hincrby(key, f"le_{bound}", 1)
            pipe.hincrby(key, "count", 1)
            pipe.hincrbyfloat(key, "sum", elapsed)
            pipe.execute()
    except Exception:
        log.warning("could not record task duration", exc_info=True)


@signals.task_success.connect
def _on_success(sender=None, result=None, **_: object) -> None:
    _count(getattr(sender, "name", None), "succeeded")
    if isinstance(result, dict):  # stories made and indexed by process tasks, indexed by index tasks
        try:
            if "processed" in result:
                redis_client().hincrby(DOCUMENTS_KEY, "processed", result["processed"])
            if "created" in result:
                redis_client().hincrby(DOCUMENTS_KEY, "indexed", result["created"] + result["updated"])
        except Exception:
            log.warning("could not count documents", exc_info=True)


@signals.task_failure.connect
def _on_failure(sender=None, **_: object) -> None:
    _count(getattr(sender, "name", None), "failed")


@signals.task_retry.connect
def _on_retry(sender=None, **_: object) -> None:
    _count(getattr(sender, "name", None), "retried")


@signals.worker_init.connect
def _load_dictionaries(**_: object) -> None:
    # Load the dictionaries once in the parent, before the pool forks, so children share them.
    from pipelines.run import preload

    preload()


@signals.worker_ready.connect
def _close_stale_replay_window(**_: object) -> None:
    # A worker starting after a crash restores a refresh interval its replay left long.
    from newsflow.clients import elasticsearch
    from newsflow.replay_window import close_if_stale
    from newsflow.settings import get_settings

    try:
        close_if_stale(elasticsearch(), redis_client(), get_settings())
    except Exception:
        log.warning("could not check the replay window", exc_info=True)
