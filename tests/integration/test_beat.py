"""Beat scans a watched folder on its schedule; only new or changed files are processed again."""
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from tests.integration.conftest import ROOT, newsflow

SEEDS = ROOT / "seeds"


def wait_for(predicate, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.5)
    pytest.fail(f"condition not met in {seconds}s")


def counts(redis) -> dict:
    return {k: int(v) for k, v in redis.hgetall("newsflow:task_counts").items()}


def test_beat_indexes_a_watched_folder_and_skips_unchanged_files(env, worker, es, redis, fresh_index, tmp_path):
    folder = tmp_path / "watched"
    folder.mkdir()
    for name in ("000_3ef7d6ec28cad080.txt", "001_47a5fbd0c6a19d7d.txt"):
        shutil.copy(SEEDS / name, folder)
    beat_env = {**env, "NEWSFLOW_WATCH_DIRS": json.dumps([str(folder)]), "NEWSFLOW_WATCH_INTERVAL_SECONDS": "1"}
    beat = subprocess.Popen([sys.executable, "-m", "celery", "-A", "workers.app", "beat", "-l", "INFO",
                             "--schedule", str(tmp_path / "beat-schedule")],
                            env=beat_env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    alias = fresh_index.index_alias

    def indexed() -> int:
        es.indices.refresh(index=alias)
        return es.count(index=alias)["count"]

    try:
        wait_for(lambda: indexed() == 5)  # 4 stories + 1
        processed = counts(redis).get("newsflow.process_file:succeeded", 0)
        time.sleep(4)  # several more scans of an unchanged folder
        assert counts(redis).get("newsflow.process_file:succeeded", 0) == processed

        changed = folder / "001_47a5fbd0c6a19d7d.txt"
        changed.write_bytes(changed.read_bytes())
        os.utime(changed, (time.time() + 5, time.time() + 5))
        wait_for(lambda: counts(redis).get("newsflow.process_file:succeeded", 0) == processed + 1)
        assert indexed() == 5
    finally:
        beat.terminate()
        beat.wait(timeout=30)
    status = json.loads(newsflow(env, "status", "--json").stdout)
    assert status["index"]["documents"] == 5
