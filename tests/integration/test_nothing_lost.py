"""Nothing lost, whatever the folder or the operator does: each input of a batch succeeds or fails
on its own, dead letters are de-duplicated, bounded, filtered and retried one at a time, stories
gone from their source leave the index. On the real Redis and Elasticsearch, tasks run by the
real worker or in-process through Celery's own ``apply``."""
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone

from tests.integration.conftest import ROOT, newsflow, wait_for

SEEDS = ROOT / "seeds"
ONE_STORY = "2月1日，镇江召开会议，部署全年重点工作，推动经济社会高质量发展再上新台阶，全市上下凝心聚力。"


def seed_with_stories(at_least: int):
    from pipelines.files import read_file
    from pipelines.run import process

    for path in sorted(SEEDS.iterdir()):
        documents = process(read_file(path, SEEDS, "seeds", 10 ** 7))
        if len(documents) >= at_least:
            return path, documents
    raise AssertionError("no seed with that many stories")


def letters(redis, **filters):
    from workers import dead_letters

    return {letter.source_key or letter.input: letter for letter in dead_letters.scan(redis, **filters)}


def test_each_file_of_a_batch_fails_on_its_own_and_the_rest_is_indexed(env, es, redis, fresh_index, tmp_path):
    """A file gone after enqueue, a FIFO, a link out of the folder, a folder: dead letters at once
    with their code; the good files of the same task indexed. (A FIFO used to block a worker for
    ever, a missing file to be retried for 15 minutes and then lose the whole batch.)"""
    from workers.tasks import process_files

    folder = tmp_path / "batch"
    folder.mkdir()
    good = []
    for path in sorted(SEEDS.iterdir())[:3]:
        shutil.copy(path, folder)
        good.append(str(folder / path.name))
    (folder / "gone.txt").write_text(ONE_STORY, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "sub.txt").mkdir()
    paths = [good[0], str(folder / "gone.txt"), str(folder / "pipe.txt"), good[1],
             str(folder / "passwd.txt"), str(folder / "sub.txt"), good[2]]
    (folder / "gone.txt").unlink()  # between enqueue and processing

    result = process_files.apply(args=[paths, str(folder), "batch"]).get(timeout=120)

    assert result["inputs"] == 7 and result["failed"] == 0
    assert result["created"] == result["stories"] > 0
    found = letters(redis)
    assert {k: (v.stage, v.code) for k, v in found.items()} == {
        "gone.txt": ("read", "file_gone"), "pipe.txt": ("read", "not_regular_file"),
        "passwd.txt": ("read", "outside_folder"), "sub.txt": ("read", "not_regular_file")}
    es.indices.refresh(index=fresh_index.index_alias)
    indexed = {h["_source"]["source_path"] for h in es.search(index=fresh_index.index_alias, size=100,
                                                              source=["source_path"])["hits"]["hits"]}
    assert indexed == set(good)


def test_listing_skips_special_files_and_links_out_and_process_does_not_crash(env, tmp_path):
    from pipelines.files import list_files

    folder = tmp_path / "odd"
    folder.mkdir()
    shutil.copy(sorted(SEEDS.iterdir())[0], folder / "ok.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "inside.txt").symlink_to(folder / "ok.txt")
    _, files = list_files(folder)
    assert [f.name for f in files] == ["inside.txt", "ok.txt"]
    out = newsflow(env, "process", str(folder), "--json")
    assert {d["source_path"].rsplit("/", 1)[1] for d in json.loads(out.stdout)} == {"inside.txt", "ok.txt"}


def test_dead_letters_are_deduplicated_bounded_and_filtered(env, redis, fresh_index):
    from workers import dead_letters

    for _ in range(3):
        dead_letters.record(redis, "decode", "binary", "binary data, not text", source="a", source_key="x.bin",
                            source_path="/data/a/x.bin")
    assert dead_letters.count(redis) == 1
    (only,) = dead_letters.entries(redis)
    assert only.times == 3 and only.code == "binary"
    for n in range(8):
        dead_letters.record(redis, "fetch", "http_error", "HTTP 404", limit=5, source="b", url=f"http://b.example/{n}")
    assert dead_letters.count(redis) == 5 and dead_letters.dropped(redis) == 4, "the oldest seen are dropped"
    assert {e.url for e in dead_letters.entries(redis)} == {f"http://b.example/{n}" for n in range(3, 8)}

    listed = json.loads(newsflow(env, "dlq", "list", "--stage", "fetch", "--json").stdout)
    assert len(listed) == 5 and {e["code"] for e in listed} == {"http_error"}
    assert json.loads(newsflow(env, "dlq", "list", "--reason", "404", "--source", "a", "--json").stdout) == []
    text = newsflow(env, "dlq", "list").stdout
    assert "5 dead letters in all; 4 dropped at the cap" in text
    codes = newsflow(env, "dlq", "codes").stdout
    assert "file_gone" in codes and "index_unavailable" in codes


def test_an_interrupted_retry_loses_no_dead_letter(env, worker, es, redis, fresh_index):
    """Ctrl-C in the middle of `dlq retry`: every dead letter is either still there or sent (and
    indexed by the worker); none is gone. (Retry used to take them all out first.)"""
    from newsflow.search_index import index_source
    from tests.integration.test_search import document
    from workers import dead_letters

    total, now = 3000, datetime.now(timezone.utc)
    with redis.pipeline() as pipe:
        for n in range(total):
            source = index_source(document(f"dl-{n}", f"第{n}条：扬州推进新能源产业集群建设。"), None, now)
            letter = dead_letters.DeadLetter(stage="index", code="index_refused", reason="blocked", at="2026-01-01",
                                             document_id=f"dl-{n}", source_key=f"dl-{n}", documents=[source])
            pipe.hset(dead_letters.ENTRIES_KEY, letter.identity, letter.model_dump_json(exclude={"times"}))
            pipe.zadd(dead_letters.ORDER_KEY, {letter.identity: n})
        pipe.execute()
    retry = subprocess.Popen([sys.executable, "-m", "newsflow.cli", "dlq", "retry"], env=env, cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(lambda: dead_letters.count(redis) < total - 200 or retry.poll() is not None, seconds=60,
             what="the retry under way")
    retry.send_signal(signal.SIGINT)
    retry.wait(timeout=30)
    left = {e.document_id for e in dead_letters.scan(redis)}
    assert 0 < total - len(left), "some were sent before the interruption"

    def indexed() -> set[str]:
        es.indices.refresh(index=fresh_index.index_alias)
        return {h["_id"] for h in es.search(index=fresh_index.index_alias, size=total, source=False,
                                            query={"prefix": {"id": "dl-"}})["hits"]["hits"]}

    wait_for(lambda: len(indexed()) >= total - len(left), seconds=120, what="the sent ones indexed")
    assert indexed() | left == {f"dl-{n}" for n in range(total)}, "each one indexed or still a dead letter"


def test_stories_gone_from_a_re_read_file_or_a_deleted_file_leave_the_index(env, worker, es, redis, fresh_index, tmp_path):
    from pipelines.identity import input_page_id
    seed, documents = seed_with_stories(2)
    folder = tmp_path / "watched"
    folder.mkdir()
    shutil.copy(seed, folder / "page.txt")
    shutil.copy(sorted(SEEDS.iterdir())[0] if sorted(SEEDS.iterdir())[0] != seed else sorted(SEEDS.iterdir())[1],
                folder / "other.txt")
    parent = input_page_id(folder.name, "page.txt")

    def stories_of(parent_id: str) -> int:
        es.indices.refresh(index=fresh_index.index_alias)
        return es.count(index=fresh_index.index_alias, query={"term": {"parent_id": parent_id}})["count"]

    newsflow(env, "replay", str(folder), "--wait")
    assert stories_of(parent) == len(documents)
    (folder / "page.txt").write_text(ONE_STORY, encoding="utf-8")  # now one story
    again = newsflow(env, "replay", str(folder), "--wait")
    assert f"removed {len(documents) - 1}" in again.stdout
    assert stories_of(parent) == 1

    def scan() -> int:
        """Beat's scan of a watched folder, in a process of its own with the test's broker (this
        process's Celery app may have been made with other settings when the tests were collected)."""
        done = subprocess.run([sys.executable, "-c", "import sys; from workers.tasks import scan_folder; "
                               "print(scan_folder(sys.argv[1], sys.argv[2]))", str(folder), folder.name],
                              env=env, cwd=ROOT, capture_output=True, text=True, check=True, timeout=120)
        return int(done.stdout.split()[-1])

    assert scan() == 2  # watched: both files seen
    (folder / "page.txt").unlink()
    assert scan() == 0
    wait_for(lambda: stories_of(parent) == 0, seconds=60, what="the deleted file's story removed")
    assert stories_of(input_page_id(folder.name, "other.txt")) > 0, "the other file's stories stay"


def test_a_page_that_waited_too_long_for_its_host_is_a_dead_letter(env, es, redis, fresh_index):
    """Waiting for a host's turn is bounded (NEWSFLOW_FETCH_MAX_WAIT_SECONDS), not retried for ever."""
    from newsflow.fetching.host_limits import HostLimits
    from newsflow.settings import get_settings
    from tests.fetch_server import FetchServer
    from workers.tasks import fetch_page

    server = FetchServer().start()
    try:
        url = f"{server.base}/articles/a0.html"
        settings = get_settings()
        limits = HostLimits(redis, settings.host_requests_per_second, settings.host_concurrency)
        taken = 0
        while taken < settings.host_concurrency:  # every request slot of the host in flight
            wait = limits.try_acquire(url)
            taken += wait == 0
            time.sleep(wait)
        result = fetch_page.apply(args=[url, "busy"], kwargs={"waited": settings.fetch_max_wait_seconds})
        assert result.get(timeout=30) is None
    finally:
        server.shutdown()
    (letter,) = [e for e in letters(redis).values() if e.url == url]
    assert letter.code == "host_busy" and letter.stage == "fetch" and "waiting" in letter.reason


def test_a_task_past_its_soft_time_limit_indexes_what_it_finished_and_dead_letters_the_rest(env, es, tmp_path):
    """A worker with a one-second soft limit given 60 files in one task: the files it finished are
    indexed, every other one is a time_limit dead letter, none is lost; the worker keeps serving."""
    import redis as redis_module

    from workers.dead_letters import DeadLetter, ORDER_KEY, ENTRIES_KEY

    folder = tmp_path / "slow"
    folder.mkdir()
    for n in range(30):
        for path in sorted(SEEDS.iterdir())[:2]:
            shutil.copy(path, folder / f"{n:02d}-{path.name}")
    limited = {**env, "NEWSFLOW_REDIS_URL": "redis://127.0.0.1:6379/12", "NEWSFLOW_INDEX_ALIAS": "newsflow-limits",
               "NEWSFLOW_TASK_SOFT_TIME_LIMIT": "1", "NEWSFLOW_TASK_TIME_LIMIT": "20",
               "NEWSFLOW_PROCESS_TOGETHER_FILES": "1"}
    store = redis_module.Redis.from_url(limited["NEWSFLOW_REDIS_URL"], decode_responses=True)
    store.flushdb()
    for index in es.indices.get(index="newsflow-limits-v*", allow_no_indices=True):
        es.indices.delete(index=index)
    newsflow(limited, "setup")
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q",
                               "fetch,process,index", "-c", "1", "-n", "limits@%h", "-l", "INFO"],
                              env=limited, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    try:
        done = newsflow(limited, "replay", str(folder), "--wait", "--timeout", "240", check=False)
        assert "files 60 of 60" in done.stdout, done.stdout + done.stderr
        late = [DeadLetter.model_validate_json(body) for body in store.hvals(ENTRIES_KEY)]
        assert late and {letter.code for letter in late} == {"time_limit"}, "the soft limit was reached"
        es.indices.refresh(index="newsflow-limits")
        indexed = {h["_source"]["source_path"] for h in es.search(index="newsflow-limits", size=500,
                                                                  source=["source_path"])["hits"]["hits"]}
        assert indexed, "what was finished before the limit is indexed"
        assert indexed.isdisjoint({letter.source_path for letter in late})
        assert len(indexed) + len(late) == 60 == store.zcard(ORDER_KEY) + len(indexed)
        assert worker.poll() is None, "the worker keeps serving"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        store.flushdb()
        for index in es.indices.get(index="newsflow-limits-v*", allow_no_indices=True):
            es.indices.delete(index=index)


def test_a_soft_limit_reached_while_stories_are_handed_over_stops_the_next_file_not_the_handover(
        env, redis, fresh_index, monkeypatch):
    """The limit's signal lands between two stories of a finished file (in a task, while they go to
    the indexing thread): every story of that file is still handed over, the next file is not
    begun, and each file not begun is a time_limit dead letter. (The signal used to raise there,
    failing the whole task though its first stories were indexed.)"""
    from billiard.exceptions import SoftTimeLimitExceeded
    from billiard.pool import SIG_SOFT_TIMEOUT
    from celery import signals

    from newsflow.settings import get_settings
    from workers import soft_limit
    from workers.batch import Batch
    from workers.tasks import _file_inputs

    first, documents = seed_with_stories(at_least=2)
    others = [path for path in sorted(SEEDS.iterdir()) if path != first][:3]
    monkeypatch.setenv("NEWSFLOW_PROCESS_TOGETHER_FILES", "1")
    get_settings.cache_clear()

    def raise_here(signum, frame):  # billiard's handler in a pool process
        raise SoftTimeLimitExceeded()

    previous = signal.signal(SIG_SOFT_TIMEOUT, raise_here)
    try:
        batch = Batch(_file_inputs([str(first), *map(str, others)], str(SEEDS), "seeds"))
        handed_over = []
        with soft_limit.held_outside_sections():
            for story in batch.stories():
                handed_over.append(story.id)
                if len(handed_over) == 1:
                    os.kill(os.getpid(), SIG_SOFT_TIMEOUT)
    finally:
        signals.task_postrun.send(sender=None)  # as Celery does once it has stored a task's result
        signal.signal(SIG_SOFT_TIMEOUT, previous)
        monkeypatch.delenv("NEWSFLOW_PROCESS_TOGETHER_FILES")
        get_settings.cache_clear()
    assert handed_over == [d.id for d in documents]
    late = letters(redis)
    assert sorted(late) == sorted(str(path) for path in others)
    assert {letter.code for letter in late.values()} == {"time_limit"}
    assert batch.finished == 4 and len(batch.rejected) == 3


def test_a_file_deleted_between_two_replays_of_a_folder_takes_its_stories_along(env, worker, es, fresh_index, tmp_path):
    from pipelines.identity import input_page_id

    folder = tmp_path / "replayed"
    folder.mkdir()
    first, second = sorted(SEEDS.iterdir())[:2]
    shutil.copy(first, folder / "first.txt")
    shutil.copy(second, folder / "second.txt")

    def stories_of(name: str) -> int:
        es.indices.refresh(index=fresh_index.index_alias)
        return es.count(index=fresh_index.index_alias,
                        query={"term": {"parent_id": input_page_id(folder.name, name)}})["count"]

    newsflow(env, "replay", str(folder), "--wait")
    assert stories_of("first.txt") > 0 and stories_of("second.txt") > 0
    (folder / "second.txt").unlink()
    again = newsflow(env, "replay", str(folder), "--wait")
    assert "1 files gone since the last replay" in again.stderr
    assert stories_of("second.txt") == 0 and stories_of("first.txt") > 0
    assert "removed 0" not in again.stdout, again.stdout


class _SearchesRefused(http.server.BaseHTTPRequestHandler):
    """Elasticsearch behind a proxy that answers every search 503, as a node does whose shards are
    not assigned: stories are indexed, and finding the ones a re-read page no longer has fails."""

    upstream = "http://127.0.0.1:9200"

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        if "/_search" in self.path:
            status, headers = 503, {"Content-Type": "application/json", "X-Elastic-Product": "Elasticsearch"}
            payload = b'{"error":{"type":"unavailable_shards_exception","reason":"refused by the test"},"status":503}'
        else:
            request = urllib.request.Request(self.upstream + self.path, data=body, method=self.command, headers={
                k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length", "connection")})
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    status, headers, payload = response.status, dict(response.headers), response.read()
            except urllib.error.HTTPError as error:
                status, headers, payload = error.code, dict(error.headers), error.read()
        self.send_response(status)
        for name, value in headers.items():
            if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _forward

    def log_message(self, *args) -> None:
        pass


def test_an_outage_after_the_stories_are_indexed_retries_the_task_and_dead_letters_nothing(env, es, tmp_path):
    """Elasticsearch refuses the search for stale stories after a task's stories went in: the task
    is retried, and once its retries are spent the stories stay indexed, with a warning and no
    dead letter (its inputs were indexed)."""
    import redis as redis_module

    from workers.dead_letters import ENTRIES_KEY

    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SearchesRefused)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    folder = tmp_path / "two"
    folder.mkdir()
    for path in sorted(SEEDS.iterdir())[:2]:
        shutil.copy(path, folder / path.name)
    direct = {**env, "NEWSFLOW_REDIS_URL": "redis://127.0.0.1:6379/11", "NEWSFLOW_INDEX_ALIAS": "newsflow-stale",
              "NEWSFLOW_INDEX_MAX_RETRIES": "1"}
    proxied = {**direct, "NEWSFLOW_ES_URL": f"http://127.0.0.1:{proxy.server_address[1]}"}
    store = redis_module.Redis.from_url(direct["NEWSFLOW_REDIS_URL"], decode_responses=True)
    store.flushdb()
    for index in es.indices.get(index="newsflow-stale-v*", allow_no_indices=True):
        es.indices.delete(index=index)
    newsflow(direct, "setup")
    log_path = tmp_path / "worker.log"
    worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q",
                               "fetch,process,index", "-c", "1", "-n", "stale@%h", "-l", "INFO"],
                              env=proxied, cwd=ROOT, stdout=log_path.open("w"), stderr=subprocess.STDOUT)
    try:
        done = newsflow(direct, "replay", str(folder), "--wait", "--timeout", "240", check=False)
        assert "files 2 of 2" in done.stdout, done.stdout + done.stderr
        wait_for(lambda: "stale stories not removed" in log_path.read_text(), 120, "the warning of stale stories left")
        assert store.hlen(ENTRIES_KEY) == 0, store.hvals(ENTRIES_KEY)
        es.indices.refresh(index="newsflow-stale")
        indexed = {h["_source"]["source_path"] for h in es.search(index="newsflow-stale", size=100,
                                                                  source=["source_path"])["hits"]["hits"]}
        assert indexed == {str(path) for path in folder.iterdir()}
        assert "Retry in" in log_path.read_text(), "the task was retried before giving up on the stale stories"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        proxy.shutdown()
        store.flushdb()
        for index in es.indices.get(index="newsflow-stale-v*", allow_no_indices=True):
            es.indices.delete(index=index)
