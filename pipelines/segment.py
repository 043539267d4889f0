"""Chinese word segmentation and keywords with jieba, loaded once per process."""
from __future__ import annotations

import logging
import re
from functools import lru_cache

import jieba
import jieba.analyse

_WORD = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)
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


def _user_words() -> list[str]:
    from importlib import resources

    from pipelines.gazetteer import gazetteer

    posts = resources.files("pipelines.resources").joinpath("posts.txt").read_text("utf-8").splitlines()
    words = [d.name for d in gazetteer().by_code.values() if len(d.name) >= 3]
    return words + [p.strip() for p in posts if p.strip() and not p.startswith("#") and len(p.strip()) >= 3]


@lru_cache(maxsize=1)
def place_tags() -> dict[str, str]:
    """jieba's part-of-speech tag of each dictionary word ("ns" is a place name)."""
    import jieba.posseg

    tokenizer()
    return jieba.posseg.dt.word_tag_tab


def search_terms(text: str) -> list[str]:
    """Search-engine-mode terms (words and the dictionary words inside them), unique, in order.

    Indexed as exact terms: a query for 新能源 finds 新能源汽车 but not 新的能源.
    """
    terms = tokenizer().cut_for_search(text)
    return list(dict.fromkeys(t for t in terms if _WORD.search(t)))


def query_terms(text: str) -> list[str]:
    """Accurate-mode words of a user's query: each must be present as a word in a hit."""
    return [t for t in tokenizer().lcut(text) if _WORD.search(t)]


def keywords(text: str, top: int = 10) -> list[str]:
    tokenizer()
    found = jieba.analyse.extract_tags(text, topK=top + len(STOP_KEYWORDS))
    picked = [w for w in found if w not in STOP_KEYWORDS and len(w) > 1 and not w.isdigit()]
    return picked[:top]
