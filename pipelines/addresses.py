"""Street addresses with a house number (上海市虹口区甜爱支路23号2楼, 南京路86号): one place each,
located at the division written at its head.

An address is found by its number after a road's word (路, 街, 大道, 巷, 弄, 胡同), read leftwards
over the words a road's or a division's name is made of, and rightwards over a floor, or a
building with its floor and room. Only numbers after a road count: 3号 alone is a date, a
platform or a ranking."""
from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from pipelines.records import Place

# The number and what may follow it: a sub-number (之8), a floor (2楼, 二层), or a building with
# its floor and room (上田大厦二楼, 理想国际大厦8层, 欧亚7214室).
_HOUSE = re.compile(
    r"(?<=[路街道巷弄同])[甲乙丙丁]?\d{1,5}(?:-\d{1,5})?号(?![线码称])(?:之\d{1,3})?(?:院|楼(?=[，。、；\s]|$))?"
    r"(?:(?:[\u4e00-\u9fffA-Za-z]{2,10}?(?:大厦|大楼|中心|广场|商城|公寓))?(?:[A-Za-z]座)?"
    r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})[楼层](?:(?:\d{1,5}|[A-Za-z])室?)?)?")
# Words that end a road's name: the number must follow one of them.
_ROAD = re.compile(r"(?:路|街|大道|大街|巷|弄|胡同|道)$")
# Words that end so and name no road: ways, channels and lines (跑道3号, 频道8号, 轨道3号线), a
# subdistrict (街道3号文件).
_NOT_ROADS = frozenset("轨道 通道 跑道 频道 下水道 街道 车道 坡道 隧道 栈道 航道 渠道 管道 赛道 人行道 走道 过道 步道 匝道 "
                       "地道 报道 知道 线路 电路 道路 公路 铁路 思路 出路 网路 销路 门路 套路 弯路 后路 通路 马路".split())
# Word classes no road's name is made of (jieba tags): verbs, particles, prepositions, pronouns,
# adverbs, numbers, time words and marks.
_NOT_IN_NAME = {"v", "vd", "p", "c", "u", "uj", "ul", "ud", "ug", "uz", "uv", "d", "r", "m", "q", "t", "f", "x", "w",
                "y", "e", "o", "a", "ad", "tg", "zg"}
_CHINESE = re.compile(r"[\u4e00-\u9fff]+")
# Words an area's name is made of besides names (黄茶岭 + 街道, 和平 + 里, 东 + 门), and a road's
# word alone, whose name is the word before it whatever that is (园林 + 路, 体育 + 东路).
_AREA_WORD = re.compile(r"(?:街道|社区|镇|乡|村|区|县|市|省|里|门|城|园|路|街|道|巷|桥|湾|口|坊|岭|山|河|湖)$")
_BARE_ROAD = re.compile(r"(?:[东西南北中]?路|街|大道|大街|大路|巷|弄|道)")
_NAME_TAGS = {"ns", "nz", "j", "nr", "nrt"}
_LONGEST_HEAD = 20  # 湖南省衡阳市雁峰区黄茶岭街道黄路 is 16 characters


def street_addresses(text: str, word_at: dict[int, str], tags: dict[str, str], places: Collection[str]
                     ) -> list[tuple[int, int]]:
    """Spans of the street addresses with a house number that the text writes, in order: the
    road's word, read leftwards over the places written before it (``places``, as written:
    上海市虹口区, 龙岗街道) and the words of a road's or an area's name (甜爱 + 支路, 黄茶岭 + 街道),
    not over common words (收件地址)."""
    ends = {at + len(word): at for at, word in word_at.items()}
    longest = max(map(len, places), default=0)
    spans: list[tuple[int, int]] = []
    for house in _HOUSE.finditer(text):
        head = ends.get(house.start())
        if head is None or not _ROAD.search(word_at[head]) or word_at[head] in _NOT_ROADS:
            continue  # a number not after a road's word (号 of a date, a road cut inside a word)
        if _BARE_ROAD.fullmatch(word_at[head]) and (before := ends.get(head)) is not None \
                and _CHINESE.fullmatch(word_at[before]):
            head = before  # the road's name, whatever word it is (园林 + 路, 体育 + 东路, 青年 + 大街)
        while house.start() - head < _LONGEST_HEAD:
            if place := next((text[at:head] for at in range(max(0, head - longest), head) if text[at:head] in places), None):
                head -= len(place)  # the longest place written right before: 上海市虹口区, not 虹口区
                continue
            before = ends.get(head)
            word = word_at[before] if before is not None else ""
            if not (_CHINESE.fullmatch(word) and tags.get(word) not in _NOT_IN_NAME
                    and (word not in tags or tags[word] in _NAME_TAGS or _AREA_WORD.search(word))):
                break
            head = before
        if not spans or spans[-1][1] <= head:
            spans.append((head, house.end()))
    return spans


def address_place(address: str, places: Sequence[Place]) -> Place:
    """The address as a place, located at the lowest division written at its head, one name
    after the other (上海市 + 虹口区 of 上海市虹口区甜爱支路23号); unlocated where none is."""
    written = [p for p in places if p.mention and p.adcode]
    found, at = None, 0
    while step := max((p for p in written if address.startswith(p.mention, at)), key=lambda p: len(p.mention), default=None):
        found, at = step, at + len(step.mention)
    if found is None:
        return Place(name=address, mention=address, level="address")
    county = found.name if found.level == "county" else found.county
    township = found.name if found.level == "township" else found.township
    return found.model_copy(update={"name": address, "mention": address, "level": "address",
                                    "county": county, "township": township})
