"""Countries and world regions by their Chinese names.

Countries come from ISO 3166-1 as the ``pycountry`` package ships it, with its Simplified Chinese
translations (the common and the official name: 美国, 美利坚合众国); news writes some countries
shorter than either (韩国 for 大韩民国, 伊朗 for 伊朗伊斯兰共和国), and those short forms are
listed here. World regions (continents, oceans, 中东, 东南亚) have no standard table: the list
below is the one news uses.
"""
from __future__ import annotations

import gettext
from functools import lru_cache
from typing import NamedTuple

# Short forms news uses where the ISO name is the long one.
_SHORT_FORMS = {
    "韩国": "KR", "南韩": "KR", "朝鲜": "KP", "北韩": "KP", "伊朗": "IR", "叙利亚": "SY", "老挝": "LA",
    "委内瑞拉": "VE", "摩尔多瓦": "MD", "玻利维亚": "BO", "坦桑尼亚": "TZ", "俄国": "RU", "印尼": "ID", "新西兰": "NZ", "泰国": "TH", "马来西亚": "MY", "菲律宾": "PH",
    "沙特": "SA", "阿联酋": "AE", "土耳其": "TR", "南非": "ZA", "埃及": "EG", "捷克": "CZ", "梵蒂冈": "VA",
}
# Taiwan, Hong Kong and Macao are divisions of the table in pipelines.gazetteer, not countries.
_CHINESE_DIVISIONS = {"TW", "HK", "MO"}
REGIONS = frozenset(
    "地球 亚洲 欧洲 非洲 美洲 北美 北美洲 南美 南美洲 拉美 拉丁美洲 大洋洲 南极洲 中美洲 加勒比 东亚 东南亚 南亚 中亚 西亚 "
    "北非 西非 东非 南部非洲 中东 近东 远东 西欧 东欧 北欧 南欧 中欧 亚太 欧美 欧亚 太平洋 大西洋 印度洋 北冰洋 地中海 "
    "波罗的海 南海 东海 黄海 渤海 海湾 巴尔干 高加索 阿拉伯半岛 朝鲜半岛 "
    # China's own regions, named by news as one place (长三角新能源湖区 is no place 长三角新能源)
    "华北 华东 华南 华中 东北 西北 西南 长三角 长江三角洲 珠三角 珠江三角洲 京津冀 环渤海 大湾区 粤港澳大湾区".split())


class Country(NamedTuple):
    code: str  # ISO 3166-1 alpha-2
    name: str  # the common Chinese name


@lru_cache(maxsize=1)
def _countries() -> dict[str, Country]:
    import pycountry

    chinese = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    preferred: dict[str, str] = {}
    for name, code in _SHORT_FORMS.items():
        preferred.setdefault(code, name)
    by_name: dict[str, Country] = {}
    for c in pycountry.countries:
        if c.alpha_2 in _CHINESE_DIVISIONS:
            continue
        common = chinese.gettext(getattr(c, "common_name", c.name))
        country = Country(c.alpha_2, preferred.get(c.alpha_2, common))
        for name in {chinese.gettext(c.name), common, chinese.gettext(getattr(c, "official_name", c.name))}:
            if name and not name.isascii():
                by_name.setdefault(name, country)
    for name, code in _SHORT_FORMS.items():
        by_name[name] = Country(code, preferred[code])
    return by_name


def country(name: str) -> Country | None:
    """The country a Chinese name stands for (美国, 美利坚合众国, 韩国), or None."""
    return _countries().get(name)


def is_region(name: str) -> bool:
    return name in REGIONS
