"""Service clients, made lazily and once per process: never at import time, so importing a
module (or forking a worker) opens no connection."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import redis
from elasticsearch import Elasticsearch
from elasticsearch.serializer import OrjsonSerializer

from newsflow.settings import get_settings


@lru_cache(maxsize=1)
def elasticsearch() -> Elasticsearch:
    s = get_settings()
    auth = None
    if s.es_username and s.es_password:
        auth = (s.es_username, s.es_password.get_secret_value())
    return Elasticsearch(s.es_url, basic_auth=auth, ca_certs=str(s.es_ca_certs) if s.es_ca_certs else None,
                         request_timeout=s.es_request_timeout,
                         retry_on_timeout=True, max_retries=s.es_max_retries,
                         serializer=OrjsonSerializer())  # a third of the json module's cost per document


@lru_cache(maxsize=1)
def redis_client() -> redis.Redis:
    s = get_settings()
    # A hung Redis is an error after a while, not a wait for ever.
    return redis.Redis.from_url(s.redis_url, decode_responses=True, socket_connect_timeout=min(10.0, s.redis_socket_timeout),
                                socket_timeout=s.redis_socket_timeout)


@lru_cache(maxsize=1)
def indexing_thread() -> ThreadPoolExecutor:
    """One thread per process that sends bulk requests while the process runs the pipeline on
    the next stories. One, so a process's requests reach Elasticsearch in the order made."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsflow-index")


def reset() -> None:
    """Forget the clients, e.g. after settings changed in a test or after a fork (a forked
    child has a copy of the indexing thread's pool but not its thread)."""
    elasticsearch.cache_clear()
    redis_client.cache_clear()
    indexing_thread.cache_clear()
