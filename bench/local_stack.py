"""What the benchmarks that drive real workers share: their own Redis database and index alias,
worker processes started and stopped as whole process groups, and a fresh index per run."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def use(env: dict[str, str]):
    """Point this process at the benchmark's database and alias; returns the fresh settings."""
    os.environ.update(env)
    from newsflow import clients
    from newsflow.settings import get_settings

    get_settings.cache_clear()
    clients.reset()
    return get_settings()


def child_env(env: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **env}


def start_worker(env: dict[str, str], name: str, concurrency: int, log: Path, level: str = "INFO") -> subprocess.Popen:
    """A ``celery worker`` on every queue, in a session of its own, so that one signal reaches
    the worker and its whole pool."""
    return subprocess.Popen([sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q", "fetch,process,index",
                             "-c", str(concurrency), "-n", f"{name}@%h", "-l", level],
                            env=child_env(env), cwd=ROOT, stdout=log.open("a"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def signal_worker(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Send ``sig`` to the worker's process group and wait for it; kill it if it will not stop."""
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass  # already gone: only to be reaped
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)


def reset_index(es, store, settings) -> None:
    """Drop the alias's indices and the database, then install the index again."""
    from newsflow.search_index import setup_index

    for index in es.indices.get(index=f"{settings.index_alias}-v*", allow_no_indices=True):
        es.indices.delete(index=index)
    store.flushdb()
    setup_index(es, store, settings)
