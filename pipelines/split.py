"""Split a page into stories: a newspaper page holds several, a portal article holds one.

A story starts at a headline block (one or more short unterminated lines) unless the block is a
section heading inside the current story ("南京：打响发令枪", "健康路街道 打造新地标"). A block of
several lines (kicker, title, subtitle) or a byline right after the block always starts a story.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.records import Page, Story
from pipelines.textutil import cjk_count, ends_sentence

_HEADLINE_MAX_CJK = 40
_NAME = r"[\u4e00-\u9fff]{2,4}"
_NAMES = rf"{_NAME}(?:[ 、，,]+{_NAME})*"
_BYLINE_LINE = re.compile(rf"^(?:本报|特约|实习)?(?:记者|通讯员|实习生|摄影|撰稿|文|图)[ /:：]*(?P<names>{_NAMES})$")
_NAMES_LINE = re.compile(rf"^{_NAME}(?: +{_NAME})+$")
_LEADING_BYLINE = re.compile(
    rf"^(?:本报讯|本报[\u4e00-\u9fff]{{2,4}}电|[\u4e00-\u9fff]{{2,6}}讯)?\s*"
    rf"[（(](?:(?:本报)?(?:记者|通讯员)\s*)?(?P<names>{_NAMES}(?:\s*(?:记者|通讯员)\s*{_NAMES})*)[)）]\s*"
)
_AGENCY_LEAD = re.compile(r"^(?:本报讯|本报[\u4e00-\u9fff]{2,4}电)\s*")
# "南京：打响……", "健康路街道 打造……", "象山街道（大禹山） 勇当……": a short name, then the theme.
_SECTION = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,8})(?:（[^）]{1,10}）)?(?:[：:]| +)\S")
# A kicker line: a unit's name alone ("镇江经开区", "各街道") or a speaker's lead ("…上强调").
_LABEL = re.compile(r"^[\u4e00-\u9fff]{2,6}$|(?:强调|指出|表示|要求|提出|宣布|寄语)$")


def is_headline(para: str) -> bool:
    return not ends_sentence(para) and "。" not in para and cjk_count(para) <= _HEADLINE_MAX_CJK


def split_names(names: str) -> list[str]:
    return [n for n in re.split(r"[ 、，,]+|记者|通讯员", names) if n]


def take_leading_byline(para: str) -> tuple[list[str], str]:
    if m := _LEADING_BYLINE.match(para):
        return split_names(m["names"]), para[m.end():]
    if m := _AGENCY_LEAD.match(para):
        return [], para[m.end():]
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
    """Newspaper headline blocks run kicker, title, subtitle. The title follows the last kicker
    line; without a recognisable kicker it is the longest line."""
    labels = [i for i, line in enumerate(lines[:-1]) if _LABEL.search(line)]
    if labels:
        return labels[-1] + 1
    return max(range(len(lines)), key=lambda i: cjk_count(lines[i]))


def _names_elsewhere(heading: str, section_text: str) -> bool:
    """True when a section heading names a place its own text never mentions ("淮安：…" over a
    section about 姜堰). Any two characters of the name found in the text count as a mention,
    so "无锡宜兴" matches a text about 宜兴."""
    m = _SECTION.match(heading)
    if not m or not section_text:
        return False
    name = m["name"]
    return not any(name[i:i + 2] in section_text for i in range(len(name) - 1))


def split(page: Page) -> list[Story]:
    paras = list(page.paragraphs)
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
    stories = [_to_story(0, d) for d in drafts]
    return [s.model_copy(update={"index": n}) for n, s in enumerate(s for s in stories if s.paragraphs)]
