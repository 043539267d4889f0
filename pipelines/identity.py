"""Deterministic document ids: a replay or a retried task overwrites, never duplicates.

A web page is keyed by its canonical URL, whichever source found it; a saved file by its source
and its path inside that source's folder."""
from __future__ import annotations

from hashlib import sha256
from urllib.parse import urlsplit, urlunsplit

from pipelines.records import RawInput


def canonical_url(url: str) -> str:
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def parent_id(source: str, source_key: str) -> str:
    return sha256(f"{source}\n{source_key}".encode("utf-8")).hexdigest()[:20]


def page_id(raw: RawInput) -> str:
    return input_page_id(raw.source, raw.source_key, raw.url)


def input_page_id(source: str, source_key: str, url: str | None = None) -> str:
    """The parent id the stories of an input have (or had), whether it was read this time or not."""
    if url:
        return parent_id("url", canonical_url(url))
    return parent_id(source, source_key)


def story_id(parent: str, story_index: int) -> str:
    return f"{parent}-{story_index}"
