"""The Celery app (``celery -A workers.app``). Creating it opens no connection."""
from __future__ import annotations

import sys

from celery import Celery
from kombu import Queue

from newsflow.settings import ConfigError, get_settings

FETCH_QUEUE, PROCESS_QUEUE, INDEX_QUEUE = "fetch", "process", "index"
QUEUES = (FETCH_QUEUE, PROCESS_QUEUE, INDEX_QUEUE)


def make_app() -> Celery:
    try:
        s = get_settings()
        schedule = _beat_schedule(s)
    except ConfigError as error:
        # A worker or beat with a bad configuration refuses to start, in one line.
        sys.stderr.write(f"newsflow: configuration error: {error}\n")
        raise SystemExit(2) from None
    celery = Celery("newsflow", broker=s.redis_url, backend=s.redis_url, include=["workers.tasks"])
    celery.conf.update(
        task_queues=[Queue(name) for name in QUEUES],
        task_default_queue=PROCESS_QUEUE,
        task_routes={
            "newsflow.process_file": {"queue": PROCESS_QUEUE},
            "newsflow.process_files": {"queue": PROCESS_QUEUE},
            "newsflow.index_documents": {"queue": INDEX_QUEUE},
            "newsflow.remove_pages": {"queue": INDEX_QUEUE},
            "newsflow.scan_folder": {"queue": PROCESS_QUEUE},
            "newsflow.process_archived": {"queue": PROCESS_QUEUE},
            "newsflow.fetch_page": {"queue": FETCH_QUEUE},
            "newsflow.poll_source": {"queue": FETCH_QUEUE},
            "newsflow.close_stale_replay_window": {"queue": PROCESS_QUEUE},
        },
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        result_expires=s.result_expires_seconds,
        # Tasks are idempotent (deterministic ids), so a task whose worker died is run again
        # rather than lost: acknowledge after the work, and requeue on worker loss.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_transport_options={"visibility_timeout": s.visibility_timeout_seconds},
        broker_connection_retry_on_startup=True,
        # A Redis restart takes seconds: every publish (a chain's next step included) waits it out
        # instead of failing, because a task whose next step could not be sent is acknowledged
        # all the same and its stories would be lost. About 90 s of attempts in all.
        task_publish_retry=True,
        task_publish_retry_policy={"max_retries": 45, "interval_start": 0.5, "interval_step": 0.5,
                                   "interval_max": 2},
        result_backend_always_retry=True,
        result_backend_max_retries=45,
        result_backend_base_sleep_between_retries_ms=500,
        result_backend_max_sleep_between_retries_ms=2000,
        worker_send_task_events=True,
        task_send_sent_event=True,
        task_track_started=True,
        # A task stuck on one input (a pathological page) is stopped: at the soft limit it
        # dead-letters what it has not finished and ends; at the hard limit its process is replaced.
        task_soft_time_limit=s.task_soft_time_limit,
        task_time_limit=s.task_time_limit,
        worker_max_tasks_per_child=s.worker_max_tasks_per_child,
        worker_max_memory_per_child=s.worker_max_memory_per_child_mb * 1024,  # KiB
        timezone="Asia/Shanghai",
        beat_schedule=schedule,
    )
    return celery


def _beat_schedule(s) -> dict:
    from newsflow.fetching.sources import load_sources

    schedule = {f"poll-{source.id}": {"task": "newsflow.poll_source", "schedule": source.interval,
                                      "args": (source.id,)}
                for source in load_sources(s.sources_file)}
    # A replay whose tasks vanished (purged) leaves the refresh interval long for a lease at most.
    schedule["close-stale-replay-window"] = {"task": "newsflow.close_stale_replay_window", "schedule": 60.0}
    return schedule


app = make_app()

import workers.monitoring  # noqa: E402,F401  (connects the signal handlers)
