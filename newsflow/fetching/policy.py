"""The fetch policy every fetch goes through, from a worker or from `newsflow process URL`:
URL safety, robots.txt, per-host limits, conditional GET with the last validators, and
"unchanged" for a body already seen."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import httpx
import redis

from newsflow.fetching import robots
from newsflow.fetching.host_limits import HostLimits
from newsflow.fetching.http import Failure, Response, Validators, get
from newsflow.settings import Settings

_SEEN = "newsflow:seen-url:{}"


@dataclass(frozen=True)
class Wait:
    """The host's limits say not yet: try again in this many seconds."""

    seconds: float


@dataclass(frozen=True)
class Unchanged:
    """304 Not Modified, or a body identical to the last one fetched from this URL."""

    url: str
    status: int


class Policy:
    def __init__(self, settings: Settings, http: httpx.Client, store: redis.Redis | None):
        self.settings = settings
        self.http = http
        self.store = store
        self.limits = HostLimits(store, settings.host_requests_per_second, settings.host_concurrency) if store else None

    def _seen(self, url: str) -> dict:
        if self.store is None:
            return {}
        raw = self.store.get(_SEEN.format(url))
        return json.loads(raw) if raw else {}

    def _remember(self, url: str, response: Response, sha: str) -> None:
        if self.store is not None:
            self.store.set(_SEEN.format(url), json.dumps({"etag": response.headers.get("etag"),
                                                          "last_modified": response.headers.get("last-modified"),
                                                          "sha256": sha}))

    def fetch(self, url: str, conditional: bool = True) -> Response | Failure | Wait | Unchanged:
        if not robots.allowed(self.http, self.settings, self.store, url):
            return Failure(url, "forbidden by robots.txt", transient=False, code="fetch_refused")
        if self.limits and (wait := self.limits.try_acquire(url)) > 0:
            return Wait(wait)
        seen = self._seen(url) if conditional else {}
        try:
            answer = get(self.http, self.settings, url,
                         Validators(seen.get("etag"), seen.get("last_modified")) if seen else None)
        finally:
            if self.limits:
                self.limits.release(url)
        if isinstance(answer, Failure):
            return answer
        if answer.status == 304:
            return Unchanged(url, 304)
        if not conditional:
            return answer  # a one-off fetch (`newsflow process URL`) leaves the workers' state alone
        sha = hashlib.sha256(answer.body).hexdigest()
        unchanged = seen.get("sha256") == sha
        self._remember(url, answer, sha)
        return Unchanged(url, answer.status) if unchanged else answer
