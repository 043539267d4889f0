"""Thin tasks: read or fetch, call the pipeline, route the result, retry what is transient."""
from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from datetime import datetime, timezone
from functools import lru_cache, partial
from pathlib import Path

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
from pipelines.files import list_files, read_file
from pipelines.records import Document, RawInput, Rejected
from pipelines.run import process_many
from workers import dead_letters
from workers.app import app

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


_PROCESS_TASK = {"bind": True, "base": ProcessTask,
                 # a Redis restart reaches a task through dead letters and near-duplicate lookups
                 "autoretry_for": (OSError, RedisConnectionError, RedisTimeoutError),
                 "max_retries": get_settings().index_max_retries, **_RETRY}


def _run_pipeline(read: Sequence[tuple[RawInput | Rejected, dict]]) -> tuple[list[Document], list[str]]:
    """The inputs' documents, in order, and the reasons of those that gave none (kept in the
    dead letters). The inputs go through the pipeline together (process_many)."""
    raws = [raw for raw, _ in read if not isinstance(raw, Rejected)]
    results = iter(process_many(raws))
    documents: list[Document] = []
    reasons: list[str] = []
    for raw, where in read:
        result = raw if isinstance(raw, Rejected) else next(results)
        if isinstance(result, Rejected):
            dead_letters.record(redis_client(), "process", result.reason, source=result.source,
                                source_key=result.source_key, **where)
            reasons.append(result.reason)
        else:
            documents.extend(result)
    return documents, reasons


_TOGETHER_BYTES = 4 * 1024 * 1024


def _read_together(inputs: Sequence[tuple[Callable[[], RawInput | Rejected], dict]]
                   ) -> Iterator[list[tuple[RawInput | Rejected, dict]]]:
    """The inputs read, a few at a time: NEWSFLOW_PROCESS_TOGETHER_FILES of them, or fewer once
    they hold 4 MiB, so a batch of large pages never sits in memory at once."""
    together = max(1, get_settings().process_together_files)
    group: list[tuple[RawInput | Rejected, dict]] = []
    size = 0
    for read, where in inputs:
        raw = read()
        group.append((raw, where))
        size += len(raw.data) if isinstance(raw, RawInput) else 0
        if len(group) >= together or size >= _TOGETHER_BYTES:
            yield group
            group, size = [], 0
    if group:
        yield group


def _batch_key(keys: list[str]) -> str:
    return keys[0] if len(keys) == 1 else f"{keys[0]} (+{len(keys) - 1} files)"


def _process_and_index(task, inputs: Sequence[tuple[Callable[[], RawInput | Rejected], dict]], source: str) -> dict:
    """Run the pipeline over each input, its stories indexed a group at a time as they are made
    (newsflow.indexing). The task finishes (and its message is acknowledged) only when every
    story is indexed."""
    rejected: list[str] = []
    keys: list[str] = []  # each input's source key, as read

    def stories() -> Iterator[Document]:
        for read in _read_together(inputs):
            keys.extend(raw.source_key for raw, _ in read)
            documents, reasons = _run_pipeline(read)
            rejected.extend(reasons)
            yield from documents

    pending = index_in_groups(stories(), get_settings().index_group_stories)

    def give_up(error: Exception) -> None:
        for _, where in inputs:  # the raw input is kept: each dead letter can be retried from it
            dead_letters.record(redis_client(), "index", f"{type(error).__name__}: {error}", source=source, **where)

    outcomes = _wait_indexed(task, pending, give_up)
    source_key = _batch_key(keys)
    return {"source_key": source_key, "processed": sum(o.stories for o in outcomes),
            **_settle(task, outcomes, source_key), "rejected": rejected}


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
        raise task.retry(exc=error, countdown=min(60.0, _backoff(task.request.retries)))


def _settle(task, outcomes: list[BulkOutcome], source_key: str) -> dict:
    """Retry the task if Elasticsearch refused items for now (429, 50x); dead-letter, with their
    document, the items it refused for good; count the rest."""
    failed = [f for outcome in outcomes for f in outcome.failed]
    if any(f["status"] in _TRANSIENT_STATUS for f in failed) and task.request.retries < task.max_retries:
        raise task.retry(countdown=2 ** task.request.retries)
    for failure in failed:
        dead_letters.record(redis_client(), "index", str(failure["error"]), document_id=failure["id"],
                            source_key=source_key, documents=[failure["document"]])
    return {"stories": sum(o.stories for o in outcomes), "created": sum(o.created for o in outcomes),
            "updated": sum(o.updated for o in outcomes), "failed": len(failed)}


def _file_inputs(paths: list[str], root: str, source: str) -> list[tuple[Callable[[], RawInput | Rejected], dict]]:
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


def _fetch_or_retry(task, url: str, source: str, attempt: int, conditional: bool = True):
    """The policy's answer, with waits and transient failures turned into task retries and
    permanent failures recorded against the source (and returned, for the caller to see).

    ``attempt`` counts failed tries only: waiting for the host's turn is not a failure, so it
    never uses up the retries a flaky server is owed."""
    answer = _policy().fetch(url, conditional=conditional)
    kwargs = dict(task.request.kwargs or {})
    if isinstance(answer, Wait):
        raise task.retry(countdown=answer.seconds + random.random(), max_retries=None, kwargs=kwargs)
    if isinstance(answer, Failure):
        if answer.transient and attempt < get_settings().fetch_retries:
            countdown = max(answer.retry_after or 0.0, _backoff(attempt))
            raise task.retry(countdown=countdown, max_retries=None, kwargs={**kwargs, "attempt": attempt + 1})
        source_state.record_error(redis_client(), source, f"{url}: {answer.reason}")
        dead_letters.record(redis_client(), "fetch", answer.reason, source=source, url=url)
    elif isinstance(answer, Unchanged):
        source_state.count(redis_client(), source, "unchanged")
    return answer


@app.task(name="newsflow.fetch_page", bind=True, max_retries=None)
def fetch_page(self, url: str, source: str, attempt: int = 0) -> str | None:
    response = _fetch_or_retry(self, url, source, attempt)
    if not isinstance(response, Response):
        return None
    entry = _archive().put(response.body, response.url, source, response.status, response.headers)
    source_state.count(redis_client(), source, "items")
    archived_pipeline(entry.sha256, entry.url, source, entry.headers, entry.fetched_at).apply_async()
    return entry.sha256


@app.task(name="newsflow.poll_source", bind=True, max_retries=None, ignore_result=True)
def poll_source(self, source_id: str, attempt: int = 0) -> None:
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
        response = _fetch_or_retry(self, source.url, source.id, attempt)
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
        dead_letters.record(redis_client(), "index", f"{type(exc).__name__}: {exc}",
                            source_key=batch.get("source_key"), documents=batch.get("documents", []))


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
    return {"source_key": batch.get("source_key"), **_settle(self, outcomes, batch.get("source_key")),
            "rejected": batch.get("rejected", [])}


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
    seen_key = f"newsflow:seen:{root}"
    client = redis_client()
    enqueued = 0
    for file in files:
        stat = file.stat()
        stamp = f"{stat.st_mtime_ns}:{stat.st_size}"
        if client.hget(seen_key, str(file)) == stamp:
            continue
        file_pipeline(file, root, source or root.name).apply_async()
        client.hset(seen_key, str(file), stamp)
        enqueued += 1
    return enqueued


def retry_dead_letter(entry: dict):
    """The pipeline that tries a dead letter again from where its raw input is kept, or None
    when nothing can be retried (the file is gone, or the failure was in indexing one story)."""
    if entry.get("stage") == "index" and entry.get("documents"):
        return index_documents.si({"source_key": entry.get("source_key"), "documents": entry["documents"],
                                   "rejected": []})
    if entry.get("sha256") and entry.get("url"):
        fetched = entry.get("at") or datetime.now(timezone.utc).isoformat()
        return archived_pipeline(entry["sha256"], entry["url"], entry.get("source", "retry"), {}, fetched)
    if entry.get("source_path") and Path(entry["source_path"]).exists():
        path = Path(entry["source_path"])
        key = entry.get("source_key") or path.name
        # The root is what the key was relative to, so the retried file keeps its document ids.
        root = Path(str(path)[: -len(key)]) if str(path).endswith(key) else path.parent
        return file_pipeline(path, root, entry.get("source", root.name))
    if entry.get("stage") == "fetch" and entry.get("url"):
        return fetch_page.si(entry["url"], entry.get("source", "retry"))
    return None
