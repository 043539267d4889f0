"""Publication dates: explicit when the page has one, otherwise a month-day in the text with the
year inferred from the page itself, and the file's own date only as a last resort."""
from __future__ import annotations

import re
from datetime import datetime

from pipelines.textutil import CHINA_TZ

_FULL_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_MONTH_DAY = re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_YEAR = re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d{2})(?P<after>年度|年|-\d{4}学?年)")
# Years after these words are targets, not the time of writing: "力争到2025年", "到2030年".
_FUTURE_CUE = re.compile(r"(到|至|力争|朝着|预计|计划|目标|规划|展望)\s*$")
_ZODIAC = "鼠牛虎兔龙蛇马羊猴鸡狗猪"
_ZODIAC_YEAR = re.compile(f"([{_ZODIAC}])年")
_ZODIAC_BASE = 2020  # a year of the rat


def _date(y: int, m: int, d: int) -> datetime | None:
    try:
        return datetime(y, m, d, tzinfo=CHINA_TZ)
    except ValueError:
        return None


def context_year(text: str) -> tuple[int, str] | None:
    """The year the text was written in, judged from the text alone."""
    years: dict[int, list[str]] = {}
    for m in _YEAR.finditer(text):
        if _FUTURE_CUE.search(text[max(0, m.start() - 4):m.start()]):
            continue
        years.setdefault(int(m["y"]), []).append(m["after"])
    if not years:
        return None
    latest = max(years)
    if zodiac := _ZODIAC_YEAR.search(text):
        offset = _ZODIAC.index(zodiac.group(1))
        candidates = [_ZODIAC_BASE + offset + 12 * k for k in range(-10, 3)]
        return min(candidates, key=lambda y: (abs(y - latest), -y)), "zodiac"
    # A year named only as "2023年度" is the year under review: the text is written the year after.
    if all(after == "年度" for after in years[latest]):
        return latest + 1, "annual_review"
    return latest, "context_year"


def infer_published_at(story_text: str, page_text: str, modified_at: datetime | None
                       ) -> tuple[datetime | None, str | None]:
    for text in (story_text, page_text):
        if m := _FULL_DATE.search(text[:400]):
            if when := _date(int(m["y"]), int(m["m"]), int(m["d"])):
                return when, "text_full_date"
    month_day = _MONTH_DAY.search(story_text) or _MONTH_DAY.search(page_text)
    if month_day:
        year = context_year(page_text)
        if year:
            when = _date(year[0], int(month_day["m"]), int(month_day["d"]))
            if when:
                return when, f"text_month_day+{year[1]}"
        if modified_at and (when := _date(modified_at.year, int(month_day["m"]), int(month_day["d"]))):
            return when, "text_month_day+file_year"
    if modified_at:
        return modified_at.astimezone(CHINA_TZ), "file_mtime"
    return None, None


_DAY_ONLY = re.compile(r"(?<![\d月年])(?P<d>[1-3]?\d)日(?=[上下中]午|晚|凌晨|[，,、起至当])")


def mentioned_dates(text: str, published: datetime | None) -> list[str]:
    """Dates the text mentions, as ISO dates. A month-day takes the document's year; a bare day
    ("28日上午") is the latest such day on or before the document's date."""
    found: dict[str, None] = {}
    for m in _FULL_DATE.finditer(text):
        if when := _date(int(m["y"]), int(m["m"]), int(m["d"])):
            found[when.date().isoformat()] = None
    if published is None:
        return list(found)
    for m in _MONTH_DAY.finditer(text):
        if when := _date(published.year, int(m["m"]), int(m["d"])):
            found[when.date().isoformat()] = None
    for m in _DAY_ONLY.finditer(text):
        day = int(m["d"])
        year, month = published.year, published.month
        if day > published.day:
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        if when := _date(year, month, day):
            found[when.date().isoformat()] = None
    return list(found)
