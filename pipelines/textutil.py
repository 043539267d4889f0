"""Character classes and small text helpers shared by the stages."""
from __future__ import annotations

import re
import unicodedata
from datetime import timedelta, timezone

# Chinese portals publish in Beijing time.
CHINA_TZ = timezone(timedelta(hours=8))

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
_NOT_CJK = re.compile(f"[^{CJK}]+")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff]+")

SENTENCE_END = "。！？!?；;…"
# Closing quotes and brackets end a sentence only when what they close does:
# "……的新超越！”" does, a headline "……先进县（市、区）" does not.
CLOSERS = "”’」』）)】》"


def normalize_spaces(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def cjk_count(text: str) -> int:
    # What is left once the runs of other characters are gone: one string built, not a list
    # of one-character strings.
    return len(_NOT_CJK.sub("", text))


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def is_cjk(char: str) -> bool:
    return bool(char) and bool(CJK_CHAR.match(char))


_WHITESPACE = re.compile(r"\s+")


def without_spaces(text: str) -> str:
    """The text with every whitespace removed: headlines compared however a page wrapped them."""
    return _WHITESPACE.sub("", text)


def is_written_text(line: str, min_cjk: int = 25) -> bool:
    """Written text rather than a headline, a menu or a label: ``min_cjk`` Chinese characters or
    more with a comma or a full stop inside."""
    return cjk_count(line) >= min_cjk and ("，" in line or "。" in line)
