"""Persons, places and organisations of a text: the statistical recogniser finds the names, the
domain rules add what it cannot know.

- persons: every name the recogniser finds, with the posts the rules read around it (常州市委书记
  陈金虎, 徐光陆处长, 江泽民主席), the unit and place of the post; bylines are not persons;
- places: every place name, resolved to the division table (adcode, level, parent, coordinates)
  where the table has it; countries, regions and places below a county keep their name;
- organisations: every organisation name, with a kind read from its name.

Each entity keeps ``mention``, the string as the text writes it, beside its normal ``name``.
``newsflow entities`` and the pipeline both call :func:`find_entities`.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Sequence
from functools import lru_cache
from itertools import accumulate, chain
from typing import NamedTuple

from pipelines.addresses import address_place, street_addresses
from pipelines.countries import country, is_region
from pipelines.gazetteer import Division, gazetteer
from pipelines.listed_bodies import listed_bodies
from pipelines.org_names import full_name, story_divisions
from pipelines.organizations import (MARKET_IN_BRACKETS, TEAM, extract_organizations, is_kind_of_business, is_short_form,
                                     known_bodies, names_a_unit, organization_kind)
from pipelines.persons import extract_persons, post_after, surname_set
from pipelines.places import _as_place, _choose, extract_places, names_a_time, township_place, townships_named
from pipelines.recognizer import Mention, inside_any, recognise
from pipelines.records import Organization, Person, Place
from pipelines.segment import cut, place_tags
from pipelines.sports import COMPETITIONS, clubs
from pipelines.townships import TOWNSHIP_NAME, VILLAGE_NAME

# Kinds of area, not places: "经开区" alone is whichever zone the story is about.
_NOT_PLACES = {"经开区", "开发区", "高新区", "新区", "园区", "工业园区", "镇街", "城区", "市区", "郊区", "社区", "景区", "片区", "街区",
               "全省", "全市", "全区", "全县", "全国", "各地", "当地", "本地", "外地", "海外", "境外", "国内", "国外"}
# Common words the model reads as places: kinds of city or road, 来宾 ("guests"), a city's name
# that news writes with its 市 (来宾市) far less often than it greets its guests, and 连庄 (a run of
# wins, at the box office as at mahjong), a village's name too.
_COMMON_WORDS = {"大城市", "中城市", "小城市", "中小城市", "大中城市", "特大城市", "高速公路", "高尔夫球场", "异国他乡", "来宾",
                 "连庄"}
# Two places written as one word (欧美国家, 港台明星, 京津两地): two places, neither named alone;
# neither People's Daily nor CLUENER annotates them, and a filter on either place should not find them.
_PAIRS = {"欧美", "美欧", "港台", "港澳", "京津", "江浙", "日韩", "亚非",
          "欧元区"}  # and the countries that share a currency: neither set annotates it either

_NAME_CHARS = re.compile(r"^[\u4e00-\u9fff·•A-Za-z\-]{2,}$")
_CHINESE_WORD = re.compile(r"[\u4e00-\u9fff]+")


class Entities(NamedTuple):
    persons: list[Person]
    places: list[Place]  # places the text speaks of
    organizations: list[Organization]
    # Places written only inside an organisation's name (苏州 in 苏州市委): the organisation's
    # place, not place mentions of their own.
    # The document indexes them beside the places (mention null), so that a filter on 苏州 finds
    # the story about 苏州市委.
    contained_places: list[Place] = []

    def indexed_places(self) -> list[Place]:
        names = {p.name for p in self.places}
        extra = [p.model_copy(update={"mention": None}) for p in self.contained_places if p.name not in names]
        return [*self.places, *extra]


def _whole_names(mentions: list[Mention], word_at: dict[int, str]) -> list[Mention]:
    """The model cuts three-character names short where the third character often starts a word
    (罗豪才主持 → 罗豪): where jieba reads the three characters as one word, the name is those."""
    surnames = surname_set()
    whole = []
    for m in mentions:
        word = word_at.get(m.start, "")
        if m.label == "person" and len(m.text) == 2 and m.text[0] in surnames and len(word) == 3 \
                and word.startswith(m.text):
            m = m._replace(text=word, end=m.start + 3)
        whole.append(m)
    return whole


_IDIOM_TAGS = frozenset({"i", "l"})
# Places named as figures of speech in phrases jieba does not hold as one word: 遭遇滑铁卢 is a
# defeat, not a visit to Waterloo.
_FIGURATIVE_PLACE = re.compile(r"(?<=遭遇|惨遭|遭到|兵败|折戟)滑铁卢")


def _outside_idioms(text: str, mentions: list[Mention], word_at: dict[int, str], tags: dict[str, str]
                    ) -> list[Mention]:
    """A person or a place read inside an idiom or a set phrase is none (名落孙山, 稳如泰山,
    九霄云外, 遭遇滑铁卢); a body keeps its name where the phrase is the body's (可口可乐 of 可口可乐公司)."""
    figurative = {f.span() for f in _FIGURATIVE_PLACE.finditer(text)}
    kept = []
    for m in mentions:
        if m.label == "place" and (m.start, m.end) in figurative:
            continue
        at, word = _word_around(m.start, word_at) if m.label in ("person", "place") else (m.start, "")
        if len(word) > len(m.text) and at + len(word) >= m.end and tags.get(word) in _IDIOM_TAGS:
            continue
        kept.append(m)
    return kept


# A form of address the model reads into the name (李老师, 郑先生, 王某, 明仁天皇, 聂卫平九段): the
# name is what stands before it, the form of address is a title.
_ADDRESS = re.compile(r"(?P<name>.+?)(?P<address>先生|女士|小姐|老师|同志|师傅|教授|博士|大娘|大爷|大妈|阿姨|老|某|天皇|国王|女王|亲王|王子|公主|"
                      r"[一二三四五六七八九]段)$")
# A boss addressed by surname (方总, 周董, 高老板): only after a one-character surname, since
# names end in these characters too.
_BOSS = re.compile(r"总|董|老板")
# A word the model runs on into (郑咏是, 于海案, 克林顿派): not part of a name of three or more.
_CREDITS = set("文序辑版奖卡吧摄图副")
# An era or a style named after a person (勃烈日涅夫时代, 浮士德式的): the person.
_ERA = re.compile(r"(?:时代|时期|年代|式)$")
_RUN_ON = re.compile(r"(?P<name>.{2,}?)(?:是|的|在|说|和|以|到|从|去|也|都|就|将|把|被|对|向|案|派|嗯)$")


def _name_and_address(text: str, m: Mention, surnames: Collection[str]) -> tuple[Mention, str | None]:
    # A name runs on into a word only where the sentence goes on after it (郑咏是国家…, not 张永和）).
    runs_on = bool(re.match(r"[\u4e00-\u9fff]", text[m.end:m.end + 1]))
    if runs_on and len(m.text) >= 3 and (r := _RUN_ON.fullmatch(m.text)) and (m.text[0] in surnames or len(m.text) > 3):
        m = m._replace(text=r["name"], end=m.start + len(r["name"]))
    elif len(m.text) >= 3 and m.text[-1] in "称说" and m.text[0] in surnames:
        m = m._replace(text=m.text[:-1], end=m.end - 1)  # 据肖冰称，…, 张博说，…: "said", before a pause too
    elif (era := _ERA.search(m.text)) and era.start() >= 2:
        m = m._replace(text=m.text[:era.start()], end=m.start + era.start())  # 勃烈日涅夫时代, 浮士德式
    # A credit or a thing named after the person, read into a Chinese name of three characters
    # (梅建明文, 吕祖谦序, 穆里尼奥奖 is a foreign name and stays): the name.
    if len(m.text) == 4 and m.text[0] in surnames and m.text[1] not in surnames and m.text[-1] in _CREDITS:
        m = m._replace(text=m.text[:3], end=m.start + 3)
    if (a := _ADDRESS.fullmatch(m.text)) and (len(a["name"]) >= 2 or a["name"] in surnames):
        return m._replace(text=a["name"], end=m.start + len(a["name"])), a["address"]
    if len(m.text) in (2, 3) and m.text[0] in surnames and (a := _BOSS.fullmatch(m.text, 1)):
        return m._replace(text=m.text[0], end=m.start + 1), a.group(0)  # 方总, 高老板
    for end in range(1, len(m.text) - 1):  # a post the model read into the name: 唐外长, 费舍尔议长
        if post_after(m.text, end) == m.text[end:] and (end >= 2 or m.text[:end] in surnames):
            return m._replace(text=m.text[:end], end=m.start + end), m.text[end:]
    if len(m.text) == 2 and m.text[0] in surnames and m.text[1] in "家氏":  # 刘家, 王氏
        return m._replace(text=m.text[0], end=m.start + 1), m.text[1]
    return m, None


# Time words the model reads as a surname and a name (周中 "midweek", 周末, 年中).
_TIME_WORDS = {"周中", "周末", "周初", "月中", "月初", "月末", "年中", "年初", "年末", "年底", "月底"}
# Words said only of a person, after the name: 库马拉通加总统, 卓科达先生. A name the model read as
# a place or an organisation is a person's where one follows it (not a country's or a division's:
# 美国总统 is the post of the United States).
_PERSON_AFTER = re.compile(r"先生|女士|小姐|夫人|总统|总理|首相|议长|国王|女王|教授|博士|同志")
# The founders an ideology is named after, whose names the model reads into the ideology's.
_IDEOLOGY = re.compile(r"(马克思|恩格斯|列宁|斯大林)(?=主义|思想|学说|著作)")


_SKY = r"(?:晴|多云|阴|小雨|中雨|大雨|暴雨|阵雨|雷阵雨|小雪|中雪|大雪|阵雪|雨夹雪|雾|霾|沙尘暴|浮尘|扬沙)"
# A city's line of a forecast table: 呼和浩特多云转小雨12℃／23℃. The city opens the line, after the
# last line's temperatures (a line with its weather written twice, 西宁多云转雷阵雨多云8℃, is no city).
_FORECAST = re.compile(rf"(?<![\u4e00-\u9fff])(?P<city>[\u4e00-\u9fff]{{2,6}}?){_SKY}(?:转{_SKY})?\s*-?\d+\s*℃")


def _forecast_cities(text: str, mentions: list[Mention]) -> list[Mention]:
    """In a forecast table each line opens with a city, whatever the model read there (卡拉奇晴
    as a person): the city is a place."""
    if text.count("℃") < 3:
        return mentions
    cities = [Mention(f["city"], f.start("city"), f.end("city"), "place") for f in _FORECAST.finditer(text)]
    kept = [m for m in mentions if not any(c.start < m.end and m.start < c.end for c in cities)]
    return sorted([*kept, *cities], key=lambda m: m.start)


# Who speaks in an interview or a transcript: a short name opening a line or a sentence, before a
# colon ("姜山：汉堡最近很是糟糕…", "金石开：建议关注…"). A name the model read as a place or cut
# short there is the speaker's. A columnist's name opens a column's title the same way
# (张路足彩推荐：, 陆慧明火线解盘：, 姚不仙初盘解读：).
_SPEAKER = re.compile(r"(?:^|(?<=[。！？!?\n]))\s*(?:(?P<name>[\u4e00-\u9fff]{2,4})|(?P<columnist>[\u4e00-\u9fff]{2,3}?)"
                      r"[\u4e00-\u9fff]{0,2}(?P<title>解盘|解析|分析|点评|推荐|前瞻|看盘|搜索|解读|观察|评论))[：:]")
_SAYS = re.compile(r"(?:说|问|答|道|称|曰|表示|认为|指出|介绍|透露|强调|写道|推荐)$")
_PERSON_TAGS = {"nr", "nrt", "nrfg"}


def _speaker(name: str) -> bool:
    tags = place_tags()
    surnames = surname_set()
    surname = 2 if name[:2] in surnames else 1 if name[0] in surnames else 0
    given = name[surname:]
    if not surname or not given or _SAYS.search(name) or tags.get(name, "nr") not in _PERSON_TAGS:
        return False  # 主持人, 记者, 他说: words, not names
    if len(given) >= 2 and tags.get(given, "nr") not in _PERSON_TAGS:
        return False  # 原作品: a surname's character before a word
    words = cut(name)
    if len(words) >= 2 and all(len(w) >= 2 and tags.get(w, "nr") not in _PERSON_TAGS for w in words):
        return False  # 文章引用：, 信息来源：: a label of words, no name
    # 徐州鼓楼：, 南通海门：: places opening a section, not a speaker
    return not any(country(name[:end]) or is_region(name[:end]) or gazetteer().lookup(name[:end])
                   for end in range(2, len(name) + 1))


def _columnist(s: re.Match, mentions: list[Mention]) -> Mention:
    """The name before a column's title: the model's, where it read one there (陆慧明 + 解盘),
    else the shortest that leaves a title (张路 + 足彩推荐)."""
    read = next((m for m in mentions if m.label == "person" and m.start == s.start("columnist") and m.end <= s.start("title")
                 and len(m.text) >= 2), None)
    end = read.end if read else s.end("columnist")
    return Mention(s.string[s.start("columnist"):end], s.start("columnist"), end, "person")


def _speakers(text: str, mentions: list[Mention]) -> list[Mention]:
    speakers = [_columnist(s, mentions) if s["columnist"] else Mention(s["name"], s.start("name"), s.end("name"), "person")
                for s in _SPEAKER.finditer(text)]
    speakers = [s for s in speakers if _speaker(s.text)]
    # The model's organisation there is the one who speaks (新京报：), and two of its places
    # side by side are a section's place (徐州 鼓楼：).
    speakers = [s for s in speakers if not any(
        m.start == s.start and m.end == s.end and m.label == "organization"
        or s.start <= m.start and m.end < s.end and m.label == "place" for m in mentions)]
    if not speakers:
        return mentions
    kept = [m for m in mentions if not any(s.start <= m.start and m.end <= s.end for s in speakers)]
    return sorted([*kept, *speakers], key=lambda m: m.start)


# A name the model read as a person's, written before a word for a body, a building or a district,
# names that body or place (盖蒂基金, 盖蒂博物馆, 索维娅国际艺术村, 丽泽商务区): the whole is an
# organisation or a place; and so does a "person" the model read with the word (盖蒂信托).
_BODY_AFTER_NAME = re.compile(r"(?:国际)?(?:基金会|基金|信托|集团|公司)")
_BUILDING_AFTER_NAME = re.compile(r"(?:国际)?(?:艺术村|博物馆|美术馆|艺术中心|中心|公园|广场|大厦|庄园|酒店|空军基地|基地|海滩|球场|体育场)"
                                  r"|(?:金融)?商务区|金融街|商圈|开发区|工业园|科技园|产业园|度假区|风景区|景区|古镇|步行街")


# A "person" read with the word for a place named after someone or something (纪晓岚故居, 李白故里).
_PLACE_NAMED_AFTER = re.compile(r"..(?:故居|故里|峡湾|峡谷)$")


def _named_after(text: str, m: Mention) -> Mention:
    for pattern, label in ((_BODY_AFTER_NAME, "organization"), (_BUILDING_AFTER_NAME, "place")):
        if (after := pattern.match(text, m.end)) and len(m.text) >= 2:
            return Mention(text[m.start:after.end()], m.start, after.end(), label)
        for at in range(m.start + 2, m.end - 1):  # 盖蒂 + 信托, read as one name
            if pattern.fullmatch(text, at, m.end):
                return m._replace(label=label)
    return m


def _persons_by_context(text: str, mentions: list[Mention]) -> list[Mention]:
    mentions = _speakers(text, _forecast_cities(text, mentions))
    mentions = [_named_after(text, m) if m.label == "person" else m for m in mentions]
    mentions = [m._replace(label="place") if m.label == "person" and _PLACE_NAMED_AFTER.search(m.text) else m
                for m in mentions]
    relabelled = []
    for m in mentions:
        if m.label in ("place", "organization") and _PERSON_AFTER.match(text, m.end) and _NAME_CHARS.match(m.text) \
                and country(m.text) is None and not gazetteer().lookup(m.text) and not is_region(m.text) \
                and organization_kind(m.text) == "other":
            m = m._replace(label="person")
        relabelled.append(m)
    taken = [(m.start, m.end) for m in mentions if m.label == "person"]
    for f in _IDEOLOGY.finditer(text):
        if not any(s <= f.start() < e for s, e in taken):
            relabelled.append(Mention(f.group(1), f.start(), f.end(1), "person"))
    return sorted(relabelled, key=lambda m: m.start)


# Parties and the league whose committees are named after them (共青团四川省委, 民革第九届中央常委会).
_PARTY = re.compile(r"中共|中国共产党|共青团|民革|民盟|民建|民进|农工党|致公党|九三学社|台盟")
_TERM_OR_NOTHING = re.compile(r"(?:第?[一二三四五六七八九十\d]{1,3}届)?")


_DOTS = "·•・—-－"


def _joined_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """A foreign name the model cut in two (伯奇 + 费尔, 彼得 + · + 皮奥) is one name, and so is a
    body whose name the model cut at a dot or a dash (佩诺 + — + 里加集团, k2 + · + 海棠湾…有限公司,
    葛兰素· + 威康公司) or after its party (共青团 + 四川省委, 民革 + 第九届 + 中央常委会)."""
    joined: list[Mention] = []
    for m in mentions:
        last = joined[-1] if joined else None
        if last and m.label == "organization" and (m.start - last.end == 1 and text[last.end] in _DOTS
                                                  or m.start == last.end and last.text[-1] in _DOTS or last.label == m.label
                                                  and _PARTY.fullmatch(last.text) and _TERM_OR_NOTHING.fullmatch(text, last.end, m.start)):
            joined[-1] = Mention(text[last.start:m.end], last.start, m.end, "organization")
        elif last and last.label == m.label == "person" and text[last.end:m.start] in ("", "·", "•", "—", "-") \
                and min(len(last.text), len(m.text)) >= 2 and not (len(last.text) <= 3 and len(m.text) <= 3 and last.end == m.start and _is_chinese_name(last.text)):
            joined[-1] = Mention(text[last.start:m.end], last.start, m.end, "person")
        else:
            joined.append(m)
    return joined


def _is_chinese_name(name: str) -> bool:
    return name[:1] in surname_set() or name[:2] in surname_set()


# Surnames that are far more often a function word (和, 都, 任 "serve as", 向 "towards"): before a
# common word they are that word's conjunction or verb, not a name (和专家, 任组长, 向理财, 都难以).
_FUNCTION_SURNAMES = frozenset("和向都任门从那但就把被对在与及并还也又只才给让将连同")
_WORD_TAGS = frozenset({"v", "vn", "vd", "d", "ad", "a", "an", "n", "p", "c", "r", "m", "u", "uj", "t", "f"})


def _function_word_before_word(name: str) -> bool:
    return len(name) == 3 and name[0] in _FUNCTION_SURNAMES and place_tags().get(name[1:]) in _WORD_TAGS


# Dictionary words of these kinds are not read as names after a post; nouns (方针), adjectives
# (舒畅) and place names (苏宁) are names often enough to stay.
_NOT_NAME_TAGS = frozenset({"t", "d", "r", "p", "v", "vn", "c", "u", "f"})


def _a_word_not_a_name(name: str, surnames: Collection[str]) -> bool:
    """A common word (生前, 连忙, 关于) or one and a character (连忙 + 赶), or a surname's
    character before a word (周 + 二晚, 江 + 流域)."""
    tags = place_tags()
    if tags.get(name) in _NOT_NAME_TAGS or len(name) == 3 and tags.get(name[:2]) in _NOT_NAME_TAGS:
        return True
    given = name[2:] if name[:2] in surnames else name[1:]
    return len(given) >= 2 and tags.get(given, "nr") not in _PERSON_TAGS


# Forms of address that say nothing of what the person does: a surname with one (王先生, 张女士, 方总)
# names nobody unless the story gives the whole name, and a surname alone would chart every Mr
# Wang of the index as one person.
_FORM_OF_ADDRESS = re.compile(rf"先生|女士|小姐|太太|夫人|师傅|大爷|大妈|大娘|阿姨|{_BOSS.pattern}")
# A name never ends in the word for a body or a part of a country: the model reads one as a
# person now and then (反 + 托拉斯局, 阿 + 北部 "northern Afghanistan", 王耀强乌审旗建设局). Neither
# public set labels a person so.
_BODY_ENDING = re.compile(r"(?:局|部|厅|署|院|公司|集团|银行)$")


def _persons(text: str, mentions: list[Mention], not_persons: Collection[str]) -> list[Person]:
    by_rules = {p.name: p for p in extract_persons(text)
                if p.name not in not_persons and not _function_word_before_word(p.name)}
    surnames = surname_set()
    found: dict[str, Person] = {}
    addressed: list[Mention] = []
    cased = _CAPITAL.search(text) is not None  # a text not folded to lower case writes names capitalised
    for m in mentions:
        if m.label != "person" or _function_word_before_word(m.text) or is_short_form(m.text) \
                or m.text.lower() in _NOT_LATIN_NAMES or cased and _in_english_prose(text, m) \
                or len(m.text) > 2 and _BODY_ENDING.search(m.text):
            continue  # 和专家; 亚行, 工行: a body's short form; The; logistics, many in an English abstract
        m, address = _name_and_address(text, m, surnames)
        if len(m.text) == 1 and _FORM_OF_ADDRESS.match(text, m.end) and not post_after(text, m.end):  # not 李总理
            addressed.append(m)
            continue
        if m.text in not_persons or not (_NAME_CHARS.match(m.text) or address and m.text in surnames) \
                or address == "某" or m.text in _TIME_WORDS or m.text[-1] == "姓" and m.text[:-1] in surnames:
            continue  # 张某, 吕姓 (一名吕姓男子): a name withheld is no name
        if m.text in found:
            continue
        # The rules read a name next to a post; where the model read the same or a longer name,
        # the posts stay with it.
        rule = by_rules.pop(m.text, None) or next(
            (by_rules.pop(n) for n in list(by_rules) if n in m.text or m.text in n), None)
        if rule is not None and rule.name == m.text:
            found[m.text] = rule.model_copy(update={"mention": m.text})
            continue
        titles = list(rule.titles) if rule else []
        if address:
            titles.append(address)
        elif post := post_after(text, m.end):
            titles.append(post)
        found[m.text] = Person(name=m.text, mention=m.text, titles=titles,
                               organization=rule.organization if rule else None,
                               place=rule.place if rule else None)
    # Names the rules found next to a post that the model missed (short or rare names), unless
    # the model's reading of the sentence shows them to be words (领导 + 连忙, 书记 + 关于).
    for name, person in by_rules.items():
        if not _a_word_not_a_name(name, surnames) and country(name) is None:
            found.setdefault(name, person.model_copy(update={"mention": name}))
    return [*found.values(), *_names_in_latin(text, mentions, found), *_addressed_by_surname(addressed, found)]


def _addressed_by_surname(addressed: list[Mention], found: dict[str, Person]) -> list[Person]:
    """A surname with a form of address is the one person of the story with that surname (王小明 …
    王先生): another mention of that person; with no such person, or several, it names nobody."""
    again: dict[tuple[str, str], Person] = {}  # once per person and way of writing (刘 of 刘翔, however often)
    for m in addressed:
        whole = [p for name, p in found.items() if len(name) >= 2 and name[0] == m.text]
        if len(whole) == 1:
            again.setdefault((whole[0].name, m.text), whole[0].model_copy(update={"mention": m.text}))
    return list(again.values())


# A foreign name in Latin letters after its Chinese transcription: 沃尔贝克（gertjanverbeek）,
# 保罗·盖蒂（J. Paul Getty）.
_LATIN_NAME = re.compile(r"\s*[（(]\s*(?P<name>[A-Za-z][A-Za-z.'\- ]{1,40}[A-Za-z.])\s*[)）]")


_CAPITAL = re.compile(r"[A-Z]")
_LOWER_WORD = re.compile(r"[a-z]+")
_LATIN_BEFORE = re.compile(r"[A-Za-z]+[\s,;:.]*$")
_LATIN_AFTER = re.compile(r"[\s,;:.]*[A-Za-z]")


def _in_english_prose(text: str, m: Mention) -> bool:
    """A word in lower case between English words (logistics, many in an abstract): in a text that
    capitalises, English prose writes names with capitals. (A lower-case nickname among Chinese,
    和lily。, stays a name.)"""
    return bool(_LOWER_WORD.fullmatch(m.text)) and bool(
        _LATIN_BEFORE.search(text, max(0, m.start - 40), m.start) or _LATIN_AFTER.match(text, m.end))


# What a parenthesis after a name says that is no name (陈冲（blog）), and English function words
# the model reads as names (The Parisian).
_NOT_LATIN_NAMES = {"blog", "weibo", "twitter", "facebook", "instagram", "video", "photo", "pic", "via", "the", "a", "an",
                    "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from"}


def _names_in_latin(text: str, mentions: list[Mention], found: dict[str, Person]) -> list[Person]:
    """The same person written in Latin letters: another mention of the name (one name, two entries)."""
    latin = []
    for m in mentions:
        if m.label == "person" and m.text in found and (written := _LATIN_NAME.match(text, m.end)) \
                and written["name"].lower() not in _NOT_LATIN_NAMES:
            latin.append(found[m.text].model_copy(update={"mention": written["name"]}))
    return latin


# One-character names of countries and regions that news joins in pairs: 中美, 中印, 印巴, 欧美.
_COUNTRY_CHARS = {"中": "中国", "美": "美国", "日": "日本", "俄": "俄罗斯", "英": "英国", "法": "法国", "德": "德国",
                  "意": "意大利", "韩": "韩国", "朝": "朝鲜", "印": "印度", "巴": "巴基斯坦", "欧": "欧洲", "亚": "亚洲",
                  "非": "非洲", "澳": "澳大利亚", "加": "加拿大", "越": "越南", "泰": "泰国", "以": "以色列", "伊": "伊朗",
                  "蒙": "蒙古", "菲": "菲律宾", "新": "新加坡", "西": "西班牙", "葡": "葡萄牙", "荷": "荷兰", "瑞": "瑞士"}
# Countries news writes with one character only in a pair before 两国, 关系 and the like (墨美两国,
# 奥中关系); elsewhere the character is a word's (波罗的海, 老挝 aside, 古代).
_PAIRED_ONLY = {"墨": "墨西哥", "奥": "奥地利", "埃": "埃及", "叙": "叙利亚", "土": "土耳其", "古": "古巴", "老": "老挝",
                "柬": "柬埔寨", "缅": "缅甸", "孟": "孟加拉国", "捷": "捷克", "波": "波兰", "匈": "匈牙利", "罗": "罗马尼亚",
                "保": "保加利亚", "希": "希腊", "芬": "芬兰", "挪": "挪威", "丹": "丹麦"}
# A pair of one-character countries is two countries (中美关系, 中美加强对话), except where it
# opens the name of a park, a company or a school (中瑞生态产业园).
_NAMED_AFTER_PAIR = re.compile(r"[\u4e00-\u9fff]{0,6}(?:园|园区|产业园|公司|集团|中心|学校|大学|学院|医院|银行)")
# A region's part: 华北北部 is 华北, 东北地区 is 东北.
_PART = re.compile(r"(?:地区|(?:[东西南北]|东北|西北|东南|西南|中南|中)部)$")
# Weather written after a city in forecast tables ("悉尼晴", "大连多云"): not part of the name.
_WEATHER = re.compile(r"(?:晴转多云|多云转晴|多云|晴|阴|小雨|中雨|大雨|暴雨|阵雨|雷阵雨|小雪|中雪|大雪|雨夹雪|雾)$")


_STREET_LEVEL = re.compile(r"(?:路|街|巷|弄|号|村|镇|乡|街道|社区|小区|大厦|广场|大道|公园)$")


def _inside(outer: str, inner: str) -> bool:
    """``inner`` names a place inside ``outer``: a division under it, or a street-level place."""
    g = gazetteer()
    if _STREET_LEVEL.search(inner):
        return True
    outers = {d.adcode for d in g.lookup(outer) if d.name == outer}
    for d in g.lookup(inner):
        parents = {x.adcode for x in (g.province_of(d), g.city_of(d)) if x is not None and x.adcode != d.adcode}
        if outers & parents:
            return True
    return False


@lru_cache(maxsize=4096)
def _address_division(address: str) -> Division | None:
    """The division an address ends in, when the address is divisions only (常州市新北区 → 新北区,
    山西省运城市临猗县 → 临猗县)."""
    g = gazetteer()
    for cut_at in range(2, len(address) - 1):
        head, tail = address[:cut_at], address[cut_at:]
        if not any(d.name == head for d in g.lookup(head)):
            continue
        if _inside(head, tail):
            inner = [d for d in g.lookup(tail) if d.name == tail]
            if len(inner) == 1:
                return inner[0]
            if inner:
                return _address_division(tail) or next(
                    (d for d in inner if head in {x.name for x in (g.province_of(d), g.city_of(d)) if x}), None)
        elif (below := _address_division(tail)) and head in {x.name for x in (g.province_of(below), g.city_of(below)) if x}:
            return below  # a chain of three: 山西省 + 运城市临猗县
    return None


def _address_township(address: str, codes: Collection[str], townships: Collection[tuple[str, str]]
                      ) -> tuple[Place, str] | None:
    """The township or village an address ends in (西昌市太和镇, 临猗县角杯乡潘西村), found
    among those of the division or township written before it; else, written alone, a township
    among the story's divisions (``codes``), a village in the story's ``townships``."""
    return _written_under(address) or township_place(address, codes, townships)


@lru_cache(maxsize=4096)
def _written_under(address: str) -> tuple[Place, str] | None:
    """The township or village ``address`` ends in, inside the division or township written
    before it; None where nothing written before it holds it. Cached: each shorter head is
    looked at once however many ways the address can be cut."""
    if len(address) > _LONGEST_ADDRESS or not (TOWNSHIP_NAME.search(address) or VILLAGE_NAME.search(address)):
        return None
    g = gazetteer()
    for cut_at in range(len(address) - 2, 1, -1):
        head, tail = address[:cut_at], address[cut_at:]
        divisions = list(g.lookup(head))  # short forms too (东莞企石镇): the tail must lie in one of them
        if divisions or (division := _address_division(head)) and (divisions := [division]):
            if below := township_place(tail, {d.adcode for d in divisions}):
                return below
        elif TOWNSHIP_NAME.search(head) and (township := _written_under(head)) and township[0].level == "township":
            village = township_place(tail, {township[1]}, townships_named(township[0].name, township[1]))
            if village:
                return village
            if VILLAGE_NAME.search(tail) and _NAME_CHARS.fullmatch(tail):
                # a natural village the table does not list (恩平市大田镇岑那洋村): the address says where it is
                return township[0].model_copy(update={"name": tail, "level": "village", "township": township[0].name}), township[1]
    return None


_LONGEST_ADDRESS = 32  # 福建省漳州市芗城区新桥街道竹围村 is 16 characters


def _addresses(mentions: list[Mention]) -> list[Mention]:
    """Places written one inside the other with nothing between them are one address
    (西昌市太和镇, 湖北省武汉市): the model cuts them apart."""
    joined: list[Mention] = []
    for m in mentions:
        last = joined[-1] if joined else None
        if last and m.label == "place" and last.label == "place" and last.end == m.start and _inside(last.text, m.text):
            joined[-1] = Mention(last.text + m.text, last.start, m.end, "place")
        else:
            joined.append(m)
    return joined


# One-character names that news writes after a verb of coming and going or being (访华, 驻华,
# 在京, 抵沪), and a country's side in talks (中方, 美方): the places they abbreviate.
_ABBREVIATED = {"华": "中国", "京": "北京市", "沪": "上海市"}
_ONE_CHAR_COUNTRIES = "中美俄日英法德韩朝印巴以"
# Any country's one character, in a pair before 两国, 关系 and the like (中意两国, 奥中关系, 墨美两国).
_PAIRED = "".join(_COUNTRY_CHARS) + "".join(_PAIRED_ONLY)
_PAIR_WORDS = "两国|双方|关系|之间|首脑|会晤|经贸|建交|峰会|边境"
_PAIR_AFTER = re.compile(_PAIR_WORDS)
# Visits and stays before a one-character place (访华, 抵京, 赴美).
_VISITS = "访来驻对离抵赴援侵返旅"
# What a one-character place the model reads inside a word may follow (访美, 在华, 离京, 中美).
_BEFORE_ONE_CHARACTER = _VISITS + "在" + _PAIRED
_VISITED = "美俄日英法德韩朝印"  # those news writes alone after a visit or before a leader
_ABBREVIATION = re.compile(
    rf"(?<=[{_VISITS}])[华京沪]|(?<=在)[京沪]|[{_ONE_CHAR_COUNTRIES}](?=方[^面式法案向针言])"
    # visits and stays (访美, 离俄), a country's leaders and government (俄总统, 日政府), relations
    # with it (对美关系)
    rf"|(?<=[访驻离抵赴])[{_VISITED}]|[{_VISITED}](?=总统|总理|首相|政府|当局|外长|领导人|国内)"
    rf"|(?<=对)[{_VISITED}](?=关系|政策|贸易|出口|投资|援助|外交|制裁|态度|立场)"
    # a pair the model did not read as places (美中关系, 中印两国)
    rf"|[{_PAIRED}](?=[{_PAIRED}](?:{_PAIR_WORDS}))|(?<=[{_PAIRED}])[{_PAIRED}](?={_PAIR_WORDS})")


def _abbreviations(text: str, mentions: list[Mention]) -> list[tuple[Mention, str]]:
    taken = [(m.start, m.end) for m in mentions]
    found = []
    for a in _ABBREVIATION.finditer(text):
        if any(start <= a.start() < end for start, end in taken):
            continue
        name = _ABBREVIATED.get(a.group(0)) or _COUNTRY_CHARS.get(a.group(0)) or _PAIRED_ONLY[a.group(0)]
        found.append((Mention(a.group(0), a.start(), a.end(), "place"), name))
    return found


# The kind of place written after a name, part of the name (丽泽商务区, 京沪铁路, 艾尔利海滩).
_PLACE_KINDS = (r"(?:商务区|金融区|开发区|新区|广场|海滩|沙滩|海峡|公园|大道|大街|路|街|巷|大厦|机场|火车站|车站|"
                r"码头|湾|岛|半岛|群岛|山脉|山|湖|河|江|隧道|高速|大桥|村|镇|乡|街道|社区|小区|景区|古镇|寺|宫|陵|塔|"
                r"球场|体育场|体育馆|城堡|海角|雨林|海域|湖畔|古城|故里|湿地|火山|神庙|乐园|公馆|小镇|度假区|风景区|"
                r"农贸市场|会议中心|会展中心|展览中心|画廊|铁塔|大楼|大礼堂|哨所|城|草原|园林|花海|苗寨|瀑布|大瀑布|"
                r"高原|丛林|峡谷|牌坊|祠|庙)")
_PLACE_KIND = re.compile(_PLACE_KINDS + r"(?![\u4e00-\u9fff]{0,1}(?:[长委办局厅部会馆员]))")


# A country or a region before 区 is a company's or a contest's region (汇丰集团中国区, 中国区总决赛),
# not the place (中国区域 is).
_COMPANY_REGION = re.compile(r"区(?![域县])")
# ... and before the word for a cup, a league or a betting line it names a competition or a
# market (意大利杯, 欧洲三大杯, 俄罗斯联赛, 亚洲盘口): no place the story is about.
_COMPETITION_OR_MARKET = re.compile(r"(?:(?:三大|超级|冠军)?杯|(?:甲级|超级)?联赛|锦标赛|盘口?)(?![\u4e00-\u9fff]?[子山路])")
# A phase of a project or a new wing written after a place's name is no part of it.
_PHASE = re.compile(r"(?:[一二三四五六七八九十\d]{1,3}期|新馆)$")
# The word for a place's town or land after its name (徐州城, 非洲草原): the place is the one named.
_AREA_OF = re.compile(r"(?:城|草原|丛林|高原)$")
# A road's name read without its 路 where jieba joins 路 and 上 into "on the way" (福虹 | 路上).
_ON_ROAD = re.compile(r"(路|街|大街|大道)上")


def _place_mentions(text: str, mentions: list[Mention], boundaries: Collection[int]) -> list[tuple[Mention, str | None]]:
    """The model's places as names: a pair of one-character countries is two places (中美 → 中, 美),
    a forecast's weather is cut off the city; with the country's name for a one-character one."""
    places: list[tuple[Mention, str | None]] = []
    tags = place_tags()
    for m in _addresses(mentions):
        if m.label != "place" or tags.get(m.text) == "t" and not all(c in _PAIRED for c in m.text):
            continue  # 北宋, 西晋: a dynasty is a time (中日 is two countries)
        if (_COMPANY_REGION.match(text, m.end) or _COMPETITION_OR_MARKET.match(text, m.end)) \
                and (country(m.text) or is_region(m.text)):
            continue  # 汇丰集团中国区, WCG2011中国区总决赛, 意大利杯, 亚洲盘: a company's or a contest's region
        if names_a_time(text, m.end):
            continue  # 北京时间, 东京时间
        if len(m.text) == 1 and m.start not in boundaries and text[m.start - 1] not in _BEFORE_ONE_CHARACTER:
            continue  # 醉美: a character of a word, not the country's
        if len(m.text) == 2 and (all(c in _COUNTRY_CHARS for c in m.text) and not _NAMED_AFTER_PAIR.match(text, m.end)
                                 or all(c in _PAIRED for c in m.text) and _PAIR_AFTER.match(text, m.end)) \
                and country(m.text) is None and not is_region(m.text):
            places += [(Mention(c, m.start + i, m.start + i + 1, "place"), _COUNTRY_CHARS.get(c) or _PAIRED_ONLY[c])
                       for i, c in enumerate(m.text)]
            continue
        if len(m.text) == 1 and (written_for := _ABBREVIATED.get(m.text) or _COUNTRY_CHARS.get(m.text)):
            places.append((m, written_for))  # 俄总统, 访美: the model's one-character country
            continue
        if (phase := _PHASE.search(m.text)) and phase.start() >= 2:
            m = m._replace(text=m.text[:phase.start()], end=m.start + phase.start())  # 凤凰山森林公园 + 一期
        if (weather := _WEATHER.search(m.text)) and weather.start() >= 2:
            m = m._replace(text=m.text[:weather.start()], end=m.start + weather.start())
        elif (kind := _PLACE_KIND.match(text, m.end)) and m.end in boundaries and kind.end() in boundaries:
            m = m._replace(text=m.text + kind.group(0), end=kind.end())
        elif (road := _ON_ROAD.match(text, m.end)) and m.end in boundaries and road.end() in boundaries \
                and not gazetteer().lookup(m.text) and country(m.text) is None:
            m = m._replace(text=m.text + road.group(1), end=road.end(1))  # 福虹 + 路上: on 福虹路
        elif _ON_ROAD.fullmatch(m.text, len(m.text) - 2):
            m = m._replace(text=m.text[:-1], end=m.end - 1)  # 南滨路上, read with its 上
        places.append((m, None))
    return places + _abbreviations(text, mentions)


def _places(text: str, words: Sequence[str], word_at: dict[int, str], mentions: list[Mention]) -> list[Place]:
    """Every place with each way the text writes it: 美国 written 美 in 中美关系 and 美国 later is
    one place with two mentions, listed as two entries of one name."""
    g = gazetteer()
    found: dict[str, Place] = {}
    also: dict[tuple[str, str], Place] = {}  # a place's other mentions

    def add(place: Place, mention: str) -> None:
        if place.name not in found:
            found[place.name] = place.model_copy(update={"mention": mention})
        elif not found[place.name].mention:
            found[place.name] = found[place.name].model_copy(update={"mention": mention})
        elif found[place.name].mention != mention:
            also.setdefault((place.name, mention), found[place.name].model_copy(update={"mention": mention}))

    for place in extract_places(text, words):
        mention = place.name if place.name in text else None
        found[place.name] = place.model_copy(update={"mention": mention})
    by_code = {p.adcode: name for name, p in found.items() if p.adcode and p.level != "zone"}
    codes = set(by_code)  # the divisions the story names, for the townships and villages it names
    townships: set[tuple[str, str]] = set()  # the townships it names (county code, name), for its villages
    provinces = {d.province_code for p in found.values() if p.adcode for d in g.lookup(p.name) if d.adcode == p.adcode}
    named = {p.mention for p in found.values() if p.mention}
    for m, written_for in _place_mentions(text, mentions, word_at.keys()):
        if m.text in named:
            continue
        if written_for:
            division = next((d for d in g.lookup(written_for) if d.name == written_for), None)
            add(_as_place(g, division) if division else Place(name=written_for, level="country"), m.text)
            named.add(m.text)
            continue
        # 东北地区, 台湾地区, 华北北部: the region is the place; 地区 says only that it is one, 北部
        # which part of it (喀什地区, a division's own name, stays whole).
        if (part := _PART.search(m.text)) and part.start() >= 2 and not any(d.name == m.text for d in g.lookup(m.text)):
            m = m._replace(text=m.text[:part.start()], end=m.start + part.start())
        if not _NAME_CHARS.match(m.text) or m.text in _NOT_PLACES or m.text in _COMMON_WORDS or m.text in _PAIRS \
                or m.text in named:
            continue
        named.add(m.text)
        # A short form of a division the rules resolved (南京 for 南京市) is that division. A city,
        # a country or a region written with the word for its town or its land (徐州城, 甘南草原,
        # 越南丛林, 非洲草原) is that place, under the name it has alone.
        area = _AREA_OF.search(m.text)
        base = m.text[:area.start()] if area and area.start() >= 2 else m.text
        divisions = g.lookup(base)
        if same := next((by_code[d.adcode] for d in divisions if d.adcode in by_code), None):
            add(found[same], m.text)
            continue
        # A division's full name resolves by the table; a short form only where the rules
        # resolved it (太湖 is a lake unless the story names 安徽's counties).
        full = tuple(d for d in divisions if d.name == base)
        short = tuple(d for d in divisions if d.name != base and d.province_code in provinces)
        if not short and len(divisions) == 1 and divisions[0].level == "province":
            short = divisions  # 河南, 江苏: a province's short form names only it
        candidates = tuple(d for d in full if d.level != "province") or full or short
        division = _choose(candidates, text, m.start) if candidates else _address_division(m.text)
        if division is not None:
            add(found.get(division.name) or _as_place(g, division), m.text)
            codes.add(division.adcode)
        elif nation := country(base):
            add(Place(name=nation.name, level="country"), m.text)
        elif below := _address_township(m.text, codes, townships):
            add(below[0], m.text)
            codes.add(below[1])
            if below[0].level == "township":
                townships.add((below[1], below[0].name))
        elif is_region(base):
            add(Place(name=base, level="region"), m.text)
        else:
            add(Place(name=m.text), m.text)
    return [*found.values(), *also.values()]


def _with_street_addresses(text: str, word_at: dict[int, str], places: list[Place]) -> list[Place]:
    """The street addresses the text writes, as places; a road's or a building's name written only
    inside one is part of it (甜爱支路 of 上海市虹口区甜爱支路23号), and the divisions written there
    are where it lies (_contained indexes them beside it)."""
    spans = street_addresses(text, word_at, place_tags(), {p.mention for p in places if p.mention})
    if not spans:
        return places
    addresses = [address_place(text[start:end], places) for start, end in spans]

    def only_inside(mention: str) -> bool:
        return all(inside_any(start, end, spans) for start, end, _ in _spans(text, [mention]))

    kept = [p for p in places if not (p.mention and p.adcode is None and only_inside(p.mention))]
    return kept + list({a.name: a for a in addresses}.values())


def _written_together(text: str, places: list[Place]) -> list[Place]:
    """Places written one after the other with nothing between them, the first a country or a
    place the division table does not hold and the rest places it does not hold (英国伦敦,
    魁北克省蒙特利尔市, 威尼斯大运河, 美国加州阿纳海姆会议中心), are one place: the last, located in
    the ones before; after a place that is no country, only where the last names its kind. The
    parts then lie inside it and are indexed as where it lies (see _contained). Three or more in
    a row after anything but a country are a list written without pauses (九皇山平武报恩寺白马藏寨),
    and a Chinese division before a place stays a place of its own, as the division table
    locates the place anyway."""
    by_mention = {p.mention: p for p in places if p.mention}
    spans = _spans(text, by_mention)
    holding = _holding(spans)
    runs: list[list[tuple[int, int, str]]] = []
    for span in sorted(s for s in spans if not holding(s[0], s[1])):  # the names not written inside another
        if runs and runs[-1][-1][1] == span[0]:
            runs[-1].append(span)
        else:
            runs.append([span])
    joined: dict[str, Place] = {}
    for run in runs:
        outer, *inner = [by_mention[mention] for _, _, mention in run]
        if not inner or len(inner) > 1 and outer.level != "country" or any(len(m) < 2 for _, _, m in run):
            continue
        if _holds_places(outer) and all(_lies_in(p) for p in inner) \
                and (outer.level == "country" or _OF_A_KIND.search(inner[-1].mention)):
            whole, name = text[run[0][0]:run[-1][1]], text[run[1][0]:run[-1][1]]
            joined.setdefault(whole, Place(name=name if outer.level == "country" else whole, mention=whole))
    return places + list(joined.values())


# After a place that is no country, the one lying in it names its kind (威尼斯 + 大运河, 魁北克省 +
# 蒙特利尔市, 岘港 + 占婆岛): two names of cities or sights written together (巴黎伦敦) are a list.
_OF_A_KIND = re.compile(rf"(?:{_PLACE_KINDS}|[省州市县区])$")
_NOT_PART_OF = {"大陆"}  # 中国大陆: the country's mainland, the country itself
_NUMERALS = "一二三四五六七八九十两几数各"


def _holds_places(place: Place) -> bool:
    """Whether a place can be written before one that lies in it: a country written whole, or a
    place the table does not hold that is no division, region or part of one (巴南部, 东北)."""
    if place.level == "country":
        return country(place.mention) is not None
    return place.level is None and not _division_below(place.mention) and not is_region(place.name) \
        and not _PART.search(place.mention)


def _lies_in(place: Place) -> bool:
    """Whether a place can be written after one it lies in: one the division table does not hold,
    not a division below (岐山县 + 麦禾营镇), a count of them (沿河 + 六县) or a part (美国 + 中部)."""
    return place.level is None and not _division_below(place.mention) and place.mention not in _NOT_PART_OF \
        and place.mention[0] not in _NUMERALS and not _PART.fullmatch(place.mention)


def _without_post(name: str) -> str:
    """The model reads a post into the body before it ("扬州市委常委", "鼓楼区委书记", "全国人大副"
    of 全国人大副委员长): the body."""
    if name.endswith("副") and len(name) > 3:
        return name[:-1]
    for end in range(len(name) - 1, 1, -1):
        if post_after(name, end) == name[end:]:
            return name[:end]
    return name


# Mentions the rules labelled with the kind of organisation they are.
_KIND_LABELS = {"club": "association", "company": "company", "media": "media", "association": "association",
                "university": "university"}


def _with_listed_bodies(text: str, mentions: list[Mention]) -> list[Mention]:
    """Names listed before the kind of body they are (bet365、威廉希尔等公司) are those bodies."""
    listed = [m._replace(label=kind if kind in _KIND_LABELS else "organization")
              for m, kind in listed_bodies(text, mentions)]
    if not listed:
        return mentions
    kept = [m for m in mentions if not any(b.start < m.end and m.start < b.end for b in listed)]
    return sorted([*kept, *listed], key=lambda m: m.start)


# A university's short form ends in 大 after one character of its field (科大, 师大, 农大): the model
# reads one written with its place's character as two names now and then (江 | 科大 of 江科大).
_UNIVERSITY_SHORT = re.compile(r"[\u4e00-\u9fff]大")


def _joined_short_forms(mentions: list[Mention]) -> list[Mention]:
    """A one-character organisation right before a university's short form is its first character."""
    joined: list[Mention] = []
    for m in mentions:
        before = joined[-1] if joined else None
        if before and before.end == m.start and before.label == m.label == "organization" \
                and len(before.text) == 1 and _UNIVERSITY_SHORT.fullmatch(m.text):
            joined[-1] = Mention(before.text + m.text, before.start, m.end, m.label)
            continue
        joined.append(m)
    return joined


_PREPOSITIONS = {"p", "c", "uj", "ul", "d", "r"}


def _opens_with_preposition(m: Mention, boundaries: Collection[int], tags: dict[str, str]) -> bool:
    """The model reads a preposition into a name now and then (从一个侧面 → 从一, 在工地): where
    the sentence's words cut the preposition off, it was no name."""
    return tags.get(m.text[0]) in _PREPOSITIONS and (m.start in boundaries and m.start + 1 in boundaries
                                                     or len(m.text) == 2 and m.text[1] in "一两几")  # 是从 + 一个


# Conjunctions only: other one-character words end names (金融所, 研究所, 华太).
_CONJUNCTIONS = frozenset("和与及或并同跟")


def _without_closing_conjunction(m: Mention, word_at: dict[int, str]) -> Mention:
    """The model reads the conjunction after a name into it now and then (中央党校和现代文学馆 →
    中央党校和): where the sentence's words make that character a word of its own, it is cut off."""
    last = m.end - 1
    if len(m.text) > 2 and m.text[-1] in _CONJUNCTIONS and word_at.get(last) == m.text[-1]:
        return m._replace(text=m.text[:-1], end=last)
    return m


_MILITARY_DISTRICT = re.compile(r"军区|战区")
# A body's name goes on over the words of its unit where the model stopped short of them
# (中国银行 | 总行 | 战略发展部, 欧佩克 | 组织, 中国航天保险 | 联合体): nouns and names, ending in a
# word for a body. Words that end so and are none: 布局, 出局, 内部.
_BODY_WORD = re.compile(r"(?:委员会|代表大会|常委会|组织|联合体|联盟|总会|协会|学会|总部|银行|总行|分行|支行|[^布出平全格结开大内外局]局|"
                        r"[^内外全局总干]部|厅|(?<!部)署|报社|通讯社|出版社|舰队|编队|上院|下院|组委会|代表团|考察团)$")
_UNIT_TAGS = {"n", "nt", "ns", "nz", "j", "vn"}
_COUNTS = frozenset("一二三四五六七八九十两几多各数")


def _word_around(at: int, word_at: dict[int, str]) -> tuple[int, str]:
    """The sentence's word that holds offset ``at``, with its own offset."""
    starts = list(word_at)
    start = starts[bisect_right(starts, at) - 1] if starts and starts[0] <= at else at
    return start, word_at.get(start, "")


def _whole_body_word(m: Mention, word_at: dict[int, str], tags: dict[str, str]) -> Mention:
    """The model starts a body's name inside the dictionary's word for it now and then (团 | 省委
    of 团省委, the Youth League's committee): the name is that whole word."""
    if m.start in word_at:
        return m
    start, word = _word_around(m.start, word_at)
    if start + len(word) == m.end and tags.get(word) == "nt":
        return m._replace(text=word, start=start)
    return m


# What a body does or suffers, read on after its name by the model (湖北省人民政府 + 主办, 晋安区法院 +
# 一审, 纽卡斯尔队 + 两队, 律师事务所 + 有关): verbs and verbal nouns, adverbs, numbers, particles.
_DOINGS_TAGS = frozenset({"v", "vd", "vn", "b", "d", "m", "a", "ad", "p", "c", "u", "uj", "ul"})
_MATCH_WORDS = frozenset("主场 客场 主队 客队 主胜 客胜 防平 防负".split())
_COUNT_OPENING = re.compile(r"^[一二两三四五六七八九十几数\d]+[队家个名位所支批审]")


_LEADING_DOING_TAGS = frozenset({"v", "vd", "i", "l", "a", "ad", "d"})


def _without_leading_doing(m: Mention, word_at: dict[int, str], tags: dict[str, str]) -> Mention:
    """A body the dictionary knows whole that the model read with the words doing something to it
    (恶毒攻击 + 党中央, 积极支持 + 中国共产党): the body."""
    first = word_at.get(m.start)
    if first is None or tags.get(first) not in _LEADING_DOING_TAGS:
        return m
    rest, body = m.start + len(first), m.text[len(first):]
    if word_at.get(rest) == body and tags.get(body) == "nt":
        return Mention(body, rest, m.end, m.label)
    return m


def _without_trailing_doing(m: Mention, word_at: dict[int, str], tags: dict[str, str]) -> Mention:
    """A body's name the model read on over what the body does (湖北省人民政府主办, 福州市晋安区法院一审)
    or a count (纽卡斯尔队两队): the name up to the last word that ends a body's name, where the words
    after it are no unit of the body (发展研究中心 of 国务院发展研究中心 is one)."""
    for at in range(m.end - 1, m.start, -1):  # each word's start inside the name, the last first
        if at not in word_at:
            continue
        head, tail = m.text[:at - m.start], m.text[at - m.start:]
        first = word_at[at]
        if tail in _MATCH_WORDS and len(head) >= 2:
            return Mention(head, m.start, at, m.label)  # 马竞 + 客场, 英超 + 主队: a club's or a league's match
        if organization_kind(head) == "other":
            continue
        doing = tags.get(first) in _DOINGS_TAGS or _COUNT_OPENING.match(first)
        if doing and (not names_a_unit(tail) or _COUNT_OPENING.match(tail)):
            return Mention(head, m.start, at, m.label)
    return m


def _no_body(name: str, tags: dict[str, str]) -> bool:
    """What the model reads as a body now and then and never is one: an action (宣传, 交响: a verbal
    noun of the dictionary), a post (国务委员), a party's members (共产党人)."""
    return tags.get(name) == "vn" or post_after(name, 0) == name or name.endswith("党人")


def _body_before_post(word: str) -> int | None:
    """Where the body's word ends in a word that goes on with its head's post (银行行长, 委员会主任)."""
    return next((k for k in range(2, len(word) - 1) if _BODY_WORD.search(word[:k]) and post_after(word, k) == word[k:]), None)


# The last characters of a body's name: 组织 after them is a verb.
_BODY_SUFFIX = re.compile(r"(?:公司|集团|会|校|学|院|所|局|部|委|厅|署|社|行|队|团)$")


def _organisation_word(text: str, start: int, end: int, word: str) -> bool:
    """组织 right after a name that is no body's yet is the body's own word (欧佩克 + 组织, 威士国际 +
    组织); after a body's name it is a verb, as the dictionary has it (基金会 + 组织 "organises")."""
    return word == "组织" and end == start and not _BODY_SUFFIX.search(text, 0, end)


def _body_continues(text: str, end: int, word_at: dict[int, str], tags: dict[str, str], body_starts: Collection[int]
                    ) -> int | None:
    """Where the organisation ending at ``end`` really ends, if the next words are its unit's.
    ``word_at`` maps each word's offset to the word, in the text's order; ``body_starts`` are the
    offsets where the model's organisations begin."""
    if word_at.get(end) == "社" and text[:end].endswith("报"):
        return end + 1  # 澳门日报 + 社: the paper's publisher
    if end not in word_at:  # the model stopped inside a word: 对外贸易经济 | 合作部 of 对外贸易经济合作部
        at, word = _word_around(end, word_at)
        return at + len(word) if at + len(word) > end and len(word) > 2 and _BODY_WORD.search(word) else None
    last, start = None, end
    for _ in range(3):
        word = word_at.get(end)
        if word and (split := _body_before_post(word)):
            return end + split  # 欧洲 + 银行行长: one word of the dictionary holds the body and its head's post
        if not word or tags.get(word, "nz") not in _UNIT_TAGS and not _organisation_word(text, start, end, word) \
                or not _NAME_CHARS.match(word) or word[0] in _COUNTS:
            break  # 俄海军 | 三大舰队: a count of units is none of them
        if end > start and end in body_starts:
            break  # 对外贸易经济合作部 | 经商 | 外交部: a body the model read on its own after a word is another
        end += len(word)
        if len(word) >= 2 and _BODY_WORD.search(word):
            last = end
    return last


_TEAM = re.compile(TEAM)
# A place before 信托 names its trust company (湖南信托); 信托业, 信托产品 are the trade's words.
_TRUST = re.compile(r"信托(?:投资)?(?:有限责任公司|有限公司|公司)?(?![业行产计基资])")
# The term of a legislature or a party's committee, written before it: 第二届, 六届, 第15届 (at
# most six characters, so a window before the body is read, not the whole text).
_TERM = r"第?[一二三四五六七八九十百零\d]{1,4}届"
_TERM_BEFORE = re.compile(rf"{_TERM}$")
_TERM_FIRST = re.compile(rf"^{_TERM}")


def _organizations(text: str, words: Sequence[str], word_at: dict[int, str], mentions: list[Mention]
                   ) -> list[Organization]:
    """The model's organisations, with the suffix rules where the model cut a name short: a rule
    name that a model name opens is its whole (溧阳中等专业 → 溧阳中等专业学校); one that opens a
    model name is that body's parent and stays beside it (江苏科技大学, 江苏科技大学材料科学与工程学院);
    one the model did not find at all is kept. The rules' names reach further left than the model's
    ("求学东南大学"), so where both end alike the model's wins."""
    found: dict[str, Organization] = {}
    boundaries = word_at.keys()
    tags = place_tags()
    body_starts = {m.start for m in mentions if m.label == "organization"}
    for m in mentions:
        if m.label in ("place", "club", "organization") and (team := _TEAM.match(text, m.end)):
            name = m.text + team.group(0)  # 中国女队, 印尼队, 松日队: a country's, a city's or a club's team
            found.setdefault(name, Organization(name=name, mention=name, kind="association"))
            continue
        if m.label == "place" and (trust := _TRUST.match(text, m.end)):
            name = m.text + trust.group(0)  # 湖南信托, 西藏信托: a province's trust company
            found.setdefault(name, Organization(name=name, mention=name, kind="company"))
            continue
        if m.label in _KIND_LABELS:  # a club of a match report, a body of a list ("等公司")
            found.setdefault(m.text, Organization(name=m.text, mention=m.text, kind=_KIND_LABELS[m.label]))
            continue
        if m.label in ("place", "organization") and (district := _MILITARY_DISTRICT.match(text, m.end)):
            name = m.text + district.group(0)  # 乌拉尔军区, 南京军区, 东部战区
            found.setdefault(name, Organization(name=name, mention=name, kind="government"))
            continue
        if m.label != "organization":
            continue
        m = _whole_body_word(m, word_at, tags)
        m = _without_leading_doing(_without_trailing_doing(m, word_at, tags), word_at, tags)
        if m.start not in word_at and tags.get(_word_around(m.start, word_at)[1]) == "v":
            continue  # 加 | 上特区政府, 穿 | 越德军: no name starts inside a verb
        # where the name goes on, a conjunction inside it is its own (上海市规划与 + 国土资源管理局)
        if not (end := _body_continues(text, m.end, word_at, tags, body_starts)):
            m = _without_closing_conjunction(m, word_at)
        name = _without_post(m.text)
        if len(name) < 2 or name in found or name != m.text and organization_kind(name) == "other" \
                or is_kind_of_business(name) or _opens_with_preposition(m, boundaries, tags) or _no_body(name, tags):
            continue
        if name == m.text and end:
            name = text[m.start:end]  # 欧佩克 + 组织, 中国银行总行 + 战略发展部, 澳门日报 + 社
        elif name == m.text and (market := MARKET_IN_BRACKETS.match(text, m.end)) \
                and organization_kind(name) == "company" and (country(market["place"]) or is_region(market["place"])):
            name = text[m.start:market.end()]  # 渣打银行 + （中国）: the company's arm in that market
        if name.startswith(m.text) and (term := _TERM_BEFORE.search(text, max(0, m.start - 6), m.start)) \
                and organization_kind(name) in ("legislature", "party"):
            name = term.group(0) + name  # 第六届 + 全国人大: the body of that term
        kind = organization_kind(name)
        if kind == "other" and gazetteer().lookup(name) and not _listed_with_a_body(text, m, mentions):
            continue  # 湖南 of 湖南邵阳师专, 北京 of 北京首创期货: the place, cut off a longer name (一汽、东风 stays)
        found[name] = Organization(name=name, mention=name, kind=kind)
    for competition in dict.fromkeys(c.group(0) for c in COMPETITIONS.finditer(text)):  # in the order written
        if not any(competition in name for name in found):
            found[competition] = Organization(name=competition, mention=competition, kind="association")
    for body in _with_units(text, known_bodies(text, boundaries), word_at, tags, body_starts):
        if _written_alone(text, body.name, found):  # 来自渣打, not only inside 渣打银行集团
            for shorter in [name for name in found if name in body.name]:
                del found[shorter]
            found[body.name] = body
    for o in extract_organizations(text, words):
        if _VENUE.search(o.name):
            continue
        opening = [name for name in found if o.name.startswith(name) and name != o.name]
        # a name the model cut short is dropped, unless it is written on its own too (来自渣打)
        cut_short = [name for name in opening if not _read_alone(text, name, o.name, mentions)]
        if opening:  # the model cut the name in two: 美国密 | 安州立大学 of 美国密执安州立大学
            cut_short += [name for name in found if _ends_inside_word(text, o.name, name, boundaries)]
        if _list_item(text, o.name):  # 、智能制造龙城实验室、: the whole item, not the model's 龙城实验室
            opening = opening or [name for name in found if o.name.endswith(name) and name != o.name]
            cut_short += [name for name in found if o.name.endswith(name) and name != o.name]
        for name in cut_short:
            del found[name]
        overlaps = any(o.name in name or name in o.name for name in found)
        if opening or not overlaps or any(name.startswith(o.name) for name in found):
            found.setdefault(o.name, o.model_copy(update={"mention": o.name}))
    for word in dict.fromkeys(word_at.values()):  # the dictionary's, last: a longer name holds them (科技 + 招商局)
        if tags.get(word) == "nt" and _DICTIONARY_BODY.search(word) and not _GENERIC_BODY.search(word) \
                and _written_alone(text, word, found):
            found[word] = Organization(name=word, mention=word, kind=organization_kind(word))
    return list(found.values())


def _listed_with_a_body(text: str, m: Mention, mentions: list[Mention]) -> bool:
    """Whether the mention stands in a list next to another organisation (一汽、东风)."""
    return any(o.label == "organization" and o is not m and (o.end == m.start - 1 and text[o.end] == _LIST_MARK
                                                            or o.start == m.end + 1 and text[m.end] == _LIST_MARK)
               for o in mentions)


# Bodies the dictionary knows whole that the recogniser misses (石油输出国组织, 朝鲜劳动党, 国家女篮), by
# the words their names end in; its other "organisation" words are mostly phrases (中美关系, 商业银行).
_DICTIONARY_BODY = re.compile(r"(?:组织|联盟|部|厅|[^布出平全格结开大内外局]局|署|党|委|军|国际|女足|女篮|男篮|男足|银行)$")
# ... and kinds of body, not bodies: 党组织, 民间组织, 商业银行; a region's part (中南部) and 内部.
_GENERIC_BODY = re.compile(r"^(?:党|团|民间|国际|群众|基层|恐怖|非政府|社会|社团)组织$|[东西南北中]部$|^[内外全局总干]部$"
                           r"|^(?:商业|外资|国有|网上|中资|民营|地方|股份制|城市|农村|政策性|外国)银行$")


def _with_units(text: str, bodies: list[Organization], word_at: dict[int, str], tags: dict[str, str],
                body_starts: Collection[int]) -> list[Organization]:
    """Each body, preceded by its name with its unit's words where they follow it (加拿大海军 +
    舰艇编队): the body alone stays a candidate for where it is written without them."""
    with_units = []
    for body in bodies:
        for at, _, _ in _spans(text, [body.name]):
            if at in word_at and (end := _body_continues(text, at + len(body.name), word_at, tags, body_starts)):
                with_units.append(body.model_copy(update={"name": text[at:end], "mention": text[at:end]}))
        with_units.append(body)
    return with_units


_LIST_MARK = "、"
_ITEM_EDGE = "、，,；;：:。（(“\n"


def _list_item(text: str, name: str) -> bool:
    """Whether the name is written as a whole item of a list: a list's mark on one side, a mark on the other."""
    for start, end, _ in _spans(text, [name]):
        before, after = text[start - 1:start] if start else "\n", text[end:end + 1] or "\n"
        if before in _ITEM_EDGE and after in _ITEM_EDGE and _LIST_MARK in (before, after):
            return True
    return False


def _read_alone(text: str, name: str, longer: str, mentions: list[Mention]) -> bool:
    """Whether the model read ``name`` as an organisation somewhere outside ``longer``."""
    covered = [(start, end) for start, end, _ in _spans(text, [longer])]
    return any(m.text == name and m.label == "organization" and not inside_any(m.start, m.end, covered) for m in mentions)


def _written_alone(text: str, name: str, others: Collection[str]) -> bool:
    """Whether ``name`` is written somewhere outside every one of the ``others``."""
    covered = [(start, end) for start, end, _ in _spans(text, [o for o in others if name in o and o != name])]
    return name not in others and any(not inside_any(start, end, covered) for start, end, _ in _spans(text, [name]))


def _ends_inside_word(text: str, name: str, end: str, boundaries: Collection[int]) -> bool:
    """Whether ``end`` ends ``name`` from inside one of the sentence's words."""
    at = text.find(name) + len(name) - len(end)
    return end != name and name.endswith(end) and at not in boundaries


def _with_full_names(organizations: list[Organization], places: list[Place]) -> list[Organization]:
    """Each organisation under its full name, with its place and parent (pipelines.org_names); the
    same body written two ways (省发改委, 江苏省发改委) is one name with two mentions."""
    province, city, county = story_divisions([p.adcode for p in places if p.adcode and p.level != "zone"])
    townships = {p.name for p in places if p.level == "township"}
    township = next(iter(townships)) if len(townships) == 1 else None
    named: dict[tuple[str, str], Organization] = {}
    for o in organizations:
        # the body is one whatever its term (第六届全国人大 is 全国人大), as written it keeps it
        full = full_name(_TERM_FIRST.sub("", o.mention or o.name), province, city, county, township)
        named.setdefault((full.name, o.mention or o.name),
                         o.model_copy(update={"name": full.name, "place": full.place, "parent": full.parent}))
    return list(named.values())


# Venues are places where news happens (盖蒂博物馆, 上海光大会展中心, 伯纳乌球场, 和平饭店), however the
# model reads them; annotated news labels them places too.
_VENUE = re.compile(r"(?:博物馆|博物院|美术馆|纪念馆|展览馆|艺术馆|资料馆|电竞馆|展览中心|会展中心|会议中心|"
                    r"体育馆|体育场|球场|大厦|广场|饭店|酒店|宾馆|大剧院|歌剧院|剧场|会议厅|宴会厅|餐厅|购物中心|机场|火车站|码头)$")


# Words that end the name of a body and never a place's (a 部 may be a region's part: 新疆北部).
_BODY_NOT_PLACE = re.compile(r"(?:公司|集团|工厂|总厂|分厂|领事馆|大使馆|使馆|银行|学校|中学|小学|大学|学院|研究所|研究院|"
                             r"协会|委员会|报社|电视台|医院|联校)$")


def _venues(mentions: list[Mention]) -> list[Mention]:
    """A venue the model read as an organisation is a place (北京东方君悦大酒店大宴会厅), and a body
    it read as a place is an organisation (马赛总领事馆, 衡阳有色冶金机械总厂)."""
    return [m._replace(label="place") if m.label == "organization" and _VENUE.search(m.text)
            else m._replace(label="organization") if m.label == "place" and len(m.text) >= 4 and _BODY_NOT_PLACE.search(m.text)
            and _NAME_CHARS.match(m.text)
            else m for m in mentions]


# Sights by the word for their kind after a name the recogniser missed (盖蒂博物馆, 奥林匹克水上公园,
# 博瓦隆海滩, 摩顿岛): the name is one to three words that are names or no dictionary word at all.
_SIGHT = re.compile(r"(?:国家公园|森林公园|湿地公园|水上公园|公园|博物馆|美术馆|艺术馆|图书馆|纪念馆|海滩|沙滩|迷宫|教堂|"
                    r"神庙|乐园|动物园|植物园|礁|岛)")
_NAME_WORD_TAGS = frozenset({"ns", "nr", "nz", "nrt", "nrfg", "j", "nt"})
_COUNTED = re.compile(r"[\d一二三四五六七八九十百千两几数多]")  # 十大海滩, 1层上岛咖啡: counts, no names
# Words the dictionary tags as places or names that name none: a caption's opening, where a
# sight is ("foreign", "the city").
_NO_SIGHT_NAME = frozenset({"图为", "外国", "城市"})


def _named_sights(text: str, word_at: dict[int, str], tags: dict[str, str], mentions: list[Mention]) -> list[Mention]:
    """The mentions with the sights the text names by their kind, where no mention is written."""
    taken = [(m.start, m.end) for m in mentions]
    sights: list[Mention] = []
    for start in word_at:
        at, words = start, 0
        while at in word_at and words < 3 and not _SIGHT.fullmatch(word_at[at]) and _CHINESE_WORD.fullmatch(word_at[at]) \
                and (word_at[at] not in tags or tags[word_at[at]] in _NAME_WORD_TAGS):
            at, words = at + len(word_at[at]), words + 1
        if not words or at - start < 2 or _COUNTED.match(text, start) or start and _COUNTED.match(text, start - 1) \
                or word_at[start] in _NO_SIGHT_NAME:
            continue
        kind = _SIGHT.match(text, at)
        if kind and (kind.end() in word_at or kind.end() == len(text)) \
                and not any(start < e and s < kind.end() for s, e in taken):  # where no mention is written
            sights.append(Mention(text[start:kind.end()], start, kind.end(), "place"))
            taken.append((start, kind.end()))
    return sorted([*mentions, *sights], key=lambda m: m.start) if sights else mentions


# A developer's name and its project's joined by a middle dot name one housing estate (龙湖·花墅香醍,
# 远洋·万和公馆): real-estate news writes them so. Foreign names join so too, but as persons.
_NAME_DOT = "·•"


def _estates(text: str, mentions: list[Mention]) -> list[Mention]:
    """Two places or organisations joined by a middle dot, neither a country, region or division
    (中国·无锡 is two places), as one place."""
    def plain(m: Mention) -> bool:
        return m.label in ("place", "organization") and not (country(m.text) or is_region(m.text)
                                                              or any(d.name == m.text for d in gazetteer().lookup(m.text)))

    joined: list[Mention] = []
    for m in mentions:
        if joined and plain(m) and plain(joined[-1]) and m.start == joined[-1].end + 1 and text[joined[-1].end] in _NAME_DOT:
            joined[-1] = Mention(text[joined[-1].start:m.end], joined[-1].start, m.end, "place")
        else:
            joined.append(m)
    return joined


_WEB_ADDRESS = re.compile(r"(?i)://|www\.|\.(?:com|cn|net|org)\b|/|@")


def _without_web_addresses(mentions: list[Mention]) -> list[Mention]:
    """A web or mail address the model read as a name (www.blogcn.com/User9/…) names nobody."""
    return [m for m in mentions if not _WEB_ADDRESS.search(m.text)]


def _without_nationals(mentions: list[Mention]) -> list[Mention]:
    """美国人, 日本人 read as a place: the people of a country; the place is the country. China read
    as an organisation is the country too: news calls its state, its team or its market 中国 as
    it does the country, and neither public set labels it an organisation (12 times). A country
    read as a person (马里总理, 布隆迪, 萨尔瓦多: names a person could bear) is the country."""
    return [m._replace(text=m.text[:-1], end=m.end - 1) if m.label == "place" and len(m.text) >= 3 and m.text[-1] == "人"
            and country(m.text[:-1]) else m._replace(label="place") if m.label == "organization" and m.text in _CHINA
            or m.label == "person" and country(m.text) is not None else m for m in mentions]


_CHINA = frozenset({"中国", "中华人民共和国"})


def _spans(text: str, names: Collection[str]) -> list[tuple[int, int, str]]:
    """Where each name is written, left to right without overlaps, as (start, end, name)."""
    spans = []
    for name in filter(None, names):  # str.find, not a regular expression compiled for each name
        at = text.find(name)
        while at >= 0:
            spans.append((at, at + len(name), name))
            at = text.find(name, at + len(name))
    return spans


def _division_below(tail: str) -> bool:
    """What a division is followed by names a division below it (岐山县 + 麦禾营镇, 西藏自治区 + 申扎):
    the two are divisions written one after the other, not a site."""
    return bool(TOWNSHIP_NAME.search(tail) or VILLAGE_NAME.search(tail) or gazetteer().lookup(tail))


def _holding(spans: list[tuple[int, int, str]]) -> Callable[[int, int], list[tuple[int, int, str]]]:
    """A function giving, for start..end, the spans that hold it (not the span itself). Only the
    spans starting at most the longest one's length before it can: they are found by bisection,
    so that a long text with many places is not read once per place."""
    spans = sorted(spans)
    starts = [start for start, _, _ in spans]
    longest = max((end - start for start, end, _ in spans), default=0)

    def holders(start: int, end: int) -> list[tuple[int, int, str]]:
        candidates = spans[bisect_left(starts, end - longest):bisect_right(starts, start)]
        return [b for b in candidates if end <= b[1] and (b[0], b[1]) != (start, end)]
    return holders


def _contained(text: str, places: list[Place], organizations: list[Organization]
               ) -> tuple[list[Place], list[Place], list[Organization]]:
    """A place written only inside an organisation's name (北京 in 北京市政府, 中国 in 中国科学院)
    is that organisation's place, not a place the story speaks of: it becomes the organisation's
    place where it has none; so is a place written only inside an address or a named site (below).
    Returns the places written on their own, the contained ones, and the organisations. (Divisions
    written one after the other, 河南省罗山县, stay places of their own.)"""
    body_names = dict.fromkeys(o.mention or o.name for o in organizations)
    bodies = _spans(text, body_names)
    inside: dict[str, str] = {}  # organisation mention -> the place its name holds
    # the addresses and named sites (上海市黄浦区九江路518号, 北京市海淀区翠微路瑞诚大酒店): a division
    # written inside one is where it lies, unless what follows it is a division below (河南省罗山县)
    sites = _holding(_spans(text, {p.mention for p in places if p.mention and p.level in (None, "address")}))
    bodies_holding = _holding(bodies)
    kept, contained = [], []
    for place in places:
        spans = _spans(text, {place.mention}) if place.mention else []
        if spans and all(any(not _division_below(text[e:b[1]]) for b in sites(s, e)) for s, e, _ in spans):
            contained.append(place)
            continue
        # every body whose name holds the place gets it (中共苏州市委 and 苏州市委 alike), so the
        # answer does not hang on which of them is looked at first
        holders = [bodies_holding(s, e) for s, e, _ in spans]
        if spans and all(holders):
            for holder in chain.from_iterable(holders):
                inside.setdefault(holder[2], place.name)
            contained.append(place)
            continue
        # A body by its suffix that the model read as a place is the body only (荷兰国防部, 督院街派出所,
        # 印尼队); 白宫, 五角大楼 and a city's club stay places too: both sets label them places as often.
        if spans and place.level is None and place.mention in body_names and organization_kind(place.mention) != "other":
            continue
        kept.append(place)
    placed = [o if o.place or (o.mention or o.name) not in inside
              else o.model_copy(update={"place": inside[o.mention or o.name]}) for o in organizations]
    return kept, contained, placed


def find_entities(text: str, words: Sequence[str] | None = None, not_persons: Collection[str] = (),
                  mentions: list[Mention] | None = None) -> Entities:
    """Every person, place and organisation the text names. ``words`` is the text already cut
    into words and ``mentions`` its recognised names, if the caller has them; ``not_persons``
    are the bylines' names."""
    mentions = recognise([text])[0] if mentions is None else mentions
    words = cut(text) if words is None else words
    word_at = dict(zip(accumulate(map(len, words), initial=0), words))  # each word by its offset, in order
    tags = place_tags()
    mentions = _outside_idioms(text, mentions, word_at, tags)
    mentions = _joined_names(text, _persons_by_context(text, _whole_names(mentions, word_at)))
    mentions = _without_nationals(_venues(_with_listed_bodies(text, clubs(text, _without_web_addresses(_joined_short_forms(mentions))))))
    mentions = _estates(text, _named_sights(text, word_at, tags, mentions))
    places = _written_together(text, _with_street_addresses(text, word_at, _places(text, words, word_at, mentions)))
    organizations = _with_full_names(_organizations(text, words, word_at, mentions), places)
    places, nested, organizations = _contained(text, places, organizations)
    # A name the text calls a body somewhere is that body wherever it stands alone (米德尔主场让平,
    # 米德尔表现反复: the club both times); a post still shows a person (华为总裁任正非).
    bodies = {o.mention or o.name for o in organizations}
    persons = [p for p in _persons(text, mentions, set(not_persons)) if p.titles or (p.mention or p.name) not in bodies]
    # A name a post shows to be a person's (法国总理若斯潘) is no unresolved place of the model's.
    posted = {p.mention for p in persons if p.titles}
    places = [p for p in places if p.level or p.mention not in posted]
    return Entities(persons, places, organizations, nested)


def annotate(texts: Sequence[str]) -> list[dict]:
    """What ``newsflow entities`` writes for each text: persons, places, organisations, money and
    dates, each entity with ``mention`` as written and ``name`` in its normal form, as indexed.
    The recogniser runs over all the texts in batches; the rest is the pipeline's own code."""
    from pipelines.dates import mentioned_dates
    from pipelines.money import extract_money
    from pipelines.segment import cut

    results = []
    for text, mentions in zip(texts, recognise(texts)):
        entities = find_entities(text, cut(text), mentions=mentions)
        results.append({
            "persons": [p.model_dump(mode="json") for p in entities.persons],
            "places": [p.model_dump(mode="json") for p in entities.places],
            "organizations": [o.model_dump(mode="json") for o in entities.organizations],
            "money": [m.model_dump(mode="json") for m in extract_money(text)],
            "dates": mentioned_dates(text, None),
        })
    return results
