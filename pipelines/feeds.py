"""RSS 0.9x/2.0, Atom and RDF feeds to the article links they list. A malformed feed yields what
can be read, with the parser's complaint kept as the error."""
from __future__ import annotations

from urllib.parse import urljoin

import feedparser

from pipelines.records import Frozen


class FeedEntry(Frozen):
    url: str
    title: str | None = None
    published: str | None = None


class FeedResult(Frozen):
    entries: list[FeedEntry]
    error: str | None = None
    is_feed: bool = True


def parse_feed(data: bytes, base_url: str, content_type: str | None = None) -> FeedResult:
    # feedparser never fetches here: it is given bytes, and resolves relative links itself.
    parsed = feedparser.parse(data, response_headers={"content-location": base_url,
                                                      "content-type": content_type or "application/xml"})
    entries = []
    for entry in parsed.entries:
        link = entry.get("link") or next((l.get("href") for l in entry.get("links", []) if l.get("href")), None)
        if link:
            entries.append(FeedEntry(url=urljoin(base_url, link), title=entry.get("title"),
                                     published=entry.get("published") or entry.get("updated")))
    error = None
    if parsed.get("bozo"):
        error = f"malformed feed: {parsed.get('bozo_exception')}"
    is_feed = bool(parsed.get("version")) or bool(entries)
    return FeedResult(entries=entries, error=error, is_feed=is_feed)
