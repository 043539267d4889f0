"""Indexing alongside processing: stories go to Elasticsearch a group at a time on the process's
indexing thread, so Elasticsearch works on one group while the process makes the next. Used by
the processing tasks, and by the benchmark's in-process run with the index stage."""
from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future

from newsflow import search_index
from newsflow.clients import elasticsearch, indexing_thread, redis_client
from newsflow.search_index import BulkOutcome
from newsflow.settings import get_settings
from pipelines.records import Document


def index_later(documents: list[Document]) -> Future[BulkOutcome]:
    """One bulk request for ``documents``, sent on the indexing thread."""
    return indexing_thread().submit(search_index.bulk_index, elasticsearch(), redis_client(), get_settings(), documents)


def index_in_groups(documents: Iterable[Document], size: int) -> list[Future[BulkOutcome]]:
    """Send ``documents`` in groups of ``size`` as they are made (the iterable is consumed lazily,
    so the pipeline runs between sends); the last group may be smaller."""
    pending: list[Future[BulkOutcome]] = []
    group: list[Document] = []
    for document in documents:
        group.append(document)
        if len(group) >= size:
            pending.append(index_later(group))
            group = []
    if group:
        pending.append(index_later(group))
    return pending
