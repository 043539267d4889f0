"""The fast segmentation (rjieba, folded back to jieba's conventions) gives jieba's words, search
terms and keywords, token for token: on every seed and quality text, and on seed text with
digits, Latin letters, symbols and full-width characters sprinkled in."""
import random
import re

import jieba.analyse
import pytest

from pipelines import segment
from pipelines.fingerprint import simhash
from tests.texts import TEXTS

_WORD = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)
_SPRINKLES = list("abcXYZ0123456789.-_%#&+@/:;,!?()[]{}'\" \t\n\r\nＡ１２％，。、“”—…·・") + ["c#", "C++", "36.7%", "2022-2023"]


def _pieces() -> list[str]:
    return [piece for text in TEXTS for piece in [text, *text.split("\n\n")] if piece.strip()]


def _sprinkled(count: int, seed: int) -> list[str]:
    source = "".join(TEXTS)
    rnd = random.Random(seed)
    texts = []
    for _ in range(count):
        start = rnd.randrange(len(source) - 300)
        chars = list(source[start:start + rnd.randrange(5, 300)])
        for _ in range(rnd.randrange(0, 20)):
            chars.insert(rnd.randrange(len(chars) + 1), "".join(rnd.choice(_SPRINKLES) for _ in range(rnd.randrange(1, 6))))
        texts.append("".join(chars))
    return texts


def test_words_are_jiebas_on_every_seed_and_quality_text():
    jieba_words = segment.tokenizer()
    for text in _pieces():
        assert segment.cut(text) == jieba_words.lcut(text)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_words_are_jiebas_with_latin_digits_and_symbols_mixed_in(seed):
    jieba_words = segment.tokenizer()
    for text in _sprinkled(1500, seed):
        assert segment.cut(text) == jieba_words.lcut(text), text


def test_every_character_is_in_exactly_one_word():
    for text in _sprinkled(300, 9):
        assert "".join(segment.cut(text)) == text


def test_search_terms_and_keywords_are_what_jieba_gives():
    jieba_words = segment.tokenizer()
    for text in _pieces() + _sprinkled(300, 4):
        expected_terms = list(dict.fromkeys(t for t in jieba_words.cut_for_search(text) if _WORD.search(t)))
        assert segment.search_terms(text) == expected_terms
        found = jieba.analyse.extract_tags(text, topK=10 + len(segment.STOP_KEYWORDS))
        expected_keywords = [w for w in found if w not in segment.STOP_KEYWORDS and len(w) > 1 and not w.isdigit()]
        assert segment.keywords(text) == expected_keywords[:10]


def test_title_and_body_cut_apart_are_the_whole_cut():
    title, body = "常州新春第一会吹响冲锋号", "总投资超470亿元的15个新能源重大产业项目签约落户。\n\n溧阳市、金坛区同步开工。"
    assert [*segment.cut(title), "\n", *segment.cut(body)] == segment.tokenizer().lcut(f"{title}\n{body}")


def test_simhash_sets_a_bit_where_the_terms_with_it_outweigh_the_others():
    # Reference: the textbook loop, one signed weight per bit.
    from collections import Counter
    from hashlib import blake2b

    def reference(terms):
        weights = [0] * 64
        for term, count in Counter(terms).items():
            h = int.from_bytes(blake2b(term.encode(), digest_size=8).digest(), "big")
            for bit in range(64):
                weights[bit] += count if h >> bit & 1 else -count
        return f"{sum(1 << bit for bit in range(64) if weights[bit] > 0):016x}"

    for text in _pieces()[:20]:
        terms = segment.search_terms(text)
        assert simhash(terms) == reference(terms)
        assert simhash(terms + terms[:5]) == reference(terms + terms[:5])
    assert simhash([]) == reference([]) == "0000000000000000"
