"""robots.txt, fetched once per host and kept in Redis for all workers."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

import httpx
import redis

from newsflow.fetching.http import Failure, get
from newsflow.settings import Settings

_KEY = "newsflow:robots:{}"


def _robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


def _rules(http: httpx.Client, settings: Settings, store: redis.Redis | None, url: str) -> str:
    robots_url = _robots_url(url)
    key = _KEY.format(robots_url)
    if store is not None and (cached := store.get(key)) is not None:
        return cached
    answer = get(http, settings, robots_url)
    if isinstance(answer, Failure):
        # No robots.txt (4xx) allows everything; a server error forbids for now, as crawlers do.
        rules = "User-agent: *\nDisallow: /\n" if answer.transient else ""
        ttl = 300 if answer.transient else settings.robots_cache_seconds
    else:
        rules, ttl = answer.body.decode("utf-8", errors="replace"), settings.robots_cache_seconds
    if store is not None:
        store.set(key, rules, ex=ttl)
    return rules


def allowed(http: httpx.Client, settings: Settings, store: redis.Redis | None, url: str) -> bool:
    parser = RobotFileParser()
    parser.parse(_rules(http, settings, store, url).splitlines())
    return parser.can_fetch(settings.fetch_user_agent.split("/")[0], url)
