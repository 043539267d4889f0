"""One HTTP GET under the fetch policy: size and time limits, a redirect limit with every hop
checked, conditional requests, and an answer that says whether trying again can help."""
from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from newsflow.fetching.netsafety import Refused, check_url
from newsflow.settings import Settings

_REDIRECTS = {301, 302, 303, 307, 308}
_TRANSIENT = {408, 425, 429, 500, 502, 503, 504}


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Failure:
    url: str
    reason: str
    transient: bool  # a timeout or a 5xx: worth retrying; a 4xx or a refusal: not
    retry_after: float | None = None
    status: int | None = None
    code: str = "host_unavailable"  # pipelines.failures


@dataclass
class Validators:
    """What a conditional GET sends back: the ETag and Last-Modified of the last answer."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        sent = {}
        if self.etag:
            sent["If-None-Match"] = self.etag
        if self.last_modified:
            sent["If-Modified-Since"] = self.last_modified
        return sent


def retry_after_seconds(value: str | None, cap: float) -> float | None:
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        when = email.utils.parsedate_to_datetime(value)
        if when is None:
            return None
        seconds = when.timestamp() - time.time()
    return max(0.0, min(seconds, cap))


def client(settings: Settings) -> httpx.Client:
    timeout = httpx.Timeout(settings.fetch_read_timeout, connect=settings.fetch_connect_timeout)
    return httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                        headers={"User-Agent": settings.fetch_user_agent, "Accept-Encoding": "gzip, deflate"})


def get(http: httpx.Client, settings: Settings, url: str, validators: Validators | None = None
        ) -> Response | Failure:
    headers = validators.headers() if validators else {}
    for _ in range(settings.fetch_max_redirects + 1):
        try:
            check_url(url, settings.fetch_allowed_networks)
        except Refused as refused:
            return Failure(url, str(refused), transient=False, code="fetch_refused")
        try:
            with http.stream("GET", url, headers=headers) as answer:
                if answer.status_code in _REDIRECTS and "location" in answer.headers:
                    url = urljoin(url, answer.headers["location"])
                    continue
                body = bytearray()
                # Counted after decompression, so a small gzip bomb is cut off like a big page.
                for chunk in answer.iter_bytes():
                    body += chunk
                    if len(body) > settings.fetch_max_bytes:
                        return Failure(url, f"body larger than {settings.fetch_max_bytes} bytes", transient=False, code="fetch_too_large",
                                       status=answer.status_code)
                kept = {k.lower(): v for k, v in answer.headers.items()}
                if answer.status_code in _TRANSIENT:
                    return Failure(url, f"HTTP {answer.status_code}", transient=True, status=answer.status_code, code="host_unavailable",
                                   retry_after=retry_after_seconds(kept.get("retry-after"),
                                                                   settings.fetch_retry_after_max))
                if answer.status_code >= 400:
                    return Failure(url, f"HTTP {answer.status_code}", transient=False, status=answer.status_code, code="http_error")
                return Response(str(answer.url), answer.status_code, kept, bytes(body))
        except httpx.TimeoutException as err:
            return Failure(url, f"timeout: {type(err).__name__}", transient=True, code="host_unavailable")
        except httpx.TransportError as err:
            return Failure(url, f"connection failed: {err}", transient=True, code="host_unavailable")
        except httpx.DecodingError as err:
            return Failure(url, f"undecodable content encoding: {err}", transient=False, code="bad_response")
    return Failure(url, f"more than {settings.fetch_max_redirects} redirects", transient=False, code="bad_response")
