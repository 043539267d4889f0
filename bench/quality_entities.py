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
        "places": Counter({p.name for p in document.places}),  # a place written two ways is one place
        "organizations": Counter(o.mention or o.name for o in document.organizations),
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


# Public annotated news, fetched for local measurement only (never committed): the People's Daily
# NER dev split (OYE93/Chinese-NLP-Corpus, "NER/People's Daily/example.dev", a character and its
# BIO tag a line) and the CLUENER2020 training file (StanleySun233/ChineseNER, data/cluener/
# train.json). CLUENER's name → person, address and scene (sights, parks, rivers) → place, company/government/organization →
# organisation; its government labels also give "government bodies found".
PUBLIC_TYPES = ("person", "place", "organization")
_BIO = {"PER": "person", "LOC": "place", "ORG": "organization"}
_CLUENER = {"name": "person", "address": "place", "scene": "place", "company": "organization",
            "government": "organization", "organization": "organization"}


def people_daily(path: Path) -> list[tuple[str, set[tuple[str, str]]]]:
    sentences, chars, tags = [], [], []
    for line in [*path.read_text("utf-8").splitlines(), ""]:
        if line.strip():
            char, _, tag = line.partition(" ")
            chars.append(char)
            tags.append(tag.strip())
            continue
        if chars:
            gold, i = set(), 0
            while i < len(tags):
                if tags[i].startswith("B-"):
                    j = i + 1
                    while j < len(tags) and tags[j] == "I-" + tags[i][2:]:
                        j += 1
                    gold.add((_BIO[tags[i][2:]], "".join(chars[i:j])))
                    i = j
                else:
                    i += 1
            sentences.append(("".join(chars), gold))
        chars, tags = [], []
    return sentences


def cluener(path: Path) -> list[tuple[str, set[tuple[str, str]]]]:
    import json

    text, at, decoder, sentences = path.read_text("utf-8"), 0, json.JSONDecoder(), []
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            return sentences
        record, at = decoder.raw_decode(text, at)
        gold = set()
        for label, names in record["label"].items():
            for name in names:
                if label in _CLUENER:
                    gold.add((_CLUENER[label], name))
                if label == "government":
                    gold.add(("government", name))
        sentences.append((record["text"], gold))


def newsflow_names(texts: list[str]) -> list[set[tuple[str, str]]]:
    """What the pipeline's entity stage (the code `newsflow entities` runs) finds, as written."""
    from pipelines.entities import find_entities
    from pipelines.recognizer import recognise

    found = []
    for text, mentions in zip(texts, recognise(texts)):
        entities = find_entities(text, mentions=mentions)
        found.append({("person", p.mention or p.name) for p in entities.persons}
                     | {("place", p.mention) for p in entities.places if p.mention}
                     | {("organization", o.mention or o.name) for o in entities.organizations})
    return found


def recogniser_names(texts: list[str]) -> list[set[tuple[str, str]]]:
    from pipelines.recognizer import recognise

    return [{(m.label, m.text) for m in mentions} for mentions in recognise(texts)]


def jieba_names(texts: list[str]) -> list[set[tuple[str, str]]]:
    import jieba.posseg

    tags = {"nr": "person", "ns": "place", "nt": "organization"}
    return [{(tags[p.flag], p.word) for p in jieba.posseg.cut(text) if p.flag in tags} for text in texts]


def public_scores(sentences: list[tuple[str, set]], predict) -> dict[str, tuple[float, float, float]]:
    predicted = predict([text for text, _ in sentences])
    hit, made, want = Counter(), Counter(), Counter()
    for (_, gold), found in zip(sentences, predicted):
        for kind in PUBLIC_TYPES:
            g = {x for x in gold if x[0] == kind}
            f = {x for x in found if x[0] == kind}
            hit[kind] += len(g & f)
            made[kind] += len(f)
            want[kind] += len(g)
        government = {name for kind, name in gold if kind == "government"}
        want["government"] += len(government)
        hit["government"] += len(government & {name for kind, name in found if kind == "organization"})
    scores = {}
    for kind in PUBLIC_TYPES:
        p, r = hit[kind] / max(1, made[kind]), hit[kind] / max(1, want[kind])
        scores[kind] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    if want["government"]:
        scores["government bodies found"] = (0.0, hit["government"] / want["government"], 0.0)
    return scores


def public_report(folder: Path, limit: int) -> None:
    import time

    sets = {"People's Daily dev": people_daily(folder / "people_daily.dev"),
            "CLUENER train": cluener(folder / "cluener.train.json")}
    for name, sentences in sets.items():
        sentences = sentences[:limit]
        chars = sum(len(text) for text, _ in sentences)
        print(f"\n{name}: {len(sentences)} sentences, {chars} characters")
        print(f"{'':22}" + "".join(f"{kind:>22}" for kind in PUBLIC_TYPES))
        for label, predict in (("newsflow", newsflow_names), ("recogniser alone", recogniser_names),
                               ("stock jieba.posseg", jieba_names)):
            started = time.perf_counter()
            scores = public_scores(sentences, predict)
            seconds = time.perf_counter() - started
            cells = "".join(f"  P{p:.2f} R{r:.2f} F{f:.2f}".rjust(22) for p, r, f in
                            (scores[kind] for kind in PUBLIC_TYPES))
            extra = f"  government found {scores['government bodies found'][1]:.2f}" \
                if "government bodies found" in scores else ""
            print(f"{label:22}{cells}{extra}  ({chars / seconds:,.0f} chars/s)")


def speed_report(stories: int) -> None:
    """The whole pipeline in one process on the benchmark corpus's text stories, and the entity
    stage alone: the domain rules only (as before the recogniser) and rules with the recogniser."""
    import resource
    import tempfile
    import time

    from bench.corpus import build
    from pipelines.entities import find_entities
    from pipelines.organizations import extract_organizations
    from pipelines.persons import extract_persons
    from pipelines.places import extract_places
    from newsflow.settings import get_settings
    from bench.speed import _documents
    from pipelines.run import preload
    from pipelines.segment import cut

    preload()
    together = get_settings().process_together_files
    with tempfile.TemporaryDirectory() as tmp:
        texts, _ = build(Path(tmp), stories, 0)
        _documents(texts[:1])
        started = time.perf_counter()
        documents = _documents(texts)  # files taken together as a processing task takes them
        whole = time.perf_counter() - started
    bodies = [f"{d.title}\n{d.body}" for d in documents]
    words = [cut(b) for b in bodies]
    started = time.perf_counter()
    for body, w in zip(bodies, words):
        extract_persons(body), extract_places(body, w), extract_organizations(body, w)
    rules = time.perf_counter() - started
    started = time.perf_counter()
    for body, w in zip(bodies, words):
        find_entities(body, w)
    combined = time.perf_counter() - started
    chars = sum(map(len, bodies)) / len(bodies)
    print(f"{len(documents)} text stories of {chars:.0f} characters on average, one process")
    print(f"whole pipeline: {len(documents) / whole:.1f} stories/s ({together} files a batch, as a worker takes them)")
    print(f"entity stage, rules only (before): {1000 * rules / len(bodies):.2f} ms/story")
    print(f"entity stage, recogniser + rules (now): {1000 * combined / len(bodies):.2f} ms/story")
    print(f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--public", type=Path, default=None,
                        help="folder with people_daily.dev and cluener.train.json (fetched, never committed)")
    parser.add_argument("--limit", type=int, default=3000, help="sentences per public set")
    parser.add_argument("--speed", type=int, default=0, metavar="N",
                        help="time the pipeline and the entity stage on N benchmark text stories")
    args = parser.parse_args()
    if args.speed:
        speed_report(args.speed)
        return
    if args.public:
        public_report(args.public, args.limit)
        return
    scores = evaluate()
    print(f"{'type':15} {'expected':>8} {'predicted':>9} {'correct':>8} {'precision':>9} {'recall':>7}")
    for kind, s in scores.items():
        print(f"{kind:15} {s.expected:8d} {s.predicted:9d} {s.true_positive:8d} {s.precision:9.2%} {s.recall:7.2%}")
    for kind, s in scores.items():
        for error in s.errors:
            print(f"  {kind:13} {error}")


if __name__ == "__main__":
    main()
