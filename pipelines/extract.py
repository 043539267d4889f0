"""Main text out of a decoded input: trafilatura for HTML, line structure for text dumps."""
from __future__ import annotations

import html as htmllib
import re
from datetime import datetime

import lxml.html
import trafilatura

from pipelines.bylines import Byline, merge, read_byline, read_closing_byline
from pipelines.records import DecodedInput, InputKind, Page, PageMeta
from pipelines.textutil import CHINA_TZ, cjk_count, is_written_text, normalize_spaces, without_spaces

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


_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.I | re.S)
_OG_TITLE = re.compile(r"""<meta[^>]+property=["']og:title["'][^>]*content=["']([^"']+)""", re.I)
_HTML_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)
_HEADLINE_MAX = 80


def _markup_text(fragment: str) -> str:
    return normalize_spaces(htmllib.unescape(_ANY_TAG.sub("", fragment)))


def choose_title(html: str, envelope: str | None, site: str | None) -> str | None:
    """The article's own headline. A page's <h1> is the headline when the <title> or og:title
    repeats it (elsewhere an <h1> is often the site's logo); otherwise og:title, then the <title>
    without the site's name, each cleared of the site name the portal appends."""
    window = html[:300_000]
    titles = [_markup_text(m.group(1)) for m in (_HTML_TITLE.search(window), _OG_TITLE.search(window)) if m]
    titles += [envelope] if envelope else []
    for m in _H1.finditer(window):
        h1 = _markup_text(m.group(1))
        if 4 <= len(h1) <= _HEADLINE_MAX and any(without_spaces(h1) in without_spaces(t) for t in titles):
            return h1
    for candidate in titles:
        if title := _title(candidate, site):
            return title
    return None


# How far from the headline the article's own dateline and byline stand.
_HEAD_LINES = 12
_TAIL_LINES = 4


def _find_line(lines: list[str], key: str, start: int = 0) -> int | None:
    """The first line from ``start`` that holds ``key`` (whitespace ignored). Keys are short:
    the markup may wrap a paragraph over several lines."""
    key = without_spaces(key)
    if not key:
        return None
    return next((i for i in range(start, len(lines)) if key in without_spaces(lines[i])), None)


_KEY_CHARS = 10


def printed_meta(html: str, title: str | None, paragraphs: tuple[str, ...]) -> Byline:
    """The dateline and bylines printed around the article, which the main-text extraction
    leaves out: the lines between the headline and the first paragraph, and the few lines after
    the last paragraph of text ("（责任编辑：X）")."""
    lines = list(_lines(_text_without_tree(html)))
    # The article's text: page tools and link lists the extraction kept around it are no anchor.
    texts = [p for p in paragraphs if is_written_text(p, 20)] or list(paragraphs)
    head = _find_line(lines, title[:_KEY_CHARS * 2]) if title else None
    first = _find_line(lines, texts[0][:_KEY_CHARS], head or 0) if texts else None
    if head is None and first is not None:
        head = max(0, first - _HEAD_LINES)
    found = Byline()
    if head is not None:
        stop = min(len(lines), head + 1 + _HEAD_LINES, first if first is not None and first > head else len(lines))
        for line in lines[head + 1:stop]:
            if byline := read_byline(line):
                found = merge(found, byline)
    last = _find_line(lines, without_spaces(texts[-1])[-_KEY_CHARS:], first or 0) if texts else None
    if last is not None:
        for line in lines[last + 1:last + 1 + _TAIL_LINES]:
            if byline := read_closing_byline(line):
                found = merge(found, Byline(authors=byline.authors, editors=byline.editors))
    return found


def _distrusted(when: datetime | None) -> bool:
    """A date on the first of January at midnight is a site's default (or its copyright year),
    not the day the article went out."""
    return when is not None and (when.month, when.day, when.hour, when.minute) == (1, 1, 0, 0)


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


_OG_SITE = re.compile(r"""<meta[^>]+property=["']og:site_name["'][^>]*content=["']([^"']+)""", re.I)
_META_AUTHOR = re.compile(r"""<meta[^>]+name=["']author["'][^>]*content=["']([^"']+)""", re.I)
_HOST = re.compile(r"^[a-z]+://(?:www\.)?([^/:?#]+)", re.I)
_DATED_LINES = 20
_LINK_TEXT = re.compile(r"<a\b[^>]*>(.*?)</a\s*>", re.I | re.S)
# Most of the page's Chinese text inside links: a list or index page, not an article.
_LINK_HEAVY_SHARE = 0.5


def _link_heavy(html: str) -> bool:
    visible = _INVISIBLE.sub(" ", html)
    total = cjk_count(_ANY_TAG.sub("", visible))
    linked = sum(cjk_count(_ANY_TAG.sub("", m.group(1))) for m in _LINK_TEXT.finditer(visible))
    return total > 0 and linked >= _LINK_HEAVY_SHARE * total


def _metadata_date(html: str, url: str | None) -> datetime | None:
    """htmldate's reading of the page (meta tags, URL, then the text): the date when the page
    prints none with the article. It parses the page again, so it runs only then."""
    from htmldate import find_date

    found = find_date(html, original_date=True, extensive_search=True, url=url,
                      max_date=datetime.now(CHINA_TZ).strftime("%Y-%m-%d"))
    when = _parse_date(found)
    return None if _distrusted(when) else when


def _site_name(html: str, url: str | None) -> str | None:
    if m := _OG_SITE.search(html[:100_000]):
        return _markup_text(m.group(1)) or None
    return m.group(1) if url and (m := _HOST.match(url)) else None


def extract_html(decoded: DecodedInput) -> Page:
    url = decoded.raw.url or decoded.envelope_url
    # Main text only: the headline, dateline and bylines are read below from the page itself,
    # which is cheaper than trafilatura's metadata pass and prefers what is printed.
    found = trafilatura.extract(
        decoded.text,
        output_format="txt",
        with_metadata=False,
        include_comments=False,
        include_tables=True,
        # trafilatura's deduplication remembers segments across every call in the process and
        # drops those seen a few times: a worker lost the paragraphs later pages shared with
        # earlier ones (17 % of the benchmark's HTML paragraphs), and the same page gave other
        # stories in another process. Extraction must depend on the page alone.
        deduplicate=False,
        url=url,
    )
    paragraphs = _lines(_unfold_table_rows(found or ""))
    if not paragraphs:
        return Page(decoded=decoded, paragraphs=_lines(_fallback_text(decoded.text)),
                    meta=PageMeta(title=decoded.envelope_title),
                    flags=decoded.flags | {"extraction_fallback"})
    site = _site_name(decoded.text, url)
    title = choose_title(decoded.text, decoded.envelope_title, site)
    printed = printed_meta(decoded.text, title, paragraphs)
    authors = printed.authors
    if not authors and (m := _META_AUTHOR.search(decoded.text[:100_000])):
        authors = [a.strip() for a in re.split(r"[;；,，]", _markup_text(m.group(1))) if a.strip()]
    published_at, published_source = printed.published_at, "dateline"
    dated_in_text = any((b := read_byline(p)) and b.published_at for p in paragraphs[:_DATED_LINES])
    if published_at is None and not dated_in_text:
        published_at, published_source = _metadata_date(decoded.text, url), "page_metadata"
    meta = PageMeta(
        title=title,
        published_at=published_at,
        published_at_source=published_source if published_at else None,
        publisher=printed.publisher,
        site_name=site,
        authors=tuple(authors),
        editors=tuple(printed.editors),
    )
    flags = decoded.flags | ({"link_heavy"} if _link_heavy(decoded.text) else set())
    return Page(decoded=decoded, paragraphs=paragraphs, meta=meta, flags=flags)


def extract_text(decoded: DecodedInput) -> Page:
    return Page(decoded=decoded, paragraphs=_lines(decoded.text), flags=decoded.flags)


def extract(decoded: DecodedInput) -> Page:
    if decoded.kind is InputKind.HTML:
        return extract_html(decoded)
    return extract_text(decoded)
