"""Replay the seeds through a real worker into the real Elasticsearch."""
import json
import re
import shutil

from tests.integration.conftest import ROOT, newsflow, wait_for


def dead_letter_count(redis) -> int:
    from workers.dead_letters import count

    return count(redis)

SEEDS = ROOT / "seeds"
SEED_STORIES = 10


def summary(output: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r"(files|stories|indexed|failed|dead letters|removed) (\d+)", output)}


def test_replay_indexes_every_story_once_and_again_changes_nothing(env, worker, es, fresh_index):
    first = newsflow(env, "replay", str(SEEDS), "--wait")
    assert summary(first.stdout) == {"files": 5, "stories": SEED_STORIES, "indexed": SEED_STORIES,
                                     "failed": 0, "dead letters": 0, "removed": 0}
    assert "(10 new)" in first.stdout
    es.indices.refresh(index=fresh_index.index_alias)
    assert es.count(index=fresh_index.index_alias)["count"] == SEED_STORIES

    second = newsflow(env, "replay", str(SEEDS), "--wait")
    assert summary(second.stdout)["indexed"] == SEED_STORIES and "(0 new)" in second.stdout
    es.indices.refresh(index=fresh_index.index_alias)
    assert es.count(index=fresh_index.index_alias)["count"] == SEED_STORIES

    processed = json.loads(newsflow(env, "process", str(SEEDS), "--json").stdout)
    indexed = es.search(index=fresh_index.index_alias, size=100, source=["title"])["hits"]["hits"]
    assert {h["_id"] for h in indexed} == {d["id"] for d in processed}


def test_bad_files_become_dead_letters_and_the_rest_is_indexed(env, worker, es, redis, fresh_index, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(SEEDS / "001_47a5fbd0c6a19d7d.txt", folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 64)
    (folder / "chrome-only.html").write_text("<html><body><a href='/'>首页</a> <a>更多</a></body></html>")
    result = newsflow(env, "replay", str(folder), "--wait")
    assert summary(result.stdout) == {"files": 4, "stories": 1, "indexed": 1, "failed": 0, "dead letters": 3,
                                      "removed": 0}

    from workers.dead_letters import entries

    reasons = {e.source_key: (e.code, e.reason) for e in entries(redis)}
    assert reasons == {"empty.txt": ("empty", "empty input"), "junk.bin": ("binary", "binary data, not text"),
                       "chrome-only.html": ("no_article_text", "no article text found after removing page chrome")}
    status = json.loads(newsflow(env, "status", "--json").stdout)
    assert status["dead_letters"] == 3
    assert any(w.startswith("test@") for w in status["workers"]), "the worker must keep serving"
    assert status["index"]["ingest_lag"]["max_seconds"] >= 0

    listed = {e["source_key"]: e for e in json.loads(newsflow(env, "dlq", "list", "--json").stdout)}
    assert listed["junk.bin"]["reason"] == "binary data, not text" and listed["junk.bin"]["stage"] == "decode"
    assert listed["junk.bin"]["code"] == "binary" and listed["junk.bin"]["times"] == 1
    assert "3 dead letters in all" in newsflow(env, "dlq", "list").stdout
    metrics = newsflow(env, "metrics", "--once").stdout
    assert 'newsflow_failures_total{code="empty",stage="decode",transient="false"} 1.0' in metrics
    assert 'newsflow_documents_total{stage="indexed"} 1.0' in metrics
    # A replay sends its files in batches (NEWSFLOW_REPLAY_BATCH_FILES): the four files are one task.
    assert 'newsflow_task_duration_seconds_count{task="newsflow.process_files"} 1.0' in metrics
    assert "newsflow_queue_depth" in metrics and "newsflow_dead_letters 3.0" in metrics

    (folder / "empty.txt").write_text("2月1日，镇江召开会议，部署全年重点工作，推动经济社会高质量发展再上新台阶。", encoding="utf-8")
    assert "3 sent again" in newsflow(env, "dlq", "retry").stdout
    wait_for(lambda: es.count(index=fresh_index.index_alias)["count"] == 2 and dead_letter_count(redis) == 2,
             what="the mended file indexed, the other two back in the dead letters")
