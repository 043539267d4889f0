"""Organisation names in their full, official form, with their place and parent body.

News writes bodies the short way: 省发改委, 市委宣传部, 区法院, 国务院. The full name follows from
the name itself and, for a level word alone (省, 市, 区, 县), from the story's place, but only
where that place is certain: every division the story names lies in one province (for 省) or one
city (for 市), or the story names one county (for 区/县). Otherwise the name stays as written.

- 省发改委 in a Jiangsu story → 江苏省发展和改革委员会, place 江苏省;
- 常州市委 → 中共常州市委员会; 市委宣传部 in a Changzhou story → 中共常州市委员会宣传部, parent
  中共常州市委员会;
- 市商务局外资处 → parent 常州市商务局;
- 国务院 → 中华人民共和国国务院, 党中央 → 中国共产党中央委员会;
- 湖塘镇党委 → 中共湖塘镇委员会; 街道党工委 in a story about 健康路街道 alone → 中共健康路街道工作委员会.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from pipelines.gazetteer import Division, gazetteer
from pipelines.townships import township_opening

NATIONAL = {
    "国务院": "中华人民共和国国务院",
    "中共中央": "中国共产党中央委员会",
    "党中央": "中国共产党中央委员会",
    "中央": "中国共产党中央委员会",
    "全国人大常委会": "全国人民代表大会常务委员会",
    "全国人大": "全国人民代表大会",
    "全国政协": "中国人民政治协商会议全国委员会",
    "中央纪委": "中国共产党中央纪律检查委员会",
    "国家发改委": "国家发展和改革委员会",
    "最高法": "最高人民法院",
    "最高检": "最高人民检察院",
}
# Short forms of a body's name after its place, and what they stand for.
BODIES = {
    "发改委": "发展和改革委员会", "发展改革委": "发展和改革委员会", "工信局": "工业和信息化局",
    "经信委": "经济和信息化委员会", "工信厅": "工业和信息化厅", "科技局": "科学技术局", "科技厅": "科学技术厅",
    "人社局": "人力资源和社会保障局", "人社厅": "人力资源和社会保障厅", "住建局": "住房和城乡建设局",
    "住建厅": "住房和城乡建设厅", "卫健委": "卫生健康委员会", "市场监管局": "市场监督管理局",
    "文旅局": "文化和旅游局", "文旅厅": "文化和旅游厅", "交通局": "交通运输局", "应急局": "应急管理局",
    "国资委": "国有资产监督管理委员会", "政府": "人民政府", "法院": "人民法院", "中院": "中级人民法院",
    "检察院": "人民检察院", "人大常委会": "人民代表大会常务委员会", "人大": "人民代表大会",
    "生态环境局": "生态环境局", "自然资源局": "自然资源和规划局", "农业农村局": "农业农村局",
    "商务局": "商务局", "商务厅": "商务厅", "财政局": "财政局", "财政厅": "财政厅", "教育局": "教育局",
    "教育厅": "教育厅", "公安局": "公安局", "公安厅": "公安厅", "民政局": "民政局", "司法局": "司法局",
    "审计局": "审计局", "统计局": "统计局", "税务局": "税务局", "水利局": "水利局", "水利厅": "水利厅",
}
# Bodies of a party committee: 市委宣传部 is 中共X市委员会宣传部, its parent the committee.
PARTY_BODIES = ("宣传部", "组织部", "统战部", "政法委", "办公室", "网信办", "编办", "党校")
_LEVEL = re.compile(r"^(?P<level>省|市|区|县)(?P<body>.+)$")
# A unit inside a body: 市商务局外资处, 市科技局对外合作处.
_UNIT = re.compile(r"^(?P<parent>.+?(?:局|委|厅|部|院|办))(?P<unit>[\u4e00-\u9fff]{1,8}(?:处|科|室|股|中心|支队|大队))$")


# A township's bodies (镇党委, 乡政府, 街道党工委, 街道办) by the names they are written with.
TOWNSHIP_BODIES = {
    "党委": "中共{}委员会", "党工委": "中共{}工作委员会", "纪委": "中共{}纪律检查委员会",
    "政府": "{}人民政府", "人民政府": "{}人民政府", "人大": "{}人民代表大会", "办事处": "{}办事处", "办": "{}办事处",
}
_TOWNSHIP_LEVEL = re.compile(r"^(?P<level>镇|乡|街道)(?P<body>.+)$")


class FullName(NamedTuple):
    name: str
    place: str | None = None
    parent: str | None = None


def story_divisions(codes: Sequence[str]) -> tuple[Division | None, Division | None, Division | None]:
    """The province, city and county the story is certainly about, judged from the divisions it
    names: one province only, one city only, one county only; None where it names several."""
    g = gazetteer()
    divisions = [g.by_code[c] for c in codes if c in g.by_code]
    provinces = {g.province_of(d).adcode for d in divisions if g.province_of(d)}
    cities = {g.city_of(d).adcode for d in divisions if d.level != "province" and g.city_of(d)}
    counties = {d.adcode for d in divisions if d.level == "county"}
    pick = lambda codes: g.by_code[next(iter(codes))] if len(codes) == 1 else None  # noqa: E731
    # A county-level city (溧阳市) makes 市 ambiguous: its own paper's 市委 is its own.
    county_cities = any(g.by_code[c].name.endswith("市") for c in counties)
    return pick(provinces), None if county_cities else pick(cities), pick(counties)


def _committee(place: str) -> str:
    return f"中共{place}委员会"


def _in_place(place: str, body: str) -> str:
    """The full name of ``body`` (as written after a place) of the division named ``place``."""
    if body == "委":
        return _committee(place)
    if body == "政协":
        return f"中国人民政治协商会议{place}委员会"
    if body.startswith("委") and body[1:] in PARTY_BODIES:
        return _committee(place) + body[1:]
    if body in ("纪委", "纪委监委"):
        return f"中共{place}纪律检查委员会"
    return place + BODIES.get(body, body)


def _parent(place: str, body: str) -> str | None:
    if body.startswith("委") and body[1:] in PARTY_BODIES:
        return _committee(place)
    return None


def _place_prefix(name: str) -> tuple[Division, str] | None:
    """The division a name opens with (江苏省发改委, 常州市委, 锡山区法院), and the rest."""
    g = gazetteer()
    for size in range(min(len(name) - 1, 8), 1, -1):
        head = name[:size]
        divisions = [d for d in g.lookup(head) if d.name == head]
        if len(divisions) == 1:
            return divisions[0], name[size:]
    return None


def _township_body(name: str, township: str | None) -> FullName | None:
    """A township's body by its own name (湖塘镇党委: a township the table knows, not 城镇 or
    各街道) or by its level word where the story names that one township (镇党委 with 湖塘镇):
    its official name, the township its place."""
    if (opening := township_opening(name)) and name[len(opening):] in TOWNSHIP_BODIES:
        return FullName(TOWNSHIP_BODIES[name[len(opening):]].format(opening), opening)
    if township and (m := _TOWNSHIP_LEVEL.match(name)) and m["body"] in TOWNSHIP_BODIES and township.endswith(m["level"]):
        return FullName(TOWNSHIP_BODIES[m["body"]].format(township), township)
    return None


def full_name(name: str, province: Division | None, city: Division | None, county: Division | None,
              township: str | None = None) -> FullName:
    """The official name of ``name`` where the name and the story's place make it certain;
    ``township`` is the one township the story names, if it names one."""
    if name in NATIONAL:
        return FullName(NATIONAL[name], "中国")
    if name.startswith("中共") and len(name) > 3 and (party := full_name(name[2:], province, city, county)).name.startswith("中共"):
        return party  # 中共苏州市委 is 苏州市委 written with its party: 中共苏州市委员会
    if body := _township_body(name, township):
        return body
    if unit := _UNIT.match(name):
        parent = full_name(unit["parent"], province, city, county)
        resolved = parent.name != unit["parent"] or parent.place is not None
        return FullName(parent.name + unit["unit"] if resolved else name, parent.place, parent.name)
    if prefixed := _place_prefix(name):
        division, body = prefixed
        if body:
            parent = _parent(division.name, body)
            return FullName(_in_place(division.name, body), division.name, parent)
    if m := _LEVEL.match(name):
        level, body = m["level"], m["body"]
        division = {"省": province, "市": city, "区": county, "县": county}[level]
        if level in "区县" and division is not None and not division.name.endswith(level):
            division = None  # 区法院 in a story about 溧阳市 (a county-level city) is not 溧阳's
        known = body == "委" or body in BODIES or body == "政协" or body.startswith(("委", "纪委"))
        if division is not None and known:
            return FullName(_in_place(division.name, body), division.name, _parent(division.name, body))
        if body.startswith("委") and body[1:] in PARTY_BODIES:
            return FullName(name, parent=level + "委")  # 市委宣传部 of a city the story leaves open
    return FullName(name)
