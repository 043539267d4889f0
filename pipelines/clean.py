"""Remove portal chrome from the paragraphs of a page and lift page metadata out of it.

Chrome is recognised by structure (breadcrumb separators, counters, ICP numbers, copyright and
platform notices, navigation lists of short words) rather than by the seeds' exact strings. Weak
signals such as "a short line without punctuation" are only trusted at the edges of the page,
before the first and after the last paragraph of prose, because that is where chrome lives.
"""
from __future__ import annotations

import re

from pipelines.bylines import Byline, read_byline, read_closing_byline
from pipelines.records import Page
from pipelines.textutil import CHINA_TZ, cjk_count, ends_sentence, is_written_text

_BREADCRUMB = re.compile(r"^(?P<first>[^>›»]{1,20}?)\s*[>›»](?:\s*[^>›»]{1,20}\s*[>›»])*\s*[^>›»]{1,30}$")
_COUNTER = re.compile(r"^[\d,.]+\s*[万wWkK]?$")
_SHARE = re.compile(r"^(分享至|分享到|分享|收藏|点赞|评论|举报|打印|关闭|返回顶部|字号[:：]?.{0,8}|【?[大中小]】?)+$")
_LEGAL = re.compile(r"(copyright|©|版权所有|ICP[备证]|公网安备|增值电信业务经营许可证|违法和不良信息举报)", re.I)
# A government site's footer: who runs the site ("主办单位：…  承办单位：…", 网站标识码).
_SITE_FOOTER = re.compile(r"(主办单位|承办单位|协办单位|网站标识码|技术支持)\s*[:：]")
_DISCLAIMER = re.compile(r"^(特别声明|免责声明|声明[:：]|notice\s*[:：]|disclaimer|本文来自.{0,20}(号|平台)|本文为.{0,10}(号|平台)作者)", re.I)
_ACCESSIBILITY = re.compile(r"(无障碍|关怀版|长者模式|适老化|老年模式|读屏)")
_QR_PROMPT = re.compile(r"(扫一扫|扫码|二维码|手机打开|打开当前页|下载客户端|打开APP|打开app|长按识别|"
                        r"关注我们|点击上方|点击关注|长按关注|设为星标)")
# A row of bracketed page tools: 【打印本页】【关闭窗口】, [纠错] [打印].
_TOOLBAR = re.compile(r"^(?:[【\[][^】\]]{1,16}[】\]]\s*)+$")
# A repost's original headline: metadata about the article, not part of it.
_ORIGINAL_TITLE = re.compile(r"^原标题[:：]")
_AUTHOR_CARD = re.compile(r"(\d+\s*(文章数|关注度|粉丝|获赞|阅读量)|^往期回顾|^全部$|^\+?关注$)")
_SOURCE_ATTRIBUTION = re.compile(r"^[(（]?\s*(来源|稿源|转自|来自)\s*[:：]\s*(?P<publisher>[^)）]{2,40}?)\s*[)）]?$")
_NAV_ITEM = re.compile(r"^\S{1,4}$")
_SITE_IN_LEGAL = re.compile(r"(?P<site>[^\s©:：]{2,20}?)\s*版权所有")

# A prose paragraph: enough Chinese text that it cannot be a label, menu or counter.
_PROSE_MIN_CJK = 25


def _is_prose(line: str) -> bool:
    return cjk_count(line) >= _PROSE_MIN_CJK or (ends_sentence(line) and cjk_count(line) >= 8)


def _is_nav_list(line: str) -> bool:
    items = line.split(" ")
    return len(items) >= 3 and all(_NAV_ITEM.match(item) for item in items)


def is_strong_chrome(line: str) -> bool:
    """Chrome wherever it stands: no article sentence has these shapes."""
    return bool(
        _COUNTER.match(line)
        or _SHARE.match(line)
        or _LEGAL.search(line) and not _is_prose(line)
        or _SITE_FOOTER.search(line) and len(line) <= 80
        or _ACCESSIBILITY.search(line) and len(line) <= 30
        or _QR_PROMPT.search(line) and len(line) <= 30
        or _AUTHOR_CARD.search(line) and len(line) <= 30
        or _BREADCRUMB.match(line) and not ends_sentence(line)
        or _TOOLBAR.match(line)
        or _ORIGINAL_TITLE.match(line) and len(line) <= 60
    )


def is_edge_chrome(line: str) -> bool:
    """Chrome when it stands outside the article: menus and section labels of the portal."""
    return _is_nav_list(line) or (not ends_sentence(line) and cjk_count(line) <= 6 and len(line) <= 12)


def _site_from_breadcrumb(line: str) -> str | None:
    first = _BREADCRUMB.match(line)["first"].strip()
    site = re.sub(r"(首页|主页)$", "", first).strip()
    return site or None


def _post_markers(lines: list[str], bylines: list[Byline | None]) -> list[int]:
    """Lines that head or close one post of a forum thread or blog: a byline or dateline with a
    time of day ("作者：X 时间：2005-08-22 19:13:18", "由X张贴 @ 2005-03-21 01:20:44")."""
    return [i for i, b in enumerate(bylines) if b and b.published_at and b.has_time]


def first_post_end(lines: list[str], bylines: list[Byline | None]) -> int | None:
    """Where the first post ends on a page of several (a thread, a blog's front page, an article
    followed by dated lists): at the first post marker that has prose before it, when the page
    has two markers or more. None for a page of one post."""
    markers = _post_markers(lines, bylines)
    if len(markers) < 2:
        return None
    prose_seen = False
    at = 0
    for marker in markers:
        prose_seen = prose_seen or any(is_written_text(line) for line in lines[at:marker])
        if prose_seen:
            return marker
        at = marker + 1
    return None


def _edges(lines: list[str]) -> tuple[int, int]:
    prose_at = [i for i, line in enumerate(lines) if _is_prose(line)]
    return (prose_at[0], prose_at[-1]) if prose_at else (len(lines), -1)


def clean(page: Page) -> Page:
    lines = list(page.paragraphs)
    meta = page.meta
    publisher, site_name = meta.publisher, meta.site_name
    authors, editors = list(meta.authors), list(meta.editors)
    flags = set(page.flags)

    # A platform disclaimer ends the article: what follows is the platform's, not the author's.
    for i, line in enumerate(lines):
        if _DISCLAIMER.match(line):
            del lines[i:]
            flags.add("platform_notice_removed")
            break

    bylines = [read_byline(line) for line in lines]
    footer: Byline | None = None
    if (end := first_post_end(lines, bylines)) is not None:
        # Where no marker heads the first post, or one with the same time, the marker that ends
        # it is its footer ("由X张贴 @ 2005-03-21 01:20:44"): its author and date are the post's.
        heads = _post_markers(lines[:end], bylines[:end])
        if not heads or bylines[heads[-1]].published_at == bylines[end].published_at:
            footer = bylines[end]
        del lines[end:], bylines[end:]
        flags.add("first_post_only")

    first, last = _edges(lines)
    printed: Byline | None = None
    kept: list[str] = []
    for i, line in enumerate(lines):
        if _BREADCRUMB.match(line) and not ends_sentence(line):
            site_name = site_name or _site_from_breadcrumb(line)
            continue
        if _LEGAL.search(line) and not _is_prose(line):
            if m := _SITE_IN_LEGAL.search(line):
                site_name = site_name or m["site"]
            continue
        if is_strong_chrome(line):
            continue
        if (attribution := _SOURCE_ATTRIBUTION.match(line)) and not _is_prose(line):
            publisher = publisher or attribution["publisher"].strip()
            continue
        byline = bylines[i]
        if byline is None and i > last:
            byline = read_closing_byline(line)
        # A dateline anywhere is the page's; a byline without a date is the article's only at its
        # edges: inside a newspaper page it opens the next story, and the split reads it there.
        if byline and (byline.published_at or i < first or i > last or byline.editors):
            if byline.published_at and printed is None:
                printed = byline
            authors += byline.authors
            editors += byline.editors
            publisher = publisher or byline.publisher
            continue
        kept.append(line)

    if footer:
        printed = printed or footer
        authors += footer.authors
    published_at, published_source = meta.published_at, meta.published_at_source
    if printed and printed.published_at and meta.published_at_source != "dateline":
        # The date printed with the article wins over page metadata that disagrees with it; on the
        # same day, the one that also gives the time.
        same_day = published_at is not None and published_at.date() == printed.published_at.date()
        if not same_day or printed.has_time:
            published_at, published_source = printed.published_at, "dateline"

    first, last = _edges(kept)
    if last >= 0:
        # Headlines and kickers are short too, so only menus are taken off the head.
        head = [line for line in kept[:first] if not _is_nav_list(line)]
        tail = [line for line in kept[last + 1:] if not is_edge_chrome(line) and ends_sentence(line)]
        kept = head + kept[first:last + 1] + tail
    if len(kept) < len(page.paragraphs):
        flags.add("chrome_removed")

    return page.model_copy(update={
        "paragraphs": tuple(kept),
        "meta": meta.model_copy(update={
            "published_at": published_at, "published_at_source": published_source if published_at else None,
            "publisher": publisher, "site_name": site_name,
            "authors": tuple(dict.fromkeys(authors)),
            "editors": tuple(dict.fromkeys(e for e in editors if e not in authors)),
        }),
        "flags": frozenset(flags),
    })
