"""Beat polls a folder source on its schedule; only new or changed files are processed again."""
import json
import os
import shutil
import time

from tests.integration.conftest import ROOT, SOURCES_FILE, newsflow, start_beat, stop, wait_for

SEEDS = ROOT / "seeds"


def counts(redis) -> dict:
    return {k: int(v) for k, v in redis.hgetall("newsflow:task_counts").items()}


def test_beat_indexes_a_folder_source_and_skips_unchanged_files(env, worker, es, redis, fresh_index, tmp_path):
    folder = tmp_path / "watched"
    folder.mkdir()
    for name in ("000_3ef7d6ec28cad080.txt", "001_47a5fbd0c6a19d7d.txt"):
        shutil.copy(SEEDS / name, folder)
    SOURCES_FILE.write_text(f"sources:\n  - id: watched\n    kind: folder\n    path: {folder}\n    interval: 1\n")
    beat = start_beat(env, tmp_path)
    alias = fresh_index.index_alias

    def indexed() -> int:
        es.indices.refresh(index=alias)
        return es.count(index=alias)["count"]

    try:
        wait_for(lambda: indexed() == 5, what="4 + 1 stories indexed")
        processed = counts(redis).get("newsflow.process_file:succeeded", 0)
        time.sleep(4)  # several more polls of an unchanged folder
        assert counts(redis).get("newsflow.process_file:succeeded", 0) == processed

        changed = folder / "001_47a5fbd0c6a19d7d.txt"
        changed.write_bytes(changed.read_bytes())
        os.utime(changed, (time.time() + 5, time.time() + 5))
        wait_for(lambda: counts(redis).get("newsflow.process_file:succeeded", 0) == processed + 1,
                 what="the changed file processed again")
        assert indexed() == 5
        (watched,) = json.loads(newsflow(env, "sources", "--json").stdout)
        assert watched["id"] == "watched" and watched["last_success"] and watched["errors"] == 0
    finally:
        stop(beat)
        SOURCES_FILE.write_text("sources: []\n")
    status = json.loads(newsflow(env, "status", "--json").stdout)
    assert status["index"]["documents"] == 5
