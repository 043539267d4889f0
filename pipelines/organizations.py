"""Organisations named in a story, each with a kind: companies, universities and schools,
research bodies, government bodies.

A name ends in a suffix word (有限公司, 集团, 大学, 研究院, 工信局 …) and is read leftwards over
the words jieba finds before it, as long as they can be part of a name (places, nouns, unknown
words such as brand names), stopping at verbs, particles, time words and numbers."""
from __future__ import annotations

import re
from collections.abc import Sequence

from pipelines.records import Organization
from pipelines.segment import cut, place_tags

_SUFFIX_KIND = [
    (("股份有限公司", "有限责任公司", "有限公司", "公司", "集团", "控股", "股份"), "company"),
    (("大学", "学院", "学校", "中学", "小学"), "university"),
    (("研究院", "研究所", "实验室", "研究中心", "工程中心"), "research"),
    (("发改委", "发展改革委", "改革委", "工信局", "科技局", "财政局", "商务局", "教育局", "公安局", "公安分局",
      "人民政府", "管委会", "行政服务局", "教育部", "生态环境局", "审计局", "统计局", "税务局", "招商局", "推进办"),
     "government"),
]
# Word classes that end a name when read leftwards (jieba tags): particles, prepositions,
# conjunctions, adverbs, time words, pronouns, numerals, measure words, punctuation.
_STOP_TAGS = {"u", "uj", "ul", "ud", "ug", "uz", "uv", "p", "c", "d", "t", "r", "m", "q", "f", "x", "w", "y", "e", "o", "tg"}
# Verbs of meeting and doing that stand before an organisation, never inside its name.
_STOP_VERBS = {"走进", "来到", "参观", "调研", "召开", "举行", "签约", "引进", "入选", "创成", "成为", "打造", "推动",
               "支持", "表彰", "包括", "依托", "联合", "携手", "作为", "落户", "前往", "走访", "搭桥", "看望",
               "参加", "参与", "出席", "获得", "获评", "来自", "加快", "实现", "师生", "加强", "区属", "市属", "国有"}
# A suffix word alone names no particular body: "管委会主任" of which park?
_BARE = {"管委会", "人民政府", "推进办", "招商局", "公安局", "公安分局", "公司", "集团", "股份", "控股"}
_COUNTED = re.compile(r"^[一二三四五六七八九十两\d]+[季年月日号个家所]")
_NEVER_INSIDE = {"我们", "今年", "去年", "明年", "全市", "全省", "全区", "各", "该", "本", "我市", "其中", "同时"}
_FUNCTION_CHARS = set("由在与和对向将把被从的及并是为等")
_MAX_WORDS = 6


# The last characters of the suffixes: most words end otherwise and are ruled out at once.
_SUFFIX_ENDS = frozenset(suffix[-1] for suffixes, _ in _SUFFIX_KIND for suffix in suffixes)


def _kind(token: str) -> str | None:
    return next((kind for suffixes, kind in _SUFFIX_KIND if token.endswith(suffixes)), None)


def _can_be_inside(token: str, tags: dict[str, str]) -> bool:
    if token in _NEVER_INSIDE or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", token):
        return False
    if token in _STOP_VERBS or token[0] in _FUNCTION_CHARS and len(token) <= 2 or _COUNTED.match(token):
        return False
    return tags.get(token) not in _STOP_TAGS  # unknown words are usually names (索普赛瑞)


def extract_organizations(text: str, words: Sequence[str] | None = None) -> list[Organization]:
    """Organisations the text names; ``words`` is the text already cut into words, if the caller has it."""
    tags = place_tags()
    tokens = cut(text) if words is None else list(words)
    found: dict[str, str] = {}
    for i in [i for i, token in enumerate(tokens) if token[-1:] in _SUFFIX_ENDS]:
        token = tokens[i]
        kind = _kind(token)
        if not kind:
            continue
        start = i
        while start > 0 and i - start < _MAX_WORDS and _can_be_inside(tokens[start - 1], tags):
            start -= 1
        if start == i and token in _BARE:
            continue
        name = "".join(tokens[start:i + 1])
        if len(name) < (3 if kind == "government" else 4):
            continue
        if kind == "university" and token.endswith("学校") and tags.get(tokens[start]) != "ns":
            continue  # 中等职业学校, 技工学校: a kind of school, not a school
        for shorter in [o for o in found if o in name]:
            del found[shorter]
        if not any(name in longer for longer in found):
            found[name] = kind
    return [Organization(name=name, kind=kind) for name, kind in found.items()]
