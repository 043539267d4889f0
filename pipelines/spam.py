"""Find text injected for SEO or advertising, remove it, and put back the name it replaced.

Some injections replace a place name everywhere it occurs ("<advert>市召开…"). Where the document
itself gives strong evidence of the original (counties of one city, abbreviations such as 驻常),
the name is restored; otherwise a neutral 某 stands in and the document is flagged.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from pipelines.gazetteer import gazetteer
from pipelines.records import Page
from pipelines.regex_prefilter import prefiltered
from pipelines.segment import cut, place_tags

_CUE = r"(?:app|APP|App|客户端|官方|官网|下载|注册|登录|入口|网址|开户|充值|平台|加微信|微信号|VX|vx)"
_NAME_SUFFIX = "市区县镇省州"
_PLACEHOLDER = "某"
_ABBREVIATION = re.compile(r"(?:驻|留|赴)(?P<abbr>[\u4e00-\u9fff])(?=[，、。；”]|中央|省|单位|工作|发展|创业|投资|人才)")
# Evidence needed before a name is put back: two independent hints, more than any rival city has.
_MIN_EVIDENCE = 2


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    gambling, cued, section = [], [], None
    for line in resources.files("pipelines.resources").joinpath("spam_terms.txt").read_text("utf-8").splitlines():
        if line.startswith("# ["):
            section = line[3:line.index("]")]
            continue
        if not line.strip() or line.startswith("#"):
            continue
        (gambling if section == "gambling" else cued).append(line.strip())
    word = r"[A-Za-z\u4e00-\u9fff]"
    # An advert phrase: the spam word with the advert cues glued to it ("中国福彩app官方下载"), or
    # standing where a place name stood ("…彩票市召开"). The word alone is news: "开设赌场罪".
    always = re.compile(rf"(?:{'|'.join(gambling)})(?:{word}{{0,4}}?{_CUE})*", re.I)
    with_cue = re.compile(rf"(?:{'|'.join(cued)})(?:[A-Za-z]{{0,5}})?(?:{_CUE})+", re.I)
    return prefiltered(always), prefiltered(with_cue)


_CUE_IN = re.compile(_CUE, re.I)


def _is_advert(m: re.Match) -> bool:
    """A gambling word is an advert with a cue in or after it ("注册送38元", "皇冠体育app下载") or
    where a place name stood ("…娱乐城市召开"); alone it is news ("开设赌场罪")."""
    return bool(_CUE_IN.search(m.group(0))) or m.string[m.end():m.end() + 1] in tuple(_NAME_SUFFIX)


def find_adverts(text: str) -> list[str]:
    always, with_cue = _patterns()
    return [m.group(0) for m in always.finditer(text) if _is_advert(m)] + \
        [m.group(0) for m in with_cue.finditer(text)]


def _is_advert_paragraph(paragraph: str, adverts: list[str]) -> bool:
    covered = sum(len(a) for a in adverts)
    return covered >= 0.3 * len(paragraph) or len(adverts) >= 3 and len(paragraph) < 120


def _stands_for_a_name(advert: str, text: str) -> bool:
    return any(text[m.end():m.end() + 1] in _NAME_SUFFIX and text[m.end():m.end() + 1]
               for m in re.finditer(re.escape(advert), text))


_FULL_NAME = re.compile(r"(?=([\u4e00-\u9fff]{2,5}?(?:市|区|县)))")


def _place_mentions(text: str) -> set[str]:
    """County-level names in the text: full names with their suffix (溧阳市, 姜堰区), and short
    forms only where jieba reads them as a place word, so 振兴 or 资源 in prose prove nothing."""
    g = gazetteer()
    full = {m.group(1) for m in _FULL_NAME.finditer(text)}
    mentions = {name for name in full if any(d.name == name for d in g.lookup(name))}
    tags = place_tags()
    mentions |= {w for w in cut(text) if tags.get(w) == "ns" and g.lookup(w)}
    return mentions


def city_evidence(text: str) -> Counter:
    """Which city the text is about, judged from the county-level names it mentions and from
    one-character abbreviations (驻常 → 常州). Names shared by several cities prove nothing."""
    g = gazetteer()
    votes: Counter = Counter()
    counted: set[str] = set()
    for name in _place_mentions(text):
        divisions = [d for d in g.lookup(name) if d.level == "county"]
        cities = {g.city_of(d).adcode for d in divisions if g.city_of(d)}
        if len(cities) == 1 and divisions[0].adcode not in counted:
            counted.add(divisions[0].adcode)
            votes[cities.pop()] += 1
    for m in _ABBREVIATION.finditer(text):
        for code in list(votes):
            if g.by_code[code].short_name.startswith(m["abbr"]):
                votes[code] += 1
    return votes


def restore_name(text: str) -> str | None:
    ranked = city_evidence(text).most_common(2)
    if not ranked or ranked[0][1] < _MIN_EVIDENCE or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return gazetteer().by_code[ranked[0][0]].short_name


def remove_spam(page: Page) -> Page:
    text = "\n".join(page.paragraphs)
    adverts = sorted(set(find_adverts(text)), key=len, reverse=True)
    if not adverts:
        return page
    flags = set(page.flags) | {"spam_removed"}
    replacements: dict[str, str] = {}
    for advert in adverts:
        if _stands_for_a_name(advert, text):
            clean_text = text
            for a in adverts:
                clean_text = clean_text.replace(a, "")
            name = restore_name(clean_text)
            replacements[advert] = name or _PLACEHOLDER
            flags.add("spam_name_restored" if name else "spam_name_unresolved")
        else:
            replacements[advert] = ""
    kept = []
    removed: dict[str, None] = {}
    for paragraph in page.paragraphs:
        found = [a for a in adverts if a in paragraph and not replacements[a]]
        if found and _is_advert_paragraph(paragraph, find_adverts(paragraph)):
            removed[paragraph] = None
            continue
        for advert in adverts:
            if advert in paragraph:
                removed[advert] = None
                paragraph = paragraph.replace(advert, replacements[advert])
        if paragraph.strip():
            kept.append(paragraph.strip())
    return page.model_copy(update={"paragraphs": tuple(kept), "flags": frozenset(flags),
                                   "spam_removed": page.spam_removed + tuple(removed)})
