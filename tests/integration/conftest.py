"""Real services for the integration tests: the local stack's Redis and Elasticsearch (started by
`make test`), a Redis database and an index alias of their own, and a real Celery worker process."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "run"
SOURCES_FILE = RUN / "test-sources.yaml"
TEST_ENV = {
    "NEWSFLOW_REDIS_URL": "redis://127.0.0.1:6379/15",
    "NEWSFLOW_INDEX_ALIAS": "newsflow-test",
    # The worker and beat read the same sources file; tests write it before starting beat.
    "NEWSFLOW_SOURCES_FILE": str(SOURCES_FILE),
    "NEWSFLOW_ARCHIVE_DIR": str(RUN / "test-archive"),
    # The local test server is on loopback, which the fetch policy refuses unless allowed.
    "NEWSFLOW_FETCH_ALLOWED_NETWORKS": '["127.0.0.0/8"]',
    "NEWSFLOW_FETCH_READ_TIMEOUT": "1",
    "NEWSFLOW_FETCH_MAX_BYTES": "1000000",
    "NEWSFLOW_FETCH_RETRIES": "2",
    "NEWSFLOW_HOST_REQUESTS_PER_SECOND": "50",
    "NEWSFLOW_HOST_CONCURRENCY": "4",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def env() -> dict[str, str]:
    RUN.mkdir(exist_ok=True)
    SOURCES_FILE.write_text("sources: []\n")
    shutil.rmtree(RUN / "test-archive", ignore_errors=True)
    os.environ.update(TEST_ENV)
    from newsflow import clients
    from newsflow.settings import get_settings

    get_settings.cache_clear()
    clients.reset()
    return {**os.environ, **TEST_ENV}


@pytest.fixture(scope="session")
def settings(env):
    from newsflow.settings import get_settings

    return get_settings()


@pytest.fixture(scope="session")
def es(settings):
    from newsflow.clients import elasticsearch

    client = elasticsearch()
    # The minimal distribution has no `GET /` handler, so ping() cannot be used; health can.
    try:
        client.cluster.health(wait_for_status="yellow", timeout="30s")
    except Exception:
        pytest.fail("Elasticsearch is not running on 127.0.0.1: run `newsflow stack up` (make test does)")
    return client


@pytest.fixture(scope="session")
def redis(settings):
    from newsflow.clients import redis_client

    client = redis_client()
    client.ping()
    return client


@pytest.fixture()
def fresh_index(es, redis, settings):
    """An empty test index behind the test alias, and an empty test Redis database."""
    # The stack refuses wildcard deletes (action.destructive_requires_name), so name each index.
    for index in es.indices.get(index=f"{settings.index_alias}-v*", allow_no_indices=True):
        es.indices.delete(index=index)
    redis.flushdb()
    from newsflow.search_index import setup_index

    setup_index(es, redis, settings)
    return settings


def newsflow(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsflow.cli", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, check=check, timeout=300)


@pytest.fixture(scope="session")
def worker(env, redis):
    """One real Celery worker on every queue, as `make demo` starts it."""
    redis.flushdb()
    log = open(RUN / "test-worker.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q",
                             "fetch,process,index", "-c", "2", "-n", "test@%h", "-l", "INFO"],
                            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline, last = time.monotonic() + 60, ""
    # Waiting for the worker is a readiness probe: a status call that fails while the stack is busy
    # (Elasticsearch slow to answer under load) is tried again; a worker that never comes online is killed.
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"worker exited with {proc.returncode}; see run/test-worker.log")
        probe = newsflow(env, "status", "--json", check=False)
        if probe.returncode == 0 and any(w.startswith("test@") for w in json.loads(probe.stdout)["workers"]):
            break
        last = f"status exited {probe.returncode}: {probe.stderr.strip()[-300:] or probe.stdout.strip()[-300:]}"
        time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail(f"worker did not come online in 60s ({last}); see run/test-worker.log")
    yield proc
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


def start_beat(env: dict, schedule_dir: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "celery", "-A", "workers.app", "beat", "-l", "INFO",
                             "--schedule", str(schedule_dir / "beat-schedule")],
                            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)


def wait_for(predicate, seconds: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    pytest.fail(f"{what} not met in {seconds}s")


def settled(read, quiet: float = 2.0, seconds: float = 60):
    """``read()``'s value once it has not changed for ``quiet`` seconds (counters still moving
    after the effect they count is visible, e.g. a task's success recorded after its stories
    became searchable)."""
    deadline = time.monotonic() + seconds
    value = read()
    while time.monotonic() < deadline:
        time.sleep(quiet)
        again = read()
        if again == value:
            return value
        value = again
    raise AssertionError(f"still changing after {seconds:.0f}s: {value!r}")
