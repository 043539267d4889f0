"""Which service a connection failure came from, said in one line a person can act on."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import elastic_transport
import elasticsearch
import kombu.exceptions
import redis.exceptions

from newsflow.settings import Settings


def redacted(url: str) -> str:
    """The URL without its password, fit for a message or a log."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + host))


def _causes(error: BaseException):
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def missing_alias(settings: Settings) -> str:
    """What to say when the index alias the workers write to is not in Elasticsearch."""
    return (f"the index alias '{settings.index_alias}' does not exist in Elasticsearch at "
            f"{redacted(settings.es_url)}: run `newsflow setup`, or check NEWSFLOW_INDEX_ALIAS and NEWSFLOW_ES_URL.")


def describe(error: BaseException, settings: Settings) -> str | None:
    """A message naming the unreachable service behind ``error`` (or anything in its chain of
    causes), or None when the error is something else."""
    es = redacted(settings.es_url)
    for cause in _causes(error):
        if isinstance(cause, (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError,
                              kombu.exceptions.OperationalError)):
            return (f"Redis at {redacted(settings.redis_url)} does not answer ({cause}). "
                    "Start it (newsflow stack up, or docker compose up -d redis) or set NEWSFLOW_REDIS_URL.")
        if isinstance(cause, elastic_transport.ConnectionTimeout):
            return (f"Elasticsearch at {es} did not answer within {settings.es_request_timeout:.0f}s "
                    "(hung or overloaded; NEWSFLOW_COMMAND_TIMEOUT).")
        if isinstance(cause, elastic_transport.ConnectionError):
            return (f"Elasticsearch at {es} does not answer ({cause.message}). "
                    "Start it (newsflow stack up, or docker compose up -d elasticsearch) or set NEWSFLOW_ES_URL.")
        if isinstance(cause, elasticsearch.UnsupportedProductError):
            return f"{es} is not Elasticsearch ({cause.message}): check NEWSFLOW_ES_URL."
        if isinstance(cause, elasticsearch.AuthenticationException):
            return f"Elasticsearch at {es} refused the credentials: check NEWSFLOW_ES_USERNAME and NEWSFLOW_ES_PASSWORD."
        if isinstance(cause, elasticsearch.NotFoundError) and "index_not_found" in str(cause):
            return missing_alias(settings)
        if isinstance(cause, elastic_transport.SerializationError):
            return f"{es} answered with something that is not Elasticsearch's JSON: check NEWSFLOW_ES_URL."
    return None
