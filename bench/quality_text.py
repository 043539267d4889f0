"""One-article plain-text files, saved the way newspaper text is saved, scored for splits, title,
date and bylines.

    python -m bench.quality_text [--pages DIR]

The files are written here from the development pages' gold (``../shared/realpages``): each gold
body with at least 300 characters becomes one article in one of four print layouts that real
saved newspaper text takes, in turn:

1. title, source line "XX日报 2005年03月21日 第04版", a lead byline "本报北京3月21日电（记者 X）";
2. kicker (引题), title, "——" subtitle, a byline line "本报记者 X", the source line;
3. title, dateline "2005-03-21 10:22 来源：XX日报", intertitles inside the text, a closing
   byline "（本报记者 X）";
4. title, "文/X", the body with its hard line wraps kept, "发布时间：2005-03-21".

The title is the page's <title> as the crawl envelope or the gold gives it, without the site's
name; the byline names are the gold authors (or a placeholder pair when the gold has none). Nothing
of the real pages' own layout is used, so this measures how the pipeline reads these layouts, not
the pages.
"""
from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from bench.quality_pages import gold_day, load, pages_dir
from pipelines.records import RawInput, Rejected
from pipelines.textutil import cjk_count

_MIN_BODY = 300
_DEFAULT_NAMES = ["李明", "王芳"]
_TITLE_SEPARATOR = re.compile(r"\s*[-_|｜—]+\s*|\s{2,}")
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


@dataclass
class Article:
    name: str
    text: str
    title: str
    day: date
    authors: list[str]


def _title(gold: dict) -> str | None:
    raw = gold.get("title") or gold.get("wrapper_title_attr") or ""
    # A Chinese headline: "powered by Discuz! Archiver" is a forum's, not an article's.
    parts = [p for p in _TITLE_SEPARATOR.split(raw) if len(p) >= 6 and cjk_count(p) >= 4]
    return max(parts, key=len) if parts else None


def _authors(gold: dict) -> list[str]:
    names = [n for n in re.split(r"[\s、，,]+", gold.get("author") or "") if _NAME.match(n)]
    return names or _DEFAULT_NAMES


def _paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", body) if p.strip()]


def _wrapped(paragraph: str, width: int = 38) -> str:
    return "\n".join(paragraph[i:i + width] for i in range(0, len(paragraph), width))


def compose(layout: int, title: str, day: date, authors: list[str], paragraphs: list[str]) -> str:
    names = " ".join(authors)
    source = f"光明日报 {day.year}年{day.month:02d}月{day.day:02d}日 第04版"
    if layout == 0:
        lead = f"本报北京{day.month}月{day.day}日电（记者 {names}）"
        return "\n\n".join([title, source, lead + paragraphs[0], *paragraphs[1:]])
    if layout == 1:
        return "\n\n".join(["推进高质量发展 走好新时代长征路", title, "——来自基层一线的报道", f"本报记者 {names}",
                            source, *paragraphs])
    if layout == 2:
        dateline = f"{day.isoformat()} 10:22 来源：光明日报"
        body = list(paragraphs)
        for at, heading in ((len(body) // 3, "一、抓住关键环节"), (2 * len(body) // 3, "“把实事办到心坎上”")):
            if 0 < at < len(body):
                body.insert(at, heading)
        return "\n\n".join([title, dateline, *body, f"（本报记者 {names}）"])
    return "\n\n".join([title, f"文/{names}", *(_wrapped(p) for p in paragraphs), f"发布时间：{day.isoformat()}"])


def _comparable(title: str) -> str:
    """Whitespace and the width of brackets aside: the pipeline writes Chinese text's brackets full-width."""
    return title.replace(" ", "").replace("(", "（").replace(")", "）")


def articles(folder: Path) -> list[Article]:
    found = []
    for html, gold in load(folder):
        body, title, day = gold.get("body") or "", _title(gold), gold_day(gold.get("date"))
        if len(body) < _MIN_BODY or not title or not day:
            continue
        layout = len(found) % 4
        authors = _authors(gold)
        text = compose(layout, title, day, authors, _paragraphs(body))
        found.append(Article(f"{html.stem}.layout{layout + 1}.txt", text, title, day, authors))
    return found


def score(folder: Path) -> tuple[dict, list[str]]:
    from pipelines.run import process

    counts = {"files": 0, "split": 0, "rejected": 0, "title": 0, "date": 0, "bylines": 0}
    misses = []
    for article in articles(folder):
        raw = RawInput(data=article.text.encode("utf-8"), source="quality_text", source_key=article.name,
                       source_path=article.name, fetched_at=datetime.now(timezone.utc))
        result = process(raw)
        counts["files"] += 1
        if isinstance(result, Rejected):
            counts["rejected"] += 1
            misses.append(f"{article.name}: rejected ({result.reason})")
            continue
        counts["split"] += len(result) > 1
        first = result[0]
        title_ok = _comparable(first.title) == _comparable(article.title)
        date_ok = first.published_at is not None and first.published_at.date() == article.day
        bylines_ok = set(article.authors) <= set(first.authors)
        counts["title"] += title_ok
        counts["date"] += date_ok
        counts["bylines"] += bylines_ok
        if len(result) > 1 or not (title_ok and date_ok and bylines_ok):
            misses.append(f"{article.name}: stories={len(result)} title={first.title!r} "
                          f"date={first.published_at} authors={first.authors}")
    return counts, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=None)
    args = parser.parse_args()
    folder = args.pages or pages_dir()
    if not folder.is_dir():
        raise SystemExit(f"no development pages at {folder} (set NEWSFLOW_REALPAGES)")
    counts, misses = score(folder)
    n = counts["files"] or 1
    print(f"one-article text files: {counts['files']} (four print layouts, from {folder})")
    for key, label in (("split", "split into several documents"), ("rejected", "rejected"),
                       ("title", "title exact"), ("date", "date right"), ("bylines", "bylines found")):
        print(f"{label:32}{counts[key]:>4} of {counts['files']}  ({100 * counts[key] / n:.0f} %)")
    for line in misses:
        print("  " + line)


if __name__ == "__main__":
    main()
