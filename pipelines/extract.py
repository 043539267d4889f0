"""Main text out of a decoded input: trafilatura for HTML, line structure for text dumps."""
from __future__ import annotations

import html as htmllib
import json
import re
from datetime import datetime

import lxml.html
import trafilatura

from pipelines.clean import CHINA_TZ
from pipelines.records import DecodedInput, InputKind, Page, PageMeta
from pipelines.textutil import normalize_spaces

_TITLE_SEPARATOR = re.compile(r"\s[-|｜—]\s|_|｜")
_SITE_SUFFIX = re.compile(r"(网|报|新闻|频道|首页|客户端|门户)$")
_BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section", "article")


_TABLE_ROW = re.compile(r"^\|(.*)\|$")
_MENU_CELL_MAX = 8


def _unfold_table_rows(text: str) -> str:
    """trafilatura renders table layouts (common on government sites) as "| a | b |" rows. A row
    of short cells is a menu and becomes one line the clean-up recognises as such; any other
    row gives one line per cell."""
    lines = []
    for line in text.split("\n"):
        row = _TABLE_ROW.match(line.strip())
        if not row:
            lines.append(line)
            continue
        cells = [c.strip() for c in row.group(1).split("|") if c.strip()]
        if len(cells) >= 3 and all(len(c) <= _MENU_CELL_MAX for c in cells):
            lines.append(" ".join(cells))
        else:
            lines.extend(cells)
    return "\n".join(lines)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line for line in (normalize_spaces(raw) for raw in text.split("\n")) if line)


def _parse_date(value: str | None) -> datetime | None:
    """trafilatura gives a date without a zone; Chinese portals publish in Beijing time."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=CHINA_TZ)


def _title(title: str | None, site: str | None) -> str | None:
    """Portals append their name to the page title ("标题_镇江新闻网", "标题 - 新华网")."""
    if not title:
        return None
    parts = [p.strip() for p in _TITLE_SEPARATOR.split(normalize_spaces(title)) if p.strip()]
    parts = [p for p in parts if p != site and not _SITE_SUFFIX.search(p)] or parts
    return max(parts, key=len)


_INVISIBLE = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BLOCK_TAG = re.compile(rf"</?(?:{'|'.join(_BLOCK_TAGS)})\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")


def _text_without_tree(html: str) -> str:
    """Tag-stripped text for markup libxml2 will not build a tree of (thousands of nested
    elements): blocks become lines, everything else is dropped, entities are decoded once."""
    text = _BLOCK_TAG.sub("\n", _INVISIBLE.sub(" ", html))
    return htmllib.unescape(_ANY_TAG.sub("", text))


def _fallback_text(html: str) -> str:
    """Every block's text when trafilatura finds no main content; the cleaning stage judges it."""
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return _text_without_tree(html)
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    for block in tree.iter(*_BLOCK_TAGS):
        block.tail = "\n" + (block.tail or "")
    text = tree.text_content()
    return text if text.strip() else _text_without_tree(html)


def extract_html(decoded: DecodedInput) -> Page:
    found = trafilatura.extract(
        decoded.text,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        # trafilatura's deduplication remembers segments across every call in the process and
        # drops those seen a few times: a worker lost the paragraphs later pages shared with
        # earlier ones (17 % of the benchmark's HTML paragraphs), and the same page gave other
        # stories in another process. Extraction must depend on the page alone.
        deduplicate=False,
        url=decoded.raw.url,
    )
    if found:
        data = json.loads(found)
        paragraphs = _lines(_unfold_table_rows(data.get("text") or ""))
        if paragraphs:
            authors = tuple(a.strip() for a in re.split(r"[;；,，]", data.get("author") or "") if a.strip())
            site = data.get("sitename") or data.get("source-hostname") or None
            meta = PageMeta(
                title=_title(data.get("title"), site),
                published_at=_parse_date(data.get("date")),
                site_name=site,
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
