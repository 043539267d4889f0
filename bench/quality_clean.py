"""How much of the real article survives clean-up and how much chrome does not.

    python -m bench.quality_clean

Over the seeds and the project's own variants (tests/quality/), annotated in
tests/quality/annotations.yaml: the share of article characters kept (sentence by sentence, so
lines broken by print layout still count) and of chrome characters removed, and spam left over.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipelines.files import read_file
from pipelines.records import Document
from pipelines.run import process
from pipelines.textutil import normalize_spaces

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "tests" / "quality" / "annotations.yaml"
_SENTENCE_END = re.compile(r"[。！？；!?;]")
# A chrome line this short ("0", "12") is only judged present when it stands as a paragraph alone.
_SHORT = 6


def norm(text: str) -> str:
    return re.sub(r"[^\w]", "", text)


@dataclass
class Measure:
    name: str
    article_chars: int
    kept_chars: int
    chrome_chars: int
    removed_chars: int
    spam_left: int
    lost: list[str]
    leaked: list[str]

    @property
    def kept(self) -> float:
        return self.kept_chars / self.article_chars if self.article_chars else 1.0

    @property
    def removed(self) -> float:
        return self.removed_chars / self.chrome_chars if self.chrome_chars else 1.0


def _texts(documents: list[Document]) -> list[str]:
    parts = []
    for d in documents:
        parts += [d.title, d.kicker or "", d.subtitle or "", *d.body.split("\n\n")]
    return [p for p in parts if p]


def measure(path: Path, note: dict) -> Measure:
    raw = read_file(path, path.parent, "quality", 50 * 1024 * 1024)
    documents = process(raw)
    documents = documents if isinstance(documents, list) else []
    texts = _texts(documents)
    whole = norm("".join(texts))
    pieces = {norm(t) for t in texts}
    chrome = note.get("chrome", [])
    metadata = note.get("metadata", [])
    spam = note.get("spam", [])
    article_chars = kept_chars = 0
    lost = []
    chrome = [normalize_spaces(c) for c in chrome]
    metadata = [normalize_spaces(m) for m in metadata]
    for line in path.read_text(encoding="utf-8").splitlines():
        line = normalize_spaces(line)
        if not line or line in chrome or line in metadata or line in spam:
            continue
        for part in metadata + note.get("markers", []):
            line = line.replace(part, "")
        for s in spam:
            line = line.replace(s, note.get("restore", ""))
        for sentence in _SENTENCE_END.split(line):
            n = norm(sentence)
            if len(n) < 2:
                continue
            article_chars += len(n)
            if n in whole:
                kept_chars += len(n)
            else:
                lost.append(sentence)
    chrome_chars = removed_chars = 0
    leaked = []
    for line in chrome + metadata:
        n = norm(line)
        present = n in pieces if len(n) < _SHORT else n in whole
        if line in chrome:
            chrome_chars += len(n)
            removed_chars += 0 if present else len(n)
        if present:
            leaked.append(line)
    spam_left = sum("".join(texts).count(s) + whole.count(norm(s)) for s in spam)
    return Measure(str(path.relative_to(ROOT)), article_chars, kept_chars, chrome_chars, removed_chars,
                   spam_left, lost, leaked)


def measure_all() -> list[Measure]:
    notes = yaml.safe_load(ANNOTATIONS.read_text(encoding="utf-8"))
    inputs = sorted((ROOT / "seeds").iterdir()) + sorted((ROOT / "tests" / "quality" / "variants").iterdir())
    return [measure(p, notes.get(str(p.relative_to(ROOT))) or {}) for p in inputs]


def main() -> None:
    results = measure_all()
    print(f"{'input':52} {'article':>8} {'kept':>8} {'chrome':>7} {'removed':>8} {'spam':>5}")
    for m in results:
        print(f"{m.name:52} {m.article_chars:8d} {m.kept:8.2%} {m.chrome_chars:7d} {m.removed:8.2%} {m.spam_left:5d}")
        for sentence in m.lost:
            print(f"    lost:   {sentence[:80]}")
        for line in m.leaked:
            print(f"    leaked: {line[:80]}")
    total_article = sum(m.article_chars for m in results)
    total_chrome = sum(m.chrome_chars for m in results)
    print(f"{'all':52} {total_article:8d} {sum(m.kept_chars for m in results) / total_article:8.2%} "
          f"{total_chrome:7d} {sum(m.removed_chars for m in results) / total_chrome:8.2%} "
          f"{sum(m.spam_left for m in results):5d}")


if __name__ == "__main__":
    main()
