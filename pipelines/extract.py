"""Main text out of a decoded input: trafilatura for HTML, line structure for text dumps."""
from __future__ import annotations

import json
import re
from datetime import datetime

import lxml.html
import trafilatura

from pipelines.records import DecodedInput, InputKind, Page, PageMeta
from pipelines.textutil import normalize_spaces

_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section", "article")


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in (normalize_spaces(raw) for raw in text.split("\n")) if line)


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _fallback_text(html: str) -> str:
    """Every block's text when trafilatura finds no main content; the cleaning stage judges it."""
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    for block in tree.iter(*_BLOCK_TAGS):
        block.tail = "\n" + (block.tail or "")
    return tree.text_content()


def extract_html(decoded: DecodedInput) -> Page:
    found = trafilatura.extract(
        decoded.text,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=True,
        url=decoded.raw.url,
    )
    if found:
        data = json.loads(found)
        paragraphs = _lines(data.get("text") or "")
        if paragraphs:
            authors = tuple(a.strip() for a in re.split(r"[;；,，]", data.get("author") or "") if a.strip())
            meta = PageMeta(
                title=normalize_spaces(data.get("title") or "") or None,
                published_at=_parse_date(data.get("date")),
                site_name=data.get("sitename") or None,
                authors=authors,
            )
            return Page(decoded=decoded, paragraphs=paragraphs, meta=meta)
    return Page(decoded=decoded, paragraphs=_lines(_fallback_text(decoded.text)),
                flags=frozenset({"extraction_fallback"}))


def extract_text(decoded: DecodedInput) -> Page:
    return Page(decoded=decoded, paragraphs=_lines(decoded.text))


def extract(decoded: DecodedInput) -> Page:
    if decoded.kind is InputKind.HTML:
        return extract_html(decoded)
    return extract_text(decoded)
