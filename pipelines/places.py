"""Places a story mentions, resolved to China's administrative divisions with adcode, level,
province, city and coordinates, including short forms (锡山, 溧阳) and development zones
(溧阳高新区, 镇江经开区) attached to their city."""
from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache
from itertools import accumulate

from pipelines.gazetteer import Division, Gazetteer, gazetteer
from pipelines.records import GeoPoint, Place
from pipelines.segment import cut, place_tags
from pipelines.townships import TOWNSHIP_NAME, VILLAGE_NAME, Township, table

_ZONE = re.compile(r"(?P<base>[\u4e00-\u9fff]{2,4}?)(?P<zone>经开区|经济开发区|高新区|高新技术产业开发区|开发区|新区|工业园区)")
_FULL = re.compile(r"(?=(?P<name>[\u4e00-\u9fff]{2,6}?(?:省|市|区|县)))")
# Provincial committees and governments name the province without naming it: not a place mention.
_NOT_PLACES = {"新区", "城区", "市区", "郊区", "园区", "社区", "景区", "片区", "街区", "湖区", "商务区", "示范区"}


def _as_place(g: Gazetteer, division: Division, name: str | None = None, level: str | None = None) -> Place:
    province = g.province_of(division)
    city = g.city_of(division)
    location = GeoPoint(lat=division.lat, lon=division.lon) if division.lat is not None else None
    return Place(name=name or division.name, adcode=division.adcode, level=level or division.level,
                 province=province.name if province else None,
                 city=city.name if city and division.level != "province" else None, location=location)


def _choose(candidates: tuple[Division, ...], text: str, at: int) -> Division | None:
    """One division for a name: the only one; a city, where the others are inside it (淮安 is
    淮安市 before its district 淮安区: a bare name says the whole); or the one whose city the
    text names last before the mention (徐州市鼓楼区 … 鼓楼区 is 徐州's, not 南京's)."""
    if len(candidates) == 1:
        return candidates[0]
    g = gazetteer()
    cities = {g.city_of(division) for division in candidates}
    if len(cities) == 1 and (city := cities.pop()) in candidates:
        return city
    best, best_at = None, -1
    for division in candidates:
        city = g.city_of(division)
        if not city:
            continue
        seen = text.rfind(city.short_name, 0, at + 1)
        if seen > best_at:
            best, best_at = division, seen
    return best


def _zone_place(base: str) -> Division | None:
    """The place a zone belongs to, inside the words before it: 南京江北新区 → 南京,
    随着宿迁经开区 → 宿迁."""
    g = gazetteer()
    for size in range(len(base), 1, -1):
        for candidate in (base[:size], base[-size:]):
            if g.lookup(candidate):
                return g.lookup(candidate)[0] if len(g.lookup(candidate)) == 1 else None
    return None


@lru_cache(maxsize=1)
def _short_names() -> frozenset[str]:
    """Dictionary words tagged as place names ("ns") that are a division's short form, not its
    full name (溧阳, 锡山): the words of a story worth a look as a place."""
    g, tags = gazetteer(), place_tags()
    return frozenset(name for name, divisions in g.by_name.items()
                     if tags.get(name) == "ns" and not any(d.name == name for d in divisions))


def preload() -> None:
    _short_names()
    table()


def _in_scope(candidates: Sequence[Township], codes: Collection[str]) -> Township | None:
    """The one candidate in the narrowest of the story's divisions that holds any (its counties,
    then cities, then provinces); none where two are. Where the story names no division, the
    only one in the country (a township's name is unique in 30,000 of 34,000 names); where it
    names others, none: the table may know the township by another name (天平路街道 written
    天平街道) and a namesake elsewhere would be wrong."""
    scopes = ({code for code in codes if not code.endswith("00")},
              {code[:4] for code in codes if not code.endswith("0000")},
              {code[:2] for code in codes})
    for width, scope in zip((6, 4, 2), scopes):
        inside = [t for t in candidates if t.county_code[:width] in scope]
        if inside:
            return inside[0] if len(inside) == 1 else None
    return candidates[0] if len(candidates) == 1 and not codes else None


def township_place(name: str, codes: Collection[str],
                   townships: Collection[tuple[str, str]] | None = None) -> tuple[Place, str] | None:
    """A township (华亭镇, 万江街道) or a village (潘西村) as a place, with the adcode of the county
    it is in, where the divisions (``codes``, their adcodes) or the name alone make it certain.
    A village is looked for only in the ``townships`` given (county code and name: those the
    story names, for a village written alone: 小渔村 is also a word), or else in the counties, or
    else the cities, of ``codes`` (the divisions written before it). Its location is its
    county's (the table has no coordinates below the county)."""
    tables = table()
    if TOWNSHIP_NAME.search(name) and (township := _in_scope(tables.townships(name), codes)):
        return _township_place(township, name, "township"), township.county_code
    if not VILLAGE_NAME.search(name) or len(name) < 3:
        return None
    if townships is not None:
        scopes = [[h for h in tables.with_village(name, {code for code, _ in townships}) if (h.county_code, h.name) in townships]]
    else:
        counties = {code for code in codes if not code.endswith("00")}
        cities = {t.county_code for code in codes if code.endswith("00") and not code.endswith("0000")
                  for t in _townships_of_city(code[:4])}
        scopes = [tables.with_village(name, counties), tables.with_village(name, cities)]
    for holders in scopes:
        if holders:
            return (_township_place(holders[0], name, "village"), holders[0].county_code) if len(holders) == 1 else None
    return None


def townships_named(name: str, county_code: str) -> set[tuple[str, str]]:
    """The townships of that county that ``name`` names (county code and the table's name):
    后沙峪镇 is 顺义区's 后沙峪地区."""
    return {(t.county_code, t.name) for t in table().townships(name) if t.county_code == county_code}


def _townships_of_city(prefix: str) -> list[Township]:
    return [t for code, townships in table().by_county.items() if code.startswith(prefix) for t in townships]


def _township_place(township: Township, name: str, level: str) -> Place:
    g = gazetteer()
    county = g.by_code.get(township.county_code) or next(
        (d for d in g.lookup(township.county) if d.name == township.county), None)
    village_of = township.name if level == "village" else None
    if county is None:  # a county newer than the Ministry's table: the names the township table gives
        return Place(name=name, level=level, province=township.province, city=township.city,
                     county=township.county, township=village_of)
    return _as_place(g, county).model_copy(update={"name": name, "adcode": None, "level": level,
                                                   "county": county.name, "township": village_of})


# What follows a time zone's 时间: a date, a day or a time of day (北京时间8月21日, 北京时间周五,
# 北京时间今天凌晨, 北京时间的明天); not 在上海时间不长.
_CLOCK_AFTER = re.compile(r"时间(?:的)?[\d０-９零一二三四五六七八九十今明昨本周星上下凌早晚中午次当清傍深子黎夜]")


def names_a_time(text: str, end: int) -> bool:
    """A place written before 时间 names its time zone, not itself (北京时间 in foreign news)."""
    return bool(_CLOCK_AFTER.match(text, end))


def extract_places(text: str, words: Sequence[str] | None = None) -> list[Place]:
    """Places the text names; ``words`` is the text already cut into words, if the caller has it."""
    g = gazetteer()
    mentions: list[tuple[str, int, bool]] = []  # name, position, written in full
    covered = 0  # where the last full name ends: 鞍山市 inside 马鞍山市 is none
    for m in _FULL.finditer(text):
        name = m["name"]
        if m.start() + len(name) <= covered:
            continue
        if name not in _NOT_PLACES and any(d.name == name for d in g.lookup(name)):
            mentions.append((name, m.start(), True))
            covered = m.start() + len(name)
    words = cut(text) if words is None else words
    short = _short_names()
    starts = accumulate(map(len, words), initial=0)
    mentions += [(word, at, False) for word, at in zip(words, starts)
                 if word in short and not names_a_time(text, at + len(word))]
    # A short form (太湖, 河南) counts only inside a province the story names in full (溧阳市,
    # 江苏省): 太湖翠竹 is a tea from the lake, not 安徽's 太湖县. With no full name, only a
    # province's or a city's short form counts (河南, 台南): a county's is a word as often (长寿笋,
    # 无伤大雅, 共产党的江山, 市政、路桥, 古城酒店), and the recogniser reads the ones that are places.
    provinces = {g.lookup(name)[0].province_code for name, _, full in mentions if full and len(g.lookup(name)) == 1}
    counts = (lambda d: d.province_code in provinces) if provinces else (lambda d: d.level in ("province", "city"))
    mentions = [(n, a, f) for n, a, f in mentions if f or any(map(counts, g.lookup(n)))]
    found: dict[str, Place] = {}
    for name, position, _ in sorted(mentions, key=lambda m: m[1]):
        candidates = tuple(d for d in g.lookup(name) if d.level != "province") or g.lookup(name)
        division = _choose(candidates, text, position)
        if division and division.name not in found:
            found[division.name] = _as_place(g, division)
    for m in _ZONE.finditer(text):
        division = _zone_place(m["base"])
        if division is None:
            continue
        base = m["base"]
        zone = m.group(0)[base.index(division.short_name):] if division.short_name in base else m.group(0)
        if zone not in found:
            found[zone] = _as_place(g, division, name=zone, level="zone")
    return list(found.values())
