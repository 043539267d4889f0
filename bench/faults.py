"""Fault tests with real processes: no article lost or duplicated under faults.

    python -m bench.faults            (make faults; CI runs it after the test suite)

Each scenario replays 1,000 stories (250 copies of a four-story newspaper page) through real
Celery workers into the real Elasticsearch, injects a fault in the middle, and checks that every
story is in the index exactly once and that none is in the dead letters:
  kill-worker      kill -9 the worker's whole process group mid-replay, start a new one
  es-outage        stop Elasticsearch for 30 s mid-replay, start it again
  redis-restart    restart Redis (append-only file on) mid-replay
It prints the figures (sent, indexed, duplicated, lost, dead letters, seconds) and exits 1 if
any scenario lost or duplicated a story.
"""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.local_stack import ROOT, child_env, reset_index, signal_worker, start_worker, use

SEED = ROOT / "seeds" / "000_3ef7d6ec28cad080.txt"  # four stories
COPIES = 250
ENV = {
    "NEWSFLOW_REDIS_URL": "redis://127.0.0.1:6379/14",
    "NEWSFLOW_INDEX_ALIAS": "newsflow-faults",
    # A killed worker's unacknowledged tasks come back after this long (production: an hour).
    "NEWSFLOW_VISIBILITY_TIMEOUT_SECONDS": "20",
    # Small tasks (10 files, 40 stories), so that many are in flight when the fault comes.
    "NEWSFLOW_REPLAY_BATCH_FILES": "10",
}


def _worker(name: str, log: Path) -> subprocess.Popen:
    return start_worker(ENV, name, 2, log)


def _corpus(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED.read_bytes()
    for i in range(COPIES):
        (folder / f"page-{i:04d}.txt").write_bytes(text)
    return COPIES * 4


def _count(es, alias: str) -> int:
    try:
        es.indices.refresh(index=alias)
        return es.count(index=alias)["count"]
    except Exception:
        return -1  # Elasticsearch is down


def _wait(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(1)
    return False


def scenario(name: str, fault, settings, es, store, work: Path) -> dict:
    from workers.dead_letters import count as dead_letter_count

    reset_index(es, store, settings)
    folder = work / name
    sent = _corpus(folder)
    log = ROOT / "run" / f"faults-{name}.log"
    log.unlink(missing_ok=True)
    workers = [_worker(f"{name}-a", log)]
    started = time.monotonic()
    try:
        subprocess.run([sys.executable, "-m", "newsflow.cli", "replay", str(folder)], env=child_env(ENV), cwd=ROOT,
                       check=True, capture_output=True)
        _wait(lambda: _count(es, settings.index_alias) >= sent // 4, 300)
        workers = fault(workers, log)
        finished = _wait(lambda: _count(es, settings.index_alias) >= sent, 600)
        time.sleep(3)  # anything still arriving would show as a surplus
        es.indices.refresh(index=settings.index_alias)
        ids = [h["_id"] for h in es.search(index=settings.index_alias, size=sent + 100, source=False)["hits"]["hits"]]
        indexed = len(ids)
    finally:
        # Workers run in sessions of their own (so a kill -9 takes a whole worker): stop them here,
        # whatever happened, or they would go on consuming the next scenario's tasks.
        for proc in workers:
            signal_worker(proc, signal.SIGTERM)
    return {"scenario": name, "sent": sent, "indexed": indexed, "duplicated": len(ids) - len(set(ids)),
            "lost": sent - len(set(ids)), "dead_letters": dead_letter_count(store),
            "seconds": round(time.monotonic() - started, 1), "finished": finished}


def kill_worker(workers, log):
    signal_worker(workers[0], signal.SIGKILL)  # the worker and its pool, as if the machine died
    return [_worker("replacement", log)]


def es_outage(workers, log):
    from newsflow import stack

    settings = use(ENV)
    paths = stack.Paths(settings.stack_dir, settings.es_version)
    stack._stop_pid(paths.es_pid)
    time.sleep(30)
    stack.start_es(settings)
    return workers


def redis_restart(workers, log):
    from newsflow import stack

    settings = use(ENV)
    paths = stack.Paths(settings.stack_dir, settings.es_version)
    stack._stop_pid(paths.redis_pid)  # SIGTERM: Redis writes its append-only file and exits
    time.sleep(2)
    stack.start_redis(settings)
    return workers


SCENARIOS = {"kill-worker": kill_worker, "es-outage": es_outage, "redis-restart": redis_restart}


def _stop_leftover_workers() -> None:
    """Workers of an interrupted run still attached to this run's Redis database would consume
    its tasks with whatever code they started with."""
    from workers.app import app

    app.control.broadcast("shutdown")
    time.sleep(2)


def main(names: list[str]) -> int:
    settings = use(ENV)
    from newsflow.clients import elasticsearch, redis_client

    # SIGTERM (a CI timeout) unwinds through the finally blocks that stop the workers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    _stop_leftover_workers()

    (ROOT / "run").mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="newsflow-faults-"))
    results = []
    try:
        for name in names or list(SCENARIOS):
            result = scenario(name, SCENARIOS[name], settings, elasticsearch(), redis_client(), work)
            results.append(result)
            print(json.dumps(result), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{'scenario':15} {'sent':>6} {'indexed':>8} {'duplicated':>10} {'lost':>6} {'dead':>6} {'seconds':>8}")
    for r in results:
        print(f"{r['scenario']:15} {r['sent']:6d} {r['indexed']:8d} {r['duplicated']:10d} {r['lost']:6d} "
              f"{r['dead_letters']:6d} {r['seconds']:8.1f}")
    bad = [r for r in results if r["lost"] or r["duplicated"] or r["dead_letters"] or r["indexed"] != r["sent"]]
    print(f"{len(results) - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
