"""Thin tasks: read or fetch, call the pipeline, route the result, retry what is transient."""
from __future__ import annotations

import logging
import random
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from datetime import datetime, timezone
from functools import lru_cache, partial
from pathlib import Path

from billiard.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from celery import states
from elasticsearch import ApiError, ConnectionTimeout
from elasticsearch import ConnectionError as ESConnectionError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from newsflow import replay_window, search_index
from newsflow.clients import elasticsearch, redis_client
from newsflow.fetching import sources as source_state
from newsflow.fetching.archive import Archive
from newsflow.fetching.http import Failure, Response, client
from newsflow.fetching.policy import Policy, Unchanged, Wait
from newsflow.indexing import index_in_groups, index_later
from newsflow.search_index import BulkOutcome
from newsflow.settings import get_settings
from pipelines.feeds import parse_feed
from pipelines.files import list_files, read_file, source_key
from pipelines.identity import input_page_id
from pipelines.records import RawInput
from workers import dead_letters, soft_limit
from workers.app import app
from workers.batch import Batch, Input, TaskResult, dead_letter

log = logging.getLogger(__name__)
_TRANSIENT_STATUS = {429, 502, 503, 504}
_RETRY = {"retry_backoff": True, "retry_backoff_max": 300, "retry_jitter": True}
# Processing tasks index their own stories: a message carries paths or archive keys, never
# document bodies, and the stories go from the pipeline to Elasticsearch without a second
# message, a second decode and a second validation. A retry processes the raw input again
# (deterministic ids: the same documents).
# A replay's tasks carry ``in_replay=True``: the last one to finish ends the replay's long refresh
# interval (newsflow.replay_window).


class ProcessTask(app.Task):
    def after_return(self, status, retval, task_id, args, kwargs, einfo):
        """Finished for good, indexed or not (a retry is not finished): count it off its replay."""
        if (kwargs or {}).get("in_replay") and status in (states.SUCCESS, states.FAILURE):
            try:
                replay_window.task_done(elasticsearch(), redis_client(), get_settings())
            except Exception:  # the lease restores the interval if this cannot
                log.warning("replay window not updated", exc_info=True)

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Failed for good (a bug, the hard time limit, retries spent): every input of the task is
        a dead letter with the reason, so none is lost without a trace."""
        if getattr(exc, "dead_lettered", False):
            return
        code = ("time_limit" if isinstance(exc, (TimeLimitExceeded, SoftTimeLimitExceeded))
                else "index_unavailable" if _store_unavailable(exc) else "task_error")
        for where in _inputs_of(self.name, args, kwargs):
            try:
                dead_letter(code, f"{type(exc).__name__}: {exc}", **where)
            except Exception:
                log.exception("dead letter not recorded for %s", where)


def _inputs_of(task_name: str, args: tuple, kwargs: dict) -> list[dict]:
    """Where each input of a processing task's call is, as a dead letter records it."""
    call = dict(zip(_PARAMETERS.get(task_name, ()), args or ()), **(kwargs or {}))
    if "paths" in call or "path" in call:
        return [{"source_path": path, "source": call.get("source")} for path in call.get("paths") or [call["path"]]]
    if "sha256" in call:
        return [{"url": call.get("url"), "sha256": call["sha256"], "source": call.get("source")}]
    return []


_PARAMETERS = {"newsflow.process_files": ("paths", "root", "source"),
               "newsflow.process_file": ("path", "root", "source"),
               "newsflow.process_archived": ("sha256", "url", "source", "headers", "fetched_at")}
_PROCESS_TASK = {"bind": True, "base": ProcessTask,
                 # a Redis restart reaches a task through dead letters and near-duplicate lookups;
                 # an input's own failure (a missing file) is a dead letter, never a retry
                 "autoretry_for": (RedisConnectionError, RedisTimeoutError),
                 "max_retries": get_settings().index_max_retries, **_RETRY}


def _process_and_index(task, inputs: Sequence[Input], source: str) -> dict:
    """Run the pipeline over each input (workers.batch), its stories indexed a group at a time as
    they are made (newsflow.indexing). The task finishes (and its message is acknowledged) only
    when every story is indexed; then the stories its pages no longer have are deleted."""
    def give_up(error: Exception) -> None:
        for _, where in inputs:  # the raw input is kept: each dead letter can be retried from it
            dead_letter("index_unavailable", f"{type(error).__name__}: {error}", source=source, **where)
        error.dead_lettered = True

    batch = Batch(inputs)
    with soft_limit.held_outside_sections():  # the soft limit stops the pipeline, never the indexing
        pending = index_in_groups(batch.stories(), get_settings().index_group_stories)
        outcomes = _wait_indexed(task, pending, give_up)
        settled = _settle(task, outcomes, batch.source_key)
        removed = _remove_stale_after_indexing(task, batch.keep)
    return TaskResult(source_key=batch.source_key, inputs=len(inputs), rejected=batch.rejected, removed=removed,
                      **settled).model_dump()


def _remove_stale_after_indexing(task, keep: dict[str, list[str]]) -> int:
    """``_remove_stale`` once the task's stories are indexed. Elasticsearch or Redis down here:
    the task is retried (it is idempotent); once its retries are spent the stories stay indexed
    and the stale ones are left with a warning, not dead letters for inputs that were indexed."""
    try:
        return _remove_stale(keep)
    except Exception as error:
        if not _store_unavailable(error):
            raise
        if task.request.retries < task.max_retries:
            raise _retry_after_outage(task, error)
        log.warning("stale stories not removed: %s", error)
        return 0


def _remove_stale(keep: dict[str, list[str]]) -> int:
    """Delete the indexed stories of these pages that they no longer have."""
    if not keep:
        return 0
    es, settings = elasticsearch(), get_settings()
    try:
        return search_index.remove_stories(es, redis_client(), settings, search_index.stale_stories(es, settings, keep))
    except Exception as error:
        if _store_unavailable(error):
            raise  # the caller retries: deleting is idempotent
        log.warning("stale stories not removed: %s", error)
        return 0


def _wait_indexed(task, pending: list[Future], give_up: Callable[[Exception], object]) -> list[BulkOutcome]:
    """The bulk requests' outcomes; while Elasticsearch or Redis is down or not ready, a retry of
    the task later, and once the retries are spent, ``give_up`` and the error."""
    try:
        return [future.result() for future in pending]
    except Exception as error:
        if not _store_unavailable(error):
            raise
        if task.request.retries >= task.max_retries:
            give_up(error)
            raise
        raise _retry_after_outage(task, error)


def _retry_after_outage(task, error: Exception) -> Exception:
    """The task's retry while Elasticsearch or Redis is down: backoff capped at a minute.
    (``task.retry`` raises its Retry itself; callers write ``raise`` for the reader, as Celery's
    own examples do.)"""
    return task.retry(exc=error, countdown=min(60.0, _backoff(task.request.retries)))


def _settle(task, outcomes: list[BulkOutcome], source_key: str) -> dict:
    """Retry the task if Elasticsearch refused items for now (429, 50x); dead-letter, with their
    document, the items it refused for good; count the rest."""
    failed = [f for outcome in outcomes for f in outcome.failed]
    if any(f["status"] in _TRANSIENT_STATUS for f in failed) and task.request.retries < task.max_retries:
        raise task.retry(countdown=2 ** task.request.retries)
    for failure in failed:
        document = failure["document"] or {}
        code = "index_unavailable" if failure["status"] in _TRANSIENT_STATUS else "index_refused"
        dead_letter(code, str(failure["error"]), document_id=failure["id"], source_key=source_key,
                    source=document.get("source"), documents=[document] if document else [])
    return {"stories": sum(o.stories for o in outcomes), "created": sum(o.created for o in outcomes),
            "updated": sum(o.updated for o in outcomes), "failed": len(failed)}


def _file_inputs(paths: list[str], root: str, source: str) -> list[Input]:
    limit = get_settings().max_input_bytes
    return [(partial(read_file, Path(path), Path(root), source, limit), {"source_path": path})
            for path in paths]


@app.task(name="newsflow.process_files", **_PROCESS_TASK)
def process_files(self, paths: list[str], root: str, source: str, in_replay: bool = False) -> dict:
    """A replay's files a few dozen at a time: one task per one-story file costs more than the story."""
    return _process_and_index(self, _file_inputs(paths, root, source), source)


@app.task(name="newsflow.process_file", **_PROCESS_TASK)
def process_file(self, path: str, root: str, source: str) -> dict:
    """One file (a watched folder's new or changed file)."""
    return _process_and_index(self, _file_inputs([path], root, source), source)


@lru_cache(maxsize=1)
def _archive() -> Archive:
    return Archive(get_settings().archive_dir)


@lru_cache(maxsize=1)
def _policy() -> Policy:
    return Policy(get_settings(), client(get_settings()), redis_client())


def archived_input(sha256: str, url: str, source: str, headers: dict[str, str], fetched_at: str) -> RawInput:
    return RawInput(data=_archive().get(sha256), source=source, source_key=url, url=url,
                    content_type=headers.get("content-type"), fetched_at=datetime.fromisoformat(fetched_at))


@app.task(name="newsflow.process_archived", **_PROCESS_TASK)
def process_archived(self, sha256: str, url: str, source: str, headers: dict, fetched_at: str,
                     in_replay: bool = False) -> dict:
    """The message carries the archive key, not the page: bodies stay on disk."""
    read = partial(archived_input, sha256, url, source, headers, fetched_at)
    return _process_and_index(self, [(read, {"url": url, "sha256": sha256})], source)


def archived_pipeline(sha256: str, url: str, source: str, headers: dict, fetched_at: str, in_replay: bool = False):
    return process_archived.si(sha256, url, source, headers, fetched_at, in_replay=in_replay)


def _backoff(retries: int) -> float:
    return min(300.0, 2.0 ** retries) * (0.5 + random.random())


def _fetch_or_retry(task, url: str, source: str, attempt: int, conditional: bool = True, waited: float = 0.0):
    """The policy's answer, with waits and transient failures turned into task retries and
    permanent failures recorded against the source (and returned, for the caller to see).

    ``attempt`` counts failed tries only: waiting for the host's turn is not a failure, so it
    never uses up the retries a flaky server is owed. Waiting is bounded all the same
    (``waited``, NEWSFLOW_FETCH_MAX_WAIT_SECONDS): then the page is a dead letter (host_busy)."""
    answer = _policy().fetch(url, conditional=conditional)
    kwargs = dict(task.request.kwargs or {})
    settings = get_settings()
    if isinstance(answer, Wait):
        if waited + answer.seconds <= settings.fetch_max_wait_seconds:
            countdown = answer.seconds + random.random()
            raise task.retry(countdown=countdown, max_retries=None, kwargs={**kwargs, "waited": waited + countdown})
        answer = Failure(url, f"still waiting for the host's turn after {waited:.0f}s", transient=True, code="host_busy")
    if isinstance(answer, Failure):
        if answer.transient and answer.code != "host_busy" and attempt < settings.fetch_retries:
            countdown = max(answer.retry_after or 0.0, _backoff(attempt))
            raise task.retry(countdown=countdown, max_retries=None, kwargs={**kwargs, "attempt": attempt + 1})
        source_state.record_error(redis_client(), source, f"{url}: {answer.reason}")
        dead_letter(answer.code, answer.reason, source=source, url=url)
    elif isinstance(answer, Unchanged):
        source_state.count(redis_client(), source, "unchanged")
    return answer


@app.task(name="newsflow.fetch_page", bind=True, max_retries=None)
def fetch_page(self, url: str, source: str, attempt: int = 0, waited: float = 0.0) -> str | None:
    response = _fetch_or_retry(self, url, source, attempt, waited=waited)
    if not isinstance(response, Response):
        return None
    entry = _archive().put(response.body, response.url, source, response.status, response.headers)
    source_state.count(redis_client(), source, "items")
    archived_pipeline(entry.sha256, entry.url, source, entry.headers, entry.fetched_at).apply_async()
    return entry.sha256


@app.task(name="newsflow.poll_source", bind=True, max_retries=None, ignore_result=True)
def poll_source(self, source_id: str, attempt: int = 0, waited: float = 0.0) -> None:
    from newsflow.fetching.sources import Kind, load_sources

    source = next((s for s in load_sources(get_settings().sources_file) if s.id == source_id), None)
    if source is None:
        return
    store = redis_client()
    if source.kind is Kind.FOLDER:
        scan_folder(source.path, source.id)
        source_state.record_poll(store, source.id, ok=True)
    elif source.kind is Kind.PAGES:
        for url in source.urls:
            fetch_page.delay(url, source.id)
        source_state.record_poll(store, source.id, ok=True)
    else:
        response = _fetch_or_retry(self, source.url, source.id, attempt, waited=waited)
        if not isinstance(response, Response):
            source_state.record_poll(store, source.id, ok=isinstance(response, Unchanged))
            return
        feed = parse_feed(response.body, response.url, response.headers.get("content-type"))
        for entry in feed.entries[:source.max_entries]:
            fetch_page.delay(entry.url, source.id)
        source_state.record_poll(store, source.id, ok=feed.error is None, error=feed.error and f"{source.url}: {feed.error}")


class IndexTask(app.Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Out of retries: the documents go to the dead letters, to be retried, never lost."""
        batch = args[0] if args else kwargs.get("batch", {})
        code = "index_unavailable" if _store_unavailable(exc) else "task_error"
        dead_letter(code, f"{type(exc).__name__}: {exc}", source_key=batch.get("source_key"),
                    documents=batch.get("documents", []))


def _store_unavailable(error: Exception) -> bool:
    """Elasticsearch down, or up but not ready (a starting node answers 503 before its shards are
    assigned); or Redis, which the near-duplicate lookup asks, restarting."""
    if isinstance(error, (ESConnectionError, ConnectionTimeout, RedisConnectionError, RedisTimeoutError)):
        return True
    return isinstance(error, ApiError) and error.meta.status in _TRANSIENT_STATUS


@app.task(name="newsflow.index_documents", bind=True, base=IndexTask, max_retries=get_settings().index_max_retries)
def index_documents(self, batch: dict) -> dict:
    """Documents already made (a dead letter's) to the index. Out of retries, IndexTask keeps them."""
    documents = [search_index.document_of(d) for d in batch.get("documents", [])]
    pending = [index_later(documents)]
    outcomes = _wait_indexed(self, pending, give_up=lambda error: None)
    return TaskResult(source_key=batch.get("source_key"), inputs=len(documents),
                      **_settle(self, outcomes, batch.get("source_key"))).model_dump()


@app.task(name="newsflow.remove_pages", bind=True, max_retries=get_settings().index_max_retries,
          autoretry_for=(ESConnectionError, ConnectionTimeout, RedisConnectionError, RedisTimeoutError), **_RETRY)
def remove_pages(self, parent_ids: list[str], source_key: str = "files gone from their folder") -> dict:
    """Delete every story of these pages (files deleted from a watched or replayed folder)."""
    return TaskResult(source_key=source_key, removed=_remove_stale({parent: [] for parent in parent_ids})).model_dump()


def file_pipeline(path: Path, root: Path, source: str):
    """The task that takes one saved file to the index."""
    return process_file.si(str(path), str(root), source)


def replay_batch_sizes(files: int, size: int, smallest: int = 10) -> list[int]:
    """Files per task for a replay of ``files``: ``size`` each, then smaller and smaller ones at
    the end (a quarter of what is left), so that when the queue runs dry no worker process is
    still busy with a whole batch while the others wait."""
    sizes = []
    while files > 0:
        take = min(files, size, max(smallest, -(-files // 4)))
        if files - take < smallest and files <= size:
            take = files  # no task of a handful left over
        sizes.append(take)
        files -= take
    return sizes


def replay_pipelines(paths: list[Path], root: Path, source: str) -> list:
    """Tasks taking saved files to the index, up to ``replay_batch_files`` files per task
    (``replay_batch_sizes``), counted in a replay window (``open_replay`` before sending them)."""
    tasks, start = [], 0
    for size in replay_batch_sizes(len(paths), get_settings().replay_batch_files):
        batch = [str(p) for p in paths[start:start + size]]
        tasks.append(process_files.si(batch, str(root), source, in_replay=True))
        start += size
    return tasks


def replay_removal(root: Path, files: list[Path], source: str):
    """The task deleting the stories of files an earlier replay of this folder (as this source)
    sent and that are gone now, or None; and how many files are gone. Each replay of a folder
    remembers its file list in Redis for the next one."""
    key = f"newsflow:replayed:{source}:{root}"
    client = redis_client()
    now = {source_key(file, root) for file in files}
    gone = sorted(client.smembers(key) - now)
    with client.pipeline() as pipe:
        pipe.delete(key)
        if now:
            pipe.sadd(key, *now)
        pipe.execute()
    if not gone:
        return None, 0
    return (remove_pages.si([input_page_id(source, gone_key) for gone_key in gone],
                            f"{len(gone)} files gone since the last replay"), len(gone))


def open_replay(pipelines: list) -> bool:
    """Before sending a replay's tasks: count them, and lengthen the refresh interval until the
    last is done (False when disabled or Elasticsearch did not take it: the replay runs anyway)."""
    try:
        return replay_window.open_window(elasticsearch(), redis_client(), get_settings(), len(pipelines))
    except Exception as error:
        log.warning("refresh interval kept for this replay: %s", error)
        return False


@app.task(name="newsflow.close_stale_replay_window", ignore_result=True)
def close_stale_replay_window() -> bool:
    return replay_window.close_if_stale(elasticsearch(), redis_client(), get_settings())


@app.task(name="newsflow.scan_folder", ignore_result=True)
def scan_folder(folder: str, source: str | None = None) -> int:
    """Scheduled by beat for each watched folder: enqueue the files that are new or changed."""
    root, files = list_files(Path(folder))
    source = source or root.name
    seen_key = f"newsflow:seen:{root}"
    client = redis_client()
    seen = client.hgetall(seen_key)
    enqueued = 0
    for file in files:
        try:
            stat = file.stat()
        except OSError:  # gone since it was listed: the next scan removes it
            continue
        stamp = f"{stat.st_mtime_ns}:{stat.st_size}"
        if seen.get(str(file)) == stamp:
            continue
        file_pipeline(file, root, source).apply_async()
        client.hset(seen_key, str(file), stamp)
        enqueued += 1
    # A file deleted from the folder takes its stories out of the index.
    gone = sorted(set(seen) - {str(file) for file in files})
    if gone:
        remove_pages.delay([input_page_id(source, source_key(Path(path), root)) for path in gone])
        client.hdel(seen_key, *gone)
    return enqueued


def retry_dead_letter(letter: dead_letters.DeadLetter):
    """The pipeline that tries a dead letter again from where its raw input is kept, or None
    when nothing can be retried (the file is gone, or the failure was in indexing one story)."""
    if letter.stage == "index" and letter.documents:
        return index_documents.si({"source_key": letter.source_key, "documents": letter.documents})
    if letter.sha256 and letter.url:
        fetched = letter.at or datetime.now(timezone.utc).isoformat()
        return archived_pipeline(letter.sha256, letter.url, letter.source or "retry", {}, fetched)
    if letter.source_path and Path(letter.source_path).exists():
        path = Path(letter.source_path)
        key = letter.source_key or path.name
        # The root is what the key was relative to, so the retried file keeps its document ids.
        root = Path(str(path)[: -len(key)]) if str(path).endswith(key) else path.parent
        return file_pipeline(path, root, letter.source or root.name)
    if letter.stage == "fetch" and letter.url:
        return fetch_page.si(letter.url, letter.source or "retry")
    return None
