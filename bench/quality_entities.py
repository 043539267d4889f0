"""Precision and recall of the entity stages on the hand-annotated set.

    python -m bench.quality_entities

The set (tests/quality/entities.yaml) is the seeds annotated story by story, plus passages
written for the known traps. A person counts as right only with the right name and every post;
a money amount only with the exact value and currency."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipelines.files import read_file
from pipelines.records import Document, RawInput
from pipelines.run import process

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT / "tests" / "quality" / "entities.yaml"
TYPES = ("persons", "places", "organizations", "money")


@dataclass
class Score:
    true_positive: int = 0
    predicted: int = 0
    expected: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positive / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positive / self.expected if self.expected else 1.0


def as_keys(document: Document) -> dict[str, Counter]:
    return {
        "persons": Counter(f"{p.name}：{'、'.join(p.titles)}" for p in document.persons),
        "places": Counter(p.name for p in document.places),
        "organizations": Counter(o.name for o in document.organizations),
        "money": Counter(f"{m.text}={m.value:.0f} {m.currency}" for m in document.money),
    }


def _score(scores: dict[str, Score], where: str, predicted: dict[str, Counter], expected: dict) -> None:
    for kind in TYPES:
        if kind not in expected:
            continue
        want = Counter(str(x) for x in expected[kind] or [])
        got = predicted[kind]
        hit = sum((want & got).values())
        s = scores[kind]
        s.true_positive += hit
        s.predicted += sum(got.values())
        s.expected += sum(want.values())
        s.errors += [f"{where} missed  {x}" for x in (want - got).elements()]
        s.errors += [f"{where} extra   {x}" for x in (got - want).elements()]


def evaluate() -> dict[str, Score]:
    notes = yaml.safe_load(ANNOTATIONS.read_text(encoding="utf-8"))
    scores = {kind: Score() for kind in TYPES}
    for seed in sorted((ROOT / "seeds").iterdir()):
        for document in process(read_file(seed, seed.parent, "seeds", 10 ** 8)):
            where = f"{seed.name}#{document.story_index}"
            _score(scores, where, as_keys(document), notes["seeds"].get(where, {}))
    for n, passage in enumerate(notes["passages"]):
        raw = RawInput(data=passage["text"].encode(), source="passages", source_key=f"p{n}",
                       fetched_at=read_file(ANNOTATIONS, ANNOTATIONS.parent, "q", 10 ** 8).fetched_at)
        documents = process(raw)
        merged = {kind: sum((as_keys(d)[kind] for d in documents), Counter()) for kind in TYPES}
        _score(scores, f"passage {n}", merged, passage)
    return scores


def main() -> None:
    scores = evaluate()
    print(f"{'type':15} {'expected':>8} {'predicted':>9} {'correct':>8} {'precision':>9} {'recall':>7}")
    for kind, s in scores.items():
        print(f"{kind:15} {s.expected:8d} {s.predicted:9d} {s.true_positive:8d} {s.precision:9.2%} {s.recall:7.2%}")
    for kind, s in scores.items():
        for error in s.errors:
            print(f"  {kind:13} {error}")


if __name__ == "__main__":
    main()
