"""Who wrote an article and when it was printed, read from the short lines around it.

Portals print the article's own metadata in lines of a few recurring shapes, whatever the site:

- a dateline: "2005-04-05 06:40更新 来源：转载文章", "发布时间：2005-8-12 16:12:21",
  "人民日报 2019年10月08日 第04版", "作者：芊草凡凡 时间：2005-08-22 19:13:18";
- a byline: "记者 尹娟", "作者：罗银胜", "文/刘林源", "光明日报记者 王建宏 张文攀", "蔡雪婧/摄",
  "（本报记者 王燕平）" and "（袁源）" closing an article, "（ 责任编辑：魏喆 ）".

A line is read as one of these only when the labels, names and the date cover it: a sentence that
mentions a reporter ("记者了解到……") is never a byline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from pipelines.textutil import CHINA_TZ, CJK, cjk_count, ends_sentence

_NAME = rf"(?:[{CJK}]{{2,4}}(?:[·•][{CJK}]{{1,8}})?|[A-Za-z][A-Za-z0-9_.-]{{1,19}}(?![=\w]))"
_NAMES = rf"{_NAME}(?:\s*[、，,;；\s]\s*{_NAME})*"
# Characters no name holds: a "name" with one of them is a sentence ("记者了解到", "作者的话").
_NOT_IN_NAME = set("的了是在和与到说为这那个们我你他她它从对被把将就都也还又并及或")
_WRITER_ROLES = "本报记者|特约记者|见习记者|实习记者|记者|通讯员|实习生|撰稿人|撰稿|撰文|作者|文图|文/图|文·图|编译|摄影|发布者|发布人|发帖人|楼主"
_EDITOR_ROLES = "责任编辑|值班编辑|责编|编辑|校对|审核|审校|编审"
# One-character roles ("文/刘林源", "图：X") need their separator: 文化 and 图书 are words.
_ROLE_BEFORE = re.compile(
    rf"(?:(?P<role>{_EDITOR_ROLES}|{_WRITER_ROLES})\s*[:：/|｜]?|(?P<short>文|图|摄|译)\s*[:：/|｜])"
    rf"\s*(?P<names>{_NAMES})(?:\s*(?:报道|整理))?")
# A post's author in a forum or blog: "由X张贴", "X 发表于 2005-9-15", "by X".
_POSTED_BY = re.compile(rf"由\s*(?P<names>{_NAME}?)\s*(?:张贴|发表|发布|发帖)|"
                        rf"(?P<poster>{_NAME})\s*(?:发表于|发布于|写于|posted)")
# "by X" names a post's author only on a line that dates the post ("powered by Discuz!" does not).
_BY = re.compile(rf"(?:\bby|\bBy|\bBY)\s+(?P<by>{_NAME})")
_BRACKETED_NAME = re.compile(rf"[\[【（(]\s*(?P<names>{_NAME})\s*[\]】）)]")
# Words a greedy name would swallow from the label after it ("作者：X 时间：…").
_NOT_NAMES = {"时间", "日期", "来源", "编辑", "作者", "记者", "通讯员", "发布", "更新", "浏览", "阅读", "点击"}
_ROLE_AFTER = re.compile(rf"(?P<names>{_NAMES})\s*[/／]\s*(?P<role>摄|文)(?![{CJK}])|(?P<photo>{_NAME})\s+摄$")
# What else a byline or dateline may hold: the outlet ("光明日报", "顶端新闻·河南商报"), a source,
# counters and the portal's labels around the date.
_SOURCE = re.compile(rf"(?:来源|稿源|出处|转自|来自)\s*[:：]\s*[\[【]?\s*(?P<publisher>[^\s\]】|｜]{{2,30}})\s*[\]】]?")
_LABELS = re.compile(
    r"发布时间|发表时间|更新时间|发布日期|时间|日期|更新|发布|发表|浏览次数|浏览|阅读数|阅读|点击数|点击|人气|"
    r"评论|字号|打印|关闭|分享|收藏|大|中|小|供图|受访者|本报讯|本报|第\s*\d+\s*版|共|篇|次")
_OUTLET = re.compile(rf"[{CJK}·]{{2,12}}(?:日报|晚报|早报|商报|时报|报|新闻网|网|新闻|社|电视台|台)")
_DECORATION = re.compile(r"[□■●◆▲◇○★☆【】\[\]()（）<>《》\"“”'‘’|｜:：/／\\·•@>\-—_=*#\d\s,，.。;；]+")
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)?")
# A dateline names little else: an outlet, a source, a byline, counters.
_DATELINE_MAX_OTHER_CJK = 16
_LINE_MAX = 100


@dataclass
class Byline:
    authors: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    publisher: str | None = None
    published_at: datetime | None = None
    has_time: bool = False

    def __bool__(self) -> bool:
        return bool(self.authors or self.editors or self.published_at)


def _names(names: str) -> list[str]:
    found = [n for n in re.split(r"\s*[、，,;；\s]\s*", names) if n]
    return [n for n in found if not _NOT_IN_NAME.intersection(n) and n not in _NOT_NAMES]


def _date(m: re.Match) -> datetime | None:
    try:
        return datetime(int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"] or 0), int(m["M"] or 0),
                         int(m["S"] or 0), tzinfo=CHINA_TZ)
    except ValueError:
        return None


def _leftover(line: str, spans: list[tuple[int, int]]) -> str:
    kept, at = [], 0
    for start, end in sorted(spans):
        kept.append(line[at:start])
        at = max(at, end)
    kept.append(line[at:])
    rest = _LABELS.sub(" ", "".join(kept))
    return _DECORATION.sub("", rest)


def read_byline(line: str) -> Byline | None:
    """The authors, editors, outlet and date a short metadata line states, or None when the line
    is anything else (a sentence, a headline, a menu)."""
    line = line.strip()
    if not line or len(line) > _LINE_MAX or ends_sentence(line.rstrip("）)】] ")) and cjk_count(line) > 12:
        return None
    found = Byline()
    spans: list[tuple[int, int]] = []
    if m := _DATE.search(line):
        found.published_at = _date(m)
        found.has_time = m["H"] is not None
        spans.append(m.span())
    if m := _SOURCE.search(line):
        found.publisher = m["publisher"]
        spans.append(m.span())
    for m in _ROLE_BEFORE.finditer(line):
        if names := _names(m["names"]):
            editor = m["role"] is not None and re.fullmatch(_EDITOR_ROLES, m["role"])
            (found.editors if editor else found.authors).extend(names)
            spans.append(m.span())
    for pattern in (_POSTED_BY, _ROLE_AFTER, *((_BY,) if found.published_at else ())):
        for m in pattern.finditer(line):
            group = next(g for g in m.groupdict().values() if g)
            if not any(s <= m.start() < e for s, e in spans) and (names := _names(group)):
                found.authors.extend(names)
                spans.append(m.span())
    # "[ 黄宇 ] 来源：[ 国际金融报 ]": a bracketed name opening a line that names a source.
    if found.publisher:
        for m in _BRACKETED_NAME.finditer(line[:12]):
            if not any(s <= m.start() < e for s, e in spans) and (names := _names(m["names"])):
                found.authors.extend(names)
                spans.append(m.span())
    if not found:
        return None
    rest = _leftover(line, spans)
    outlet = _OUTLET.search(rest)
    if outlet and found.publisher is None and found.published_at is not None:
        found.publisher = outlet.group(0)
    if outlet:
        rest = rest.replace(outlet.group(0), "", 1)
    limit = _DATELINE_MAX_OTHER_CJK if found.published_at else 2
    if cjk_count(rest) > limit:
        # "新华日报 2023-01-29 10:22": a dateline whose outlet has no outlet-like ending.
        return None
    found.authors = list(dict.fromkeys(found.authors))
    found.editors = list(dict.fromkeys(e for e in found.editors if e not in found.authors))
    return found


def merge(first: Byline, second: Byline) -> Byline:
    """What two lines say together; the first line's date and outlet win."""
    return Byline(authors=list(dict.fromkeys(first.authors + second.authors)),
                  editors=list(dict.fromkeys(first.editors + second.editors)),
                  publisher=first.publisher or second.publisher,
                  published_at=first.published_at or second.published_at,
                  has_time=first.has_time if first.published_at else second.has_time)


_BARE_NAMES = re.compile(rf"^[（(]\s*(?P<names>{_NAMES})\s*[)）]$")


def read_closing_byline(line: str) -> Byline | None:
    """A closing byline: a byline line, or names alone in brackets ending the article ("（袁源）")."""
    if found := read_byline(line):
        return found
    if (m := _BARE_NAMES.match(line.strip())) and (names := _names(m["names"])):
        if all(cjk_count(n) <= 4 for n in names):
            return Byline(authors=names)
    return None
