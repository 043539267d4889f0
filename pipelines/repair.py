"""Repair what print layout and portals did to the text: broken lines, continuation markers,
half-width punctuation inside Chinese sentences."""
from __future__ import annotations

import re

from pipelines.records import Page
from pipelines.textutil import CJK, cjk_count, ends_sentence, is_cjk

_CONTINUATION = re.compile(
    r"\s*[(（]\s*(?:下转|上接|转下|接上|下接|转第|接第)\s*第?\s*[\d一二三四五六七八九十]+\s*版\s*[)）]\s*")
# A paragraph this long that stops mid-sentence was cut by the print layout, not by the author.
_BROKEN_MIN_CJK = 30
_CLAUSE = re.compile(r"[，,、；;：:]")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_HALF_WIDTH = re.compile("[" + re.escape("".join(_HALF_TO_FULL)) + "]")
_OPENERS = "“‘「『（《【"
_CLOSERS = "”’」』）》】"
_PAREN_CJK = re.compile(rf"\(([^()]*[{CJK}][^()]*)\)")


def _chinese_side(char: str, openers: str) -> bool:
    return is_cjk(char) or char in openers


def normalize_punctuation(text: str) -> str:
    text = _PAREN_CJK.sub(r"（\1）", text)
    out: list[str] | None = None
    for m in _HALF_WIDTH.finditer(text):  # only the few half-width marks, not every character
        i = m.start()
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if before.isdigit() and after.isdigit():
            continue  # 1,000 and 10:22 stay as they are
        if _chinese_side(before, _CLOSERS + "）") or _chinese_side(after, _OPENERS):
            out = out or list(text)
            out[i] = _HALF_TO_FULL[m.group()]
    return text if out is None else "".join(out)


def remove_continuations(text: str) -> str:
    return _CONTINUATION.sub("", text)


def _cut_mid_sentence(para: str) -> bool:
    # Headlines are unterminated too, but they have no clause punctuation inside.
    return cjk_count(para) >= _BROKEN_MIN_CJK and not ends_sentence(para) and bool(_CLAUSE.search(para))


def _looks_like_heading(para: str) -> bool:
    return not ends_sentence(para) and cjk_count(para) < _BROKEN_MIN_CJK


def join_broken_lines(paragraphs: list[str]) -> tuple[list[str], bool]:
    joined: list[str] = []
    repaired = False
    for para in paragraphs:
        prev = joined[-1] if joined else ""
        if prev and _cut_mid_sentence(prev) and is_cjk(para[0]) and not _looks_like_heading(para):
            joined[-1] = prev + para
            repaired = True
        else:
            joined.append(para)
    return joined, repaired


def repair(page: Page) -> Page:
    flags = set(page.flags)
    paragraphs = []
    for para in page.paragraphs:
        fixed = remove_continuations(para)
        if fixed != para:
            flags.add("layout_repaired")
        if fixed:
            paragraphs.append(fixed)
    paragraphs, rejoined = join_broken_lines(paragraphs)
    if rejoined:
        flags.add("layout_repaired")
    normalized = [normalize_punctuation(p) for p in paragraphs]
    if normalized != paragraphs:
        flags.add("punctuation_normalized")
    return page.model_copy(update={"paragraphs": tuple(normalized), "flags": frozenset(flags)})
