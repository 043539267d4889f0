"""Split a page into stories: a newspaper page holds several, almost every other page one.

First the page's kind is decided. A page is a newspaper page of several stories only on strong
evidence: two stories or more that each open with their own byline (a byline line under the
headline, "本报讯", "本报北京10月7日电（记者 X）", "（贡雨家）"). Any other page is one article:
its headline block gives the title, and every later headline block is a section heading inside it
(intertitles, numbered headings, table rows, lines of a blog written line by line), never a new
story.

On a newspaper page a story starts at a headline block (one or more short unterminated lines)
unless the block is a section heading inside the current story ("南京：打响发令枪", "健康路街道
打造新地标"). A block of several lines (kicker, title, subtitle) or a byline right after the block
always starts a story.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.bylines import read_byline
from pipelines.gazetteer import gazetteer
from pipelines.records import InputKind, Page, Story
from pipelines.textutil import CLOSERS, cjk_count, ends_sentence, is_written_text, without_spaces

_HEADLINE_MAX_CJK = 40
_NAME = r"[\u4e00-\u9fff]{2,4}"
_NAMES = rf"{_NAME}(?:[ 、，,]+{_NAME})*"
_BYLINE_LINE = re.compile(rf"^(?:本报|特约|实习)?(?:记者|通讯员|实习生|摄影|撰稿|文|图)[ /:：]*(?P<names>{_NAMES})$")
_NAMES_LINE = re.compile(rf"^{_NAME}(?: +{_NAME})+$")
# A dispatch line opening a story: "本报讯", "本报北京10月7日电", "新华社拉萨电", "据中新网3月2日电".
_OUTLET = r"(?:本报|新华社|中新社|[\u4e00-\u9fff]{2,8}?(?:日报|晚报|报|网|社|台))"
_DISPATCH = (rf"(?:据)?(?:本报讯|{_OUTLET}[\u4e00-\u9fff]{{0,8}}?(?:\d{{1,2}}月\d{{1,2}}日)?电|"
             rf"[\u4e00-\u9fff]{{2,6}}讯)")
_ROLE = r"(?:本报|新华社|特约|见习|实习)?(?:记者|通讯员|实习生)"
_LEADING_BYLINE = re.compile(
    rf"^(?:{_DISPATCH})?\s*"
    rf"[（(](?:{_ROLE}\s*)?(?P<names>{_NAMES}(?:\s*{_ROLE}\s*{_NAMES})*)(?:报道|整理)?[)）]\s*"
)
_AGENCY_LEAD = re.compile(rf"^{_DISPATCH}\s*")
# "南京：打响……", "健康路街道 打造……", "象山街道（大禹山） 勇当……": a short name, then the theme.
_SECTION = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,8})(?:（[^）]{1,10}）)?(?:[：:]| +)\S")
# A subtitle line opens with a dash ("——燃旺创新之火").
_SUBTITLE = re.compile(r"^\s*(?:——|—|--|－－)")
# A kicker line: a unit's name alone ("镇江经开区", "各街道") or a speaker's lead ("…上强调").
_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,6}$|(?:强调|指出|表示|要求|提出|宣布|寄语)$")


_QUESTION_HEADLINE_MAX_CJK = 30


def is_headline(para: str) -> bool:
    """A short line that is not a sentence; a headline may end in ？ or ！ ("谁来为无序拆房“埋单”？")
    when no comma or full stop inside makes it a sentence."""
    if "。" in para or cjk_count(para) > _HEADLINE_MAX_CJK:
        return False
    if not ends_sentence(para):
        return True
    return para.rstrip(CLOSERS)[-1] in "？！?!" and "，" not in para and cjk_count(para) <= _QUESTION_HEADLINE_MAX_CJK


def split_names(names: str) -> list[str]:
    return [n for n in re.split(r"[ 、，,]+|(?:本报|新华社|特约|见习|实习)?(?:记者|通讯员|实习生)", names) if n]


def take_leading_byline(para: str) -> tuple[list[str], str]:
    if m := _LEADING_BYLINE.match(para):
        return split_names(m["names"]), para[m.end():]
    if m := _AGENCY_LEAD.match(para):
        return [], para[m.end():]
    return [], para


# "……。（本报记者 张三）", "……。（袁源）": names in brackets after the article's last sentence.
_CLOSING_BYLINE = re.compile(
    rf"(?:^|(?<=[。！？”…]))\s*[（(]\s*(?:{_ROLE}\s*)?(?P<names>{_NAMES}(?:\s*{_ROLE}\s*{_NAMES})*)"
    rf"\s*(?:报道|整理)?\s*[)）]\s*$")
_NOT_A_BYLINE = {"待续", "未完", "全文完", "续完", "完", "图", "摄", "注", "上", "下", "节选", "摘编"}


def take_closing_byline(para: str) -> tuple[list[str], str]:
    """A closing byline at the end of the last paragraph: the names, and the text without them."""
    if (m := _CLOSING_BYLINE.search(para)) and not _NOT_A_BYLINE.intersection(split_names(m["names"])):
        return split_names(m["names"]), para[:m.start()].rstrip()
    return [], para


@dataclass
class _Block:
    headlines: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)

    def add(self, line: str) -> None:
        if m := _BYLINE_LINE.match(line):
            self.authors += split_names(m["names"])
        elif self.authors and _NAMES_LINE.match(line):
            self.authors += line.split()
        else:
            self.headlines.append(line)


@dataclass
class _Draft:
    block: _Block
    paragraphs: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def _starts_story(block: _Block, next_para: str | None, current: _Draft | None) -> bool:
    if current is None or len(block.headlines) != 1 or block.authors:
        return True
    if next_para is not None and _LEADING_BYLINE.match(next_para):
        return True
    return not _SECTION.match(block.headlines[0])


def _to_story(index: int, draft: _Draft) -> Story:
    lines = draft.block.headlines
    authors = list(draft.block.authors)
    paragraphs = list(draft.paragraphs)
    if paragraphs:
        lead_authors, first = take_leading_byline(paragraphs[0])
        authors += lead_authors
        paragraphs[0] = first.strip()
        paragraphs = [p for p in paragraphs if p]
    title = kicker = subtitle = None
    if lines:
        at = _title_position(lines)
        title = lines[at]
        kicker = " ".join(lines[:at]) or None
        subtitle = " ".join(lines[at + 1:]) or None
    return Story(index=index, title=title, kicker=kicker, subtitle=subtitle,
                 authors=tuple(dict.fromkeys(authors)), paragraphs=tuple(paragraphs),
                 sections=tuple(draft.sections), flags=frozenset(draft.flags))


def _title_position(lines: list[str]) -> int:
    """Newspaper headline blocks run kicker (引题), title, subtitle (副题). The title follows the
    last kicker line; a subtitle, which opens with a dash ("——燃旺创新之火"), stands right under
    the title; otherwise the longest line is."""
    labels = [i for i, line in enumerate(lines[:-1]) if _LABEL.search(line)]
    if labels:
        return labels[-1] + 1
    dashed = [i for i, line in enumerate(lines) if _SUBTITLE.match(line)]
    if dashed and dashed[0] > 0:
        return dashed[0] - 1  # the subtitle stands right under the title
    undashed = [i for i, line in enumerate(lines) if not _SUBTITLE.match(line)] or list(range(len(lines)))
    return max(undashed, key=lambda i: cjk_count(lines[i]))


def _names_elsewhere(heading: str, section_text: str) -> bool:
    """True when a section heading names a place its own text never mentions ("淮安：…" over a
    section about 姜堰). Any two characters of the name found in the text count as a mention,
    so "无锡宜兴" matches a text about 宜兴."""
    m = _SECTION.match(heading)
    if not m or not section_text:
        return False
    name = m["name"]
    return not any(name[i:i + 2] in section_text for i in range(len(name) - 1))


# A list or index page: many headline-sized lines and not one paragraph of written text.
_LIST_MIN_LINES = 6
_LIST_HEADLINE_SHARE = 0.6


def is_list_page(paragraphs: tuple[str, ...]) -> bool:
    """Headlines only: no paragraph of written text (textutil.is_written_text), and most lines are headline-sized (8 to 40 characters). A blog written
    line by line looks the same, so a page is a list only when its text is mostly links too."""
    if len(paragraphs) < _LIST_MIN_LINES:
        return False
    if any(is_written_text(p) for p in paragraphs):
        return False
    headline_sized = sum(8 <= cjk_count(p) <= _HEADLINE_MAX_CJK and not ends_sentence(p) for p in paragraphs)
    return headline_sized >= _LIST_HEADLINE_SHARE * len(paragraphs)


def _has_own_byline(draft: _Draft) -> bool:
    if draft.block.authors:
        return True
    first = draft.paragraphs[0] if draft.paragraphs else ""
    return bool(_LEADING_BYLINE.match(first) or _AGENCY_LEAD.match(first))


def is_multi_story(drafts: list[_Draft]) -> bool:
    """A newspaper page: two stories or more open with a byline of their own."""
    return sum(_has_own_byline(d) for d in drafts) >= 2


def _same_headline(line: str, title: str) -> bool:
    a, b = without_spaces(line), without_spaces(title)
    return bool(a) and bool(b) and (a == b or len(a) >= 4 and (a in b or b in a))


def single_story(page: Page) -> Story:
    """The page as one article: its leading headline block gives title, kicker and subtitle, and
    every later headline block is a section heading inside the body."""
    paras = list(page.paragraphs)
    block, i = _Block(), 0
    # A short first paragraph that opens with a dispatch ("本报北京8月16日电（记者 X）个人简介：")
    # is the text's start, not a headline line.
    while i < len(paras) and is_headline(paras[i]) and not _LEADING_BYLINE.match(paras[i]):
        block.add(paras[i])
        i += 1
    body = paras[i:]
    lines = block.headlines
    title = kicker = subtitle = None
    page_title = page.meta.title
    if not body:
        body, lines = lines, []  # a page of short lines only: they are its text
    at = next((k for k, line in enumerate(lines) if page_title and _same_headline(line, page_title)), None)
    if page_title and at is None:
        title = page_title
        body = lines + body  # lines above the text that are not the headline: keep them as text
    elif lines:
        at = _title_position(lines) if at is None else at
        title = page_title if page_title and without_spaces(page_title) == without_spaces(lines[at]) else lines[at]
        # Above an HTML page's headline stands the portal's chrome, not a kicker.
        kicker = " ".join(lines[:at]) or None if page.decoded.kind is InputKind.TEXT else None
        subtitle = " ".join(lines[at + 1:]) or None
    authors = list(block.authors)
    if body:
        lead_authors, first = take_leading_byline(body[0])
        authors += lead_authors
        body = [first.strip(), *body[1:]] if first.strip() else body[1:]
    if body:
        closing_authors, last = take_closing_byline(body[-1])
        authors += closing_authors
        body = [*body[:-1], last] if last else body[:-1]
    # On a page of one article every byline line is that article's, wherever it stands.
    text = []
    for para in body:
        byline = read_byline(para) if is_headline(para) else None
        if byline and byline.authors and not byline.published_at:
            authors += byline.authors
        else:
            text.append(para)
    body = text
    flags = {"single_article"}
    sections = []
    for k, para in enumerate(body[1:], start=1):
        if not is_headline(para) or _BYLINE_LINE.match(para):
            continue
        sections.append(para)
        end = next((j for j in range(k + 1, len(body)) if is_headline(body[j])), len(body))
        if _names_place_elsewhere(para, "".join(body[k + 1:end])):
            flags.add("heading_place_mismatch")
    return Story(index=0, title=title, kicker=kicker, subtitle=subtitle,
                 authors=tuple(dict.fromkeys(authors)), paragraphs=tuple(body),
                 sections=tuple(sections), flags=frozenset(flags))


def _names_place_elsewhere(heading: str, section_text: str) -> bool:
    """A section heading that names a known place its text never mentions: only a division name
    counts, so a speaker label or an intertitle ("记者：", "一、总体要求") is never flagged."""
    m = _SECTION.match(heading)
    return bool(m) and bool(gazetteer().lookup(m["name"])) and _names_elsewhere(heading, section_text)


def split(page: Page) -> list[Story]:
    drafts = _drafts(list(page.paragraphs))
    if not is_multi_story(drafts):
        story = single_story(page)
        return [story] if story.paragraphs else []
    stories = [_to_story(0, d) for d in drafts]
    return [s.model_copy(update={"index": n}, deep=False)
            for n, s in enumerate(s for s in stories if s.paragraphs)]


def _drafts(paras: list[str]) -> list[_Draft]:
    """Stories as a newspaper page would hold them; headlines with no text after them are the
    page's, not a story's."""
    drafts: list[_Draft] = []
    current: _Draft | None = None
    i = 0
    while i < len(paras):
        if not is_headline(paras[i]):
            if current is None:
                current = _Draft(_Block())
                drafts.append(current)
            current.paragraphs.append(paras[i])
            i += 1
            continue
        block = _Block()
        while i < len(paras) and is_headline(paras[i]):
            block.add(paras[i])
            i += 1
        next_para = paras[i] if i < len(paras) else None
        if next_para is None:
            break  # headlines with no text after them are the page's, not a story's
        if _starts_story(block, next_para, current):
            current = _Draft(block)
            drafts.append(current)
        else:
            heading = block.headlines[0]
            current.paragraphs.append(heading)
            current.sections.append(heading)
            section_end = next((j for j in range(i, len(paras)) if is_headline(paras[j])), len(paras))
            if _names_elsewhere(heading, "".join(paras[i:section_end])):
                current.flags.add("heading_place_mismatch")
    return drafts
