"""Remove portal chrome from the paragraphs of a page and lift page metadata out of it.

Chrome is recognised by structure (breadcrumb separators, counters, ICP numbers, copyright and
platform notices, navigation lists of short words) rather than by the seeds' exact strings. Weak
signals such as "a short line without punctuation" are only trusted at the edges of the page,
before the first and after the last paragraph of prose, because that is where chrome lives.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from pipelines.records import Page, PageMeta
from pipelines.textutil import cjk_count, ends_sentence

CHINA_TZ = timezone(timedelta(hours=8))

_BREADCRUMB = re.compile(r"^(?P<first>[^>›»]{1,20}?)\s*[>›»](?:\s*[^>›»]{1,20}\s*[>›»])*\s*[^>›»]{1,30}$")
_COUNTER = re.compile(r"^[\d,.]+\s*[万wWkK]?$")
_SHARE = re.compile(r"^(分享至|分享到|分享|收藏|点赞|评论|举报|打印|关闭|返回顶部|字号[:：]?.{0,8}|【?[大中小]】?)+$")
_LEGAL = re.compile(r"(copyright|©|版权所有|ICP[备证]|公网安备|增值电信业务经营许可证|违法和不良信息举报)", re.I)
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
_EDITOR = re.compile(r"^[(（【\[]?\s*(责任编辑|责编|编辑|审核|校对|值班编辑)\s*[:：]")
_DATELINE = re.compile(
    r"^(?:(?P<publisher>[^\d\s:：|]{2,16})\s+)?"
    r"(?:(?:发布|发表)?(?:时间|日期)[:：]\s*)?"
    r"(?P<y>(?:19|20)\d{2})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?"
    r"(?:\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
    r"(?P<rest>(?:\s+(?:来源|作者|编辑|浏览|阅读)[:：]?\s*\S*)*)\s*$"
)
_REST_SOURCE = re.compile(r"来源[:：]?\s*(\S+)")
_REST_AUTHOR = re.compile(r"作者[:：]?\s*(\S+)")
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


def _parse_dateline(line: str) -> tuple[datetime, str | None] | None:
    m = _DATELINE.match(line)
    if not m:
        return None
    try:
        when = datetime(int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"] or 0), int(m["M"] or 0),
                        int(m["S"] or 0), tzinfo=CHINA_TZ)
    except ValueError:
        return None
    publisher = m["publisher"]
    if m["rest"] and (src := _REST_SOURCE.search(m["rest"])):
        publisher = src.group(1)
    return when, publisher


def _site_from_breadcrumb(line: str) -> str | None:
    first = _BREADCRUMB.match(line)["first"].strip()
    site = re.sub(r"(首页|主页)$", "", first).strip()
    return site or None


def clean(page: Page) -> Page:
    lines = list(page.paragraphs)
    meta = page.meta
    publisher, site_name, published_at = meta.publisher, meta.site_name, meta.published_at
    authors = list(meta.authors)
    flags = set(page.flags)

    # A platform disclaimer ends the article: what follows is the platform's, not the author's.
    for i, line in enumerate(lines):
        if _DISCLAIMER.match(line):
            del lines[i:]
            flags.add("platform_notice_removed")
            break

    kept: list[str] = []
    for line in lines:
        if _BREADCRUMB.match(line) and not ends_sentence(line):
            site_name = site_name or _site_from_breadcrumb(line)
            continue
        if _LEGAL.search(line) and not _is_prose(line):
            if m := _SITE_IN_LEGAL.search(line):
                site_name = site_name or m["site"]
            continue
        if is_strong_chrome(line) or _EDITOR.match(line):
            continue
        if (attribution := _SOURCE_ATTRIBUTION.match(line)) and not _is_prose(line):
            publisher = publisher or attribution["publisher"].strip()
            continue
        if len(line) <= 60 and (dateline := _parse_dateline(line)):
            when, line_publisher = dateline
            # The page's own dateline is more precise than a date-only metadata field.
            if published_at is None or published_at.date() == when.date():
                published_at = when
            publisher = publisher or line_publisher
            if dateline and (a := _REST_AUTHOR.search(line)):
                authors.append(a.group(1))
            continue
        kept.append(line)

    prose_at = [i for i, line in enumerate(kept) if _is_prose(line)]
    if prose_at:
        first, last = prose_at[0], prose_at[-1]
        # Headlines and kickers are short too, so only menus are taken off the head.
        head = [line for line in kept[:first] if not _is_nav_list(line)]
        tail = [line for line in kept[last + 1:] if not is_edge_chrome(line) and ends_sentence(line)]
        kept = head + kept[first:last + 1] + tail
    if len(kept) < len(page.paragraphs):
        flags.add("chrome_removed")

    return page.model_copy(update={
        "paragraphs": tuple(kept),
        "meta": PageMeta(title=meta.title, published_at=published_at, publisher=publisher,
                         site_name=site_name, authors=tuple(authors)),
        "flags": frozenset(flags),
    })
