"""Task counters in Redis, kept by signal handlers, read by ``newsflow status``.

Counting in Redis rather than asking workers means the figures survive worker restarts and
cover every worker, including ones that are gone."""
from __future__ import annotations

import logging

from celery import signals

from newsflow.clients import redis_client

STATS_KEY = "newsflow:task_counts"
log = logging.getLogger(__name__)


def _count(task_name: str | None, state: str) -> None:
    try:
        redis_client().hincrby(STATS_KEY, f"{task_name or 'unknown'}:{state}", 1)
    except Exception:  # counters must never fail a task
        log.warning("could not update task counters", exc_info=True)


@signals.task_success.connect
def _on_success(sender=None, **_: object) -> None:
    _count(getattr(sender, "name", None), "succeeded")


@signals.task_failure.connect
def _on_failure(sender=None, **_: object) -> None:
    _count(getattr(sender, "name", None), "failed")


@signals.task_retry.connect
def _on_retry(sender=None, **_: object) -> None:
    _count(getattr(sender, "name", None), "retried")


@signals.worker_init.connect
def _load_dictionaries(**_: object) -> None:
    # Load jieba's dictionary once in the parent, before the pool forks, so children share it.
    from pipelines.segment import tokenizer

    tokenizer()
