import random
import re

import pytest

from pipelines.regex_prefilter import DIGIT, first_characters, prefiltered
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
    (r"\d+元|美国", 0, {DIGIT, "美"}),  # any digit, full-width ones too
])
def test_first_characters_are_those_a_match_can_start_with(source, flags, expected):
    assert first_characters(re.compile(source, flags)) == expected


def test_a_digit_first_matches_every_digit_as_without_the_lookahead():
    plain = re.compile(r"\d+元|美国")
    assert _spans(prefiltered(plain), "花了５元和12元，美国") == _spans(plain, "花了５元和12元，美国") != []


@pytest.mark.parametrize("source", [r"\w+元", r".彩", "(?:中国)?", "[^a]b", "a*", "(?i:vs)|对阵"])
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


def test_a_trie_of_words_matches_exactly_as_their_alternation_longest_first():
    from pipelines.regex_prefilter import alternation

    rnd = random.Random(7)
    alphabet = "美国联储英法中华人民共和"
    for _ in range(200):
        words = {"".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 4))) for _ in range(rnd.randint(1, 12))}
        after = rnd.choice(["", "国?军", "(?!国)", "[人民]{2}"])  # what follows decides between a longer and a shorter word
        flat = re.compile(f"(?:{'|'.join(sorted(map(re.escape, words), key=len, reverse=True))}){after}")
        trie = re.compile(f"(?:{alternation(words)}){after}")
        for _ in range(20):
            text = "".join(rnd.choice(alphabet + "军，") for _ in range(rnd.randint(0, 30)))
            assert _spans(trie, text) == _spans(flat, text), (words, after, text)
    assert alternation(["美国", "美联储", "英国"]) == "(?:美(?:国|联储)|英国)"
    assert not re.search(alternation([]), "anything")


def test_the_match_report_cues_match_exactly_as_their_plain_alternation():
    from pipelines.sports import _CUE_WORDS, _CUES

    assert _CUES.pattern.startswith("(?=[")
    plain = re.compile("|".join(sorted(_CUE_WORDS, key=len, reverse=True))
                       + r"|(?<![\d.:])\d{1,2}\s*(?:-|比)\s*\d{1,2}(?![\d.:%])|\d{1,2}胜\d{1,2}[平负]|(?i:vs)")
    texts = [*TEXTS, "曼联主场2-1战胜利物浦，本轮任选九场胜平负VS主胜赔，５胜２平，切尔西Vs阿森纳。"]
    for text in texts:
        assert _spans(_CUES, text) == _spans(plain, text)
    assert len(_spans(_CUES, texts[-1])) >= 8
