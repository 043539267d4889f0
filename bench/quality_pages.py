"""How the pipeline does on real web pages nobody here wrote, beside plain trafilatura.

    python -m bench.quality_pages [--pages DIR] [--json FILE] [--worst N]

The pages are the development set in ``../shared/realpages`` (or NEWSFLOW_REALPAGES): each
``<id>.html`` beside ``<id>.json`` with the gold body, date, author and, for some, title. Scored
the way that folder's README defines it:

- body: a bag of the characters that are CJK, letters or digits, per page; mean precision and
  mean recall over pages (a rejected or empty page adds recall 0 and no precision); F1 of the two
  means; the bodies of every story returned for a page are joined first;
- split: a page returned as more than one document (every page holds one article);
- date: the same calendar day as the gold date, over the pages whose gold names a day;
- author: every gold name is one of the authors found (whitespace removed);
- title: equal after removing whitespace, over the pages with a gold title.
"""
from __future__ import annotations

import argparse
import json
import os
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from pipelines.records import RawInput, Rejected

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PAGES = ROOT.parent / "shared" / "realpages"

_GOLD_DAY = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_SITE_SEPARATORS = "_-|｜—@:"
_NAME_SEPARATORS = re.compile(r"[\s、，,;；]+")


def pages_dir() -> Path:
    return Path(os.environ.get("NEWSFLOW_REALPAGES") or DEFAULT_PAGES)


def bag(text: str) -> Counter:
    return Counter(c for c in text if c.isalnum())


def precision_recall(found: str, gold: str) -> tuple[float | None, float]:
    """Precision (None when nothing was found) and recall of one page's body."""
    got, want = bag(found), bag(gold)
    if not got:
        return None, 0.0
    common = sum((got & want).values())
    return common / sum(got.values()), common / max(1, sum(want.values()))


def gold_day(value: str | None) -> date | None:
    if not value or not (m := _GOLD_DAY.search(value)):
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def authors_match(gold: str, found: list[str]) -> bool:
    names = {_squash(n) for n in _NAME_SEPARATORS.split(gold) if n.strip()}
    return bool(names) and names <= {_squash(a) for a in found}


@dataclass
class PageResult:
    page: str
    stories: int
    rejected: str | None
    precision: float | None
    recall: float
    title: str | None
    gold_title: str | None
    published: str | None
    published_source: str | None
    gold_date: str | None
    authors: list[str] = field(default_factory=list)
    gold_author: str | None = None
    baseline_precision: float | None = None
    baseline_recall: float = 0.0

    @property
    def date_known(self) -> bool:
        return gold_day(self.gold_date) is not None

    @property
    def date_right(self) -> bool:
        return self.date_known and self.published is not None and \
            datetime.fromisoformat(self.published).date() == gold_day(self.gold_date)

    @property
    def title_right(self) -> bool:
        """Equal, or equal to the gold's headline where the silver gold is the page's <title>
        with the site's name appended ("标题_科技_腾讯网", "标题 - 新华网")."""
        title, gold = _squash(self.title or ""), _squash(self.gold_title or "")
        return bool(title) and (title == gold or gold.startswith(title) and gold[len(title)] in _SITE_SEPARATORS)

    @property
    def author_right(self) -> bool:
        return authors_match(self.gold_author or "", self.authors)

    @property
    def f1(self) -> float:
        return _f1(self.precision or 0.0, self.recall)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def load(folder: Path) -> list[tuple[Path, dict]]:
    return [(html, json.loads(html.with_suffix(".json").read_text("utf-8")))
            for html in sorted(folder.glob("*/*.html"))
            if html.with_suffix(".json").exists()]


def raw_input(html: Path, folder: Path) -> RawInput:
    """The page as a replay of a saved folder gives it: bytes and a path, no URL, no headers."""
    return RawInput(data=html.read_bytes(), source="realpages",
                    source_key=html.relative_to(folder).as_posix(), source_path=str(html),
                    fetched_at=datetime.now(timezone.utc))


def baseline_text(html: Path) -> str:
    """Plain trafilatura on the page decoded with its declared charset, as a user would run it."""
    import trafilatura

    data = html.read_bytes()
    declared = re.search(rb"""(?:charset|encoding)\s*=\s*["']?([A-Za-z0-9_-]+)""", data[:4096])
    encoding = declared.group(1).decode() if declared else "utf-8"
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        text = data.decode("utf-8", errors="replace")
    return trafilatura.extract(text, deduplicate=False) or ""


def score_page(html: Path, gold: dict, folder: Path) -> PageResult:
    from pipelines.run import process

    result = process(raw_input(html, folder))
    docs = [] if isinstance(result, Rejected) else result
    body = "\n".join(d.body for d in docs)
    precision, recall = precision_recall(body, gold.get("body") or "")
    base_p, base_r = precision_recall(baseline_text(html), gold.get("body") or "")
    first = docs[0] if docs else None
    return PageResult(
        page=html.relative_to(folder).as_posix(),
        stories=len(docs),
        rejected=result.reason if isinstance(result, Rejected) else None,
        precision=precision, recall=recall,
        title=first.title if first else None, gold_title=gold.get("title"),
        published=first.published_at.isoformat() if first and first.published_at else None,
        published_source=first.published_at_source if first else None,
        gold_date=gold.get("date"),
        authors=list(first.authors) if first else [], gold_author=gold.get("author"),
        baseline_precision=base_p, baseline_recall=base_r,
    )


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def body_scores(precisions: list[float | None], recalls: list[float]) -> tuple[float, float, float]:
    p = _mean([x for x in precisions if x is not None])
    r = _mean(recalls)
    return p, r, _f1(p, r)


def summary(results: list[PageResult]) -> dict:
    p, r, f = body_scores([x.precision for x in results], [x.recall for x in results])
    bp, br, bf = body_scores([x.baseline_precision for x in results], [x.baseline_recall for x in results])
    dated = [x for x in results if x.date_known]
    authored = [x for x in results if x.gold_author]
    titled = [x for x in results if x.gold_title]
    return {
        "pages": len(results),
        "body_precision": p, "body_recall": r, "body_f1": f,
        "trafilatura_precision": bp, "trafilatura_recall": br, "trafilatura_f1": bf,
        "pages_split": sum(x.stories > 1 for x in results),
        "pages_rejected_or_empty": sum(x.stories == 0 for x in results),
        "date_right": sum(x.date_right for x in dated), "dated_pages": len(dated),
        "author_right": sum(x.author_right for x in authored), "authored_pages": len(authored),
        "title_right": sum(x.title_right for x in titled), "titled_pages": len(titled),
    }


def run(folder: Path) -> tuple[list[PageResult], dict]:
    results = [score_page(html, gold, folder) for html, gold in load(folder)]
    return results, summary(results)


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} ({100 * n / d:.0f} %)" if d else "-"


def report(results: list[PageResult], s: dict, worst: int) -> None:
    print(f"real pages: {s['pages']} from {pages_dir()}")
    print(f"{'':28}{'precision':>10}{'recall':>8}{'F1':>8}")
    print(f"{'body, newsflow':28}{s['body_precision']:>10.3f}{s['body_recall']:>8.3f}{s['body_f1']:>8.3f}")
    print(f"{'body, plain trafilatura':28}{s['trafilatura_precision']:>10.3f}"
          f"{s['trafilatura_recall']:>8.3f}{s['trafilatura_f1']:>8.3f}")
    print(f"pages split into several documents: {s['pages_split']} of {s['pages']}")
    print(f"pages rejected or empty:            {s['pages_rejected_or_empty']} of {s['pages']}")
    print(f"date right (same day):              {_pct(s['date_right'], s['dated_pages'])}")
    print(f"author found:                       {_pct(s['author_right'], s['authored_pages'])}")
    print(f"title exact:                        {_pct(s['title_right'], s['titled_pages'])}")
    print(f"\nworst {worst} pages by body F1:")
    for x in sorted(results, key=lambda x: x.f1)[:worst]:
        print(f"  {x.f1:.2f}  P={x.precision or 0:.2f} R={x.recall:.2f} stories={x.stories}  {x.page}"
              f"{'  rejected: ' + x.rejected if x.rejected else ''}")
    misses = [x for x in results if x.date_known and not x.date_right]
    if misses:
        print("\ndates missed:")
        for x in misses:
            print(f"  gold {x.gold_date!s:20} got {x.published!s:26} ({x.published_source})  {x.page}")
    misses = [x for x in results if x.gold_author and not x.author_right]
    if misses:
        print("\nauthors missed:")
        for x in misses:
            print(f"  gold {x.gold_author!s:20} got {x.authors}  {x.page}")
    misses = [x for x in results if x.gold_title and not x.title_right]
    if misses:
        print("\ntitles missed:")
        for x in misses:
            print(f"  gold {x.gold_title!s}\n   got {x.title}  ({x.page})")


def _through_segmentation(raws: list[RawInput]) -> None:
    """Every stage up to and including segmentation and the fingerprint; entities excluded."""
    from pipelines.clean import clean
    from pipelines.decode import decode
    from pipelines.extract import extract
    from pipelines.fingerprint import simhash
    from pipelines.repair import repair
    from pipelines.segment import cut, search_terms
    from pipelines.spam import remove_spam
    from pipelines.split import split

    for raw in raws:
        decoded = decode(raw)
        if isinstance(decoded, Rejected):
            continue
        page = remove_spam(repair(clean(extract(decoded))))
        for story in split(page):
            text = f"{story.title or ''}\n" + "\n\n".join(story.paragraphs)
            simhash(search_terms(text, cut(text)))


def _trafilatura_and_jieba(raws: list[RawInput]) -> None:
    import jieba
    import trafilatura

    for raw in raws:
        jieba.lcut(trafilatura.extract(raw.data, deduplicate=False) or "")


def synthetic_pages(count: int = 200) -> list[RawInput]:
    """The benchmark corpus's portal pages (bench/corpus.py), built in a temporary folder."""
    import tempfile

    from bench.corpus import build

    with tempfile.TemporaryDirectory() as tmp:
        _, pages = build(Path(tmp), 0, count)
        return [raw_input(page, Path(tmp)) for page in pages]


def speed(raws: list[RawInput], rounds: int) -> list[float]:
    """Rounds of ours against "trafilatura.extract + jieba.lcut" on the same pages, one process,
    alternating so that the machine's drift falls on both; each ratio is baseline time / ours."""
    import time

    import jieba

    from pipelines.run import preload

    preload()
    jieba.initialize()
    _through_segmentation(raws[:3])
    _trafilatura_and_jieba(raws[:3])
    ratios = []
    for _ in range(rounds):
        started = time.perf_counter()
        _trafilatura_and_jieba(raws)
        baseline = time.perf_counter() - started
        started = time.perf_counter()
        _through_segmentation(raws)
        ours = time.perf_counter() - started
        ratios.append(baseline / ours)
        print(f"  round: trafilatura + jieba.lcut {baseline:.2f} s, newsflow up to segmentation {ours:.2f} s, "
              f"ratio {baseline / ours:.2f}")
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=None, help="folder of <id>.html + <id>.json pages")
    parser.add_argument("--json", type=Path, default=None, help="also write every page's result here")
    parser.add_argument("--worst", type=int, default=5)
    parser.add_argument("--speed-rounds", type=int, default=3,
                        help="rounds of the speed comparison (0 to skip it)")
    args = parser.parse_args()
    folder = args.pages or pages_dir()
    if not folder.is_dir():
        raise SystemExit(f"no development pages at {folder} (set NEWSFLOW_REALPAGES)")
    results, s = run(folder)
    report(results, s, args.worst)
    if args.speed_rounds:
        for name, raws in (("real pages", [raw_input(html, folder) for html, _ in load(folder)]),
                           ("synthetic portal pages (bench/corpus.py)", synthetic_pages())):
            print(f"\nspeed up to segmentation against trafilatura.extract + jieba.lcut, {name}, one process:")
            ratios = sorted(speed(raws, args.speed_rounds))
            s[f"speed_ratio {name}"] = ratios[len(ratios) // 2]
            print(f"speed ratio, {name} (median of {len(ratios)} rounds): {ratios[len(ratios) // 2]:.2f}"
                  "  (>= 1.0: not slower)")
    if args.json:
        args.json.write_text(json.dumps({"summary": s, "pages": [asdict(x) for x in results]},
                                        ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
