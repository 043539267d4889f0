import random
import re

import pytest

from pipelines.regex_prefilter import first_characters, prefiltered
from pipelines.spam import _patterns
from tests.texts import TEXTS


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


@pytest.mark.parametrize("source, flags, expected", [
    ("百家乐|博彩", 0, {"百", "博"}),
    ("(?:澳门)?(?:新)?葡京", 0, {"澳", "新", "葡"}),
    ("[a-c]x|y+", 0, {"a", "b", "c", "y"}),
    ("(?:bet365|casino)", re.I, {"b", "c"}),  # as written: the flag widens the lookahead too
    ("(?<![a-z])国会|(?<=的)军队", 0, {"国", "军"}),  # a lookbehind consumes nothing
])
def test_first_characters_are_those_a_match_can_start_with(source, flags, expected):
    assert first_characters(re.compile(source, flags)) == expected


@pytest.mark.parametrize("source", [r"\d+元", r".彩", "(?:中国)?", "[^a]b", "a*", "(?i:vs)|对阵"])
def test_a_start_it_cannot_bound_leaves_the_pattern_as_it_is(source):
    pattern = re.compile(source)
    assert first_characters(pattern) is None
    assert prefiltered(pattern) is pattern


def test_the_spam_patterns_match_exactly_as_without_the_lookahead():
    adverts = ["中国福彩app官方下载", "百家乐", "BET365官网", "ſbobet", "澳门新葡京注册", "网络贷款APP",
               "秒批贷下载", "注册送88", "棋牌APP", "体彩客户端", "真人视讯", "PK10", "快三计划"]
    rng = random.Random(7)
    texts = list(TEXTS)
    for text in TEXTS[:20]:
        pieces = list(text)
        for _ in range(5):
            pieces.insert(rng.randrange(len(pieces) + 1), rng.choice(adverts))
        texts.append("".join(pieces))
    for fast in _patterns():
        plain = re.compile(fast.pattern.split("])(?:", 1)[1][:-1], fast.flags)
        assert fast.pattern.startswith("(?=[")
        for text in texts:
            assert _spans(fast, text) == _spans(plain, text)
    assert any(_spans(fast, t) for fast in _patterns() for t in texts[len(TEXTS):])


def test_the_known_bodies_pattern_matches_exactly_as_without_the_lookahead():
    from pipelines.organizations import _known_bodies

    fast = _known_bodies()
    assert fast.pattern.startswith("(?=[")
    plain = re.compile(fast.pattern.split("])(?:", 1)[1][:-1], fast.flags)
    texts = [*TEXTS, "美军和俄海军在日本海演习，区委、区政府召开会议，党的十五大，印度边防部队开枪，精英部队。"]
    for text in texts:
        assert _spans(fast, text) == _spans(plain, text)
    assert _spans(fast, texts[-1])
