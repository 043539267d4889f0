"""Thin tasks: read, call the pipeline, route the result, retry what is transient."""
from __future__ import annotations

from pathlib import Path

from celery import chain
from elasticsearch import ConnectionError as ESConnectionError
from elasticsearch import ConnectionTimeout

from newsflow import search_index
from newsflow.clients import elasticsearch, redis_client
from newsflow.settings import get_settings
from pipelines.files import list_files, read_file
from pipelines.records import Document, Rejected
from pipelines.run import process
from workers import dead_letters
from workers.app import app

_TRANSIENT_STATUS = {429, 502, 503, 504}
_RETRY = {"retry_backoff": True, "retry_backoff_max": 300, "retry_jitter": True}


@app.task(name="newsflow.process_file", bind=True, autoretry_for=(OSError,),
          max_retries=get_settings().task_max_retries, **_RETRY)
def process_file(self, path: str, root: str, source: str) -> dict:
    raw = read_file(Path(path), Path(root), source, get_settings().max_input_bytes)
    result = raw if isinstance(raw, Rejected) else process(raw)
    if isinstance(result, Rejected):
        dead_letters.record(redis_client(), "process", result.reason, source=source,
                            source_key=result.source_key, source_path=path)
        return {"source_key": result.source_key, "documents": [], "rejected": result.reason}
    return {"source_key": raw.source_key, "documents": [d.index_source() for d in result], "rejected": None}


@app.task(name="newsflow.index_documents", bind=True,
          autoretry_for=(ESConnectionError, ConnectionTimeout),
          max_retries=get_settings().task_max_retries, **_RETRY)
def index_documents(self, batch: dict) -> dict:
    documents = [Document.model_validate(d) for d in batch["documents"]]
    outcome = search_index.bulk_index(elasticsearch(), get_settings(), documents)
    transient = [f for f in outcome.failed if f["status"] in _TRANSIENT_STATUS]
    if transient and self.request.retries < self.max_retries:
        retry_ids = {f["id"] for f in transient}
        retry_batch = {**batch, "documents": [d for d in batch["documents"] if d["id"] in retry_ids]}
        raise self.retry(args=(retry_batch,), countdown=2 ** self.request.retries)
    for failure in outcome.failed:
        dead_letters.record(redis_client(), "index", str(failure["error"]), document_id=failure["id"],
                            source_key=batch["source_key"])
    return {"source_key": batch["source_key"], "stories": len(documents), "created": outcome.created,
            "updated": outcome.updated, "failed": len(outcome.failed), "rejected": batch["rejected"]}


def file_pipeline(path: Path, root: Path, source: str):
    """The chain that takes one saved file to the index."""
    return chain(process_file.s(str(path), str(root), source), index_documents.s())


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
