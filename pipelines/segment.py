"""Chinese word segmentation, search terms and keywords, loaded once per process.

jieba's dictionary, with the project's user words, is the one source of truth. The cutting itself
runs in rjieba (jieba-rs: the same algorithm and dictionary in Rust, about 15 times faster); its
few different conventions for runs of digits and Latin letters are folded back to jieba's, and
tests/unit/test_segment.py checks the tokens are jieba's, token for token, on every seed and
quality text. Search terms and keywords are derived from those tokens with jieba's own rules, so
a story is segmented once, not once per consumer.
"""
from __future__ import annotations

import heapq
import logging
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain, repeat
from operator import mul, truediv

import jieba
import jieba.analyse
import rjieba

_WORD = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)
# A run of the characters jieba keeps inside a word block, without a Chinese character.
_LATIN_RUN = re.compile(r"[a-zA-Z0-9+#&._%\-]+")
# Words every government news story uses; as keywords they say nothing about the story.
STOP_KEYWORDS = frozenset(
    "发展 工作 推进 推动 建设 全面 坚持 加快 进一步 提升 重要 实现 实施 强化 持续 一批 "
    "我们 今年 全市 全省 全区 会议 表示 指出 强调 要求 开展 相关 方面 以及 有关 通过 "
    "目前 已经 一个 没有 更加 不断 积极 主要 加强 做好 围绕 聚焦 突出 着力 扎实 深入".split()
)


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """jieba with a user dictionary from the project's own gazetteers: every division's full
    name (溧阳市, 姜堰区) and every post (常务副区长), so they segment as one word."""
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for word in _user_words():
        jieba.dt.add_word(word)
    return jieba.dt


@lru_cache(maxsize=1)
def _fast() -> rjieba.Jieba:
    """rjieba with jieba's dictionary and the same user words at the frequencies jieba gave them."""
    words = tokenizer().FREQ
    fast = rjieba.Jieba()
    for word in _user_words():
        fast.add_word(word, words[word], None)
    return fast


def _user_words() -> list[str]:
    from importlib import resources

    from pipelines.gazetteer import gazetteer

    posts = resources.files("pipelines.resources").joinpath("posts.txt").read_text("utf-8").splitlines()
    words = [d.name for d in gazetteer().by_code.values() if len(d.name) >= 3]
    return words + [p.strip() for p in posts if p.strip() and not p.startswith("#") and len(p.strip()) >= 3]


def preload() -> None:
    """Load every dictionary now: in a worker's parent before it forks, not in each task."""
    _fast()
    place_tags()
    _idf()


@lru_cache(maxsize=1)
def place_tags() -> dict[str, str]:
    """jieba's part-of-speech tag of each dictionary word ("ns" is a place name)."""
    import jieba.posseg

    tokenizer()
    return jieba.posseg.dt.word_tag_tab


def cut(text: str) -> list[str]:
    """jieba's accurate-mode words (HMM on), every character of the text in exactly one word."""
    words: list[str] = []
    run: list[str] = []  # consecutive pieces of a Latin run, which rjieba cuts its own way
    for word in _fast().cut(text):
        if word.isascii() and _LATIN_RUN.fullmatch(word):
            run.append(word)
            continue
        if run:
            words.extend(_latin_words("".join(run)))
            run.clear()
        words.append(word)
    if run:
        words.extend(_latin_words("".join(run)))
    return words


def _latin_words(run: str) -> list[str]:
    if run.isalnum():
        return [run]  # letters and digits only (2024, GDP): one word to jieba as to rjieba
    return tokenizer().lcut(run)  # short and rare: jieba itself, dictionary words (c#) included


def search_terms(text: str, words: Sequence[str] | None = None) -> list[str]:
    """Search-engine-mode terms (words and the dictionary words inside them), unique, in order.

    Indexed as exact terms: a query for 新能源 finds 新能源汽车 but not 新的能源. The expansion is
    jieba's ``cut_for_search``: the 2- and 3-character dictionary words inside longer words.
    """
    return list(dict.fromkeys(chain.from_iterable(map(_word_terms, cut(text) if words is None else words))))


@lru_cache(maxsize=200_000)  # a story's words are mostly words other stories used
def _word_terms(word: str) -> tuple[str, ...]:
    """The search terms one word contributes: its 2-, then 3-character dictionary words, then itself."""
    known = tokenizer().FREQ
    terms = [word[i:i + size] for size in (2, 3) if len(word) > size for i in range(len(word) - size + 1)]
    terms = [gram for gram in terms if known.get(gram) and _WORD.search(gram)]
    if _WORD.search(word):
        terms.append(word)
    return tuple(terms)


def query_terms(text: str) -> list[str]:
    """Accurate-mode words of a user's query: each must be present as a word in a hit."""
    return [t for t in cut(text) if _WORD.search(t)]


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float, frozenset[str]]:
    tfidf = jieba.analyse.default_tfidf
    return tfidf.idf_freq, tfidf.median_idf, frozenset(tfidf.stop_words)


def keywords(text: str, top: int = 10, words: Sequence[str] | None = None) -> list[str]:
    """TF-IDF keywords with jieba's idf table and rules (``jieba.analyse.extract_tags``), less the
    words every government story uses. The loops are maps over per-word cached answers: a story
    has some hundreds of distinct words, and this runs once per story."""
    idf, median, _ = _idf()
    counts = Counter(cut(text) if words is None else words)
    counted = list(filter(_counted, counts))
    total = sum(map(counts.__getitem__, counted))
    ranked = list(filter(_rankable, counted))
    scores = map(mul, map(counts.__getitem__, ranked), map(idf.get, ranked, repeat(median)))
    weight = dict(zip(ranked, map(truediv, scores, repeat(total))))  # count * idf / total, as jieba
    # nlargest is sorted(..., reverse=True)[:top], ties in first-seen order, as extract_tags has them.
    return heapq.nlargest(top, weight, key=weight.__getitem__)


@lru_cache(maxsize=200_000)
def _counted(word: str) -> bool:
    """extract_tags counts a word towards the total when it is 2 characters or more and no stop word."""
    return len(word.strip()) >= 2 and word.lower() not in _idf()[2]


@lru_cache(maxsize=200_000)
def _rankable(word: str) -> bool:
    return word not in STOP_KEYWORDS and len(word) > 1 and not word.isdigit()
