"""Clubs and competitions of sports reports.

A match report names a club by its city or a national team by its country ("罗马主场2-1胜拉齐奥",
"巴黎在法甲战胜里昂", "荷兰两连败"): the recogniser reads those names as places, and foreign clubs
(博尔顿, 加拉塔萨雷) as persons. In a sentence that is about a match (two sports cues at least) a
foreign place is a club, and so is a name standing against another ("米德尔斯堡vs纽卡"); with
one cue, a foreign city that names no feature is still its club ("张路足彩推荐：米兰状态回勇") and a
country facing a side is its team ("本轮主场面对乌拉圭"). Chinese
divisions stay places: Chinese clubs are written with their sponsor's name (北京国安), which the
recogniser reads as an organisation already. Foreign clubs whose names are no place's or
person's (曼城, 维拉, 切沃) and bookmakers (威廉希尔, 立博) are named from lists wherever they are
written, since sports-lottery reports name them without any cue.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from pipelines.countries import country, is_region
from pipelines.gazetteer import gazetteer
from pipelines.persons import surname_set
from pipelines.recognizer import Mention, inside_any, spans_between
from pipelines.regex_prefilter import alternation, prefiltered

# Words that only match reports use; a score (2-1, 3比0) counts as one.
_CUE_WORDS = (
    "主场 客场 主队 客队 球队 强队 弱队 联赛 赛季 进球 破门 射门 点球 门将 前锋 后卫 中场 主帅 主教练 逼平 战平 "
    "战胜 击败 不敌 负于 输给 力克 完胜 爆冷 冷门 夺冠 降级 保级 积分 本轮 上轮 首轮 轮次 赔率 盘口 让球 亚盘 欧赔 "
    "足彩 胜平负 交锋 出线 小组赛 欧战 战绩 首发 伤停 伤愈 连胜 连败 不败 德比 球员 射手 锋线 后防 转会 晋级 淘汰赛 "
    "主胜 客胜 平赔 胜赔 赔付 不胜 连平 豪门 足坛 赢球 博冷 派彩 任九 任选九场 球迷 球场 "
    "解盘 防平 博胆 稳胆 盘路 赢盘 输盘 上盘 下盘 平手盘 受让 让平 初盘 终盘 即时盘 亚赔 胜负彩 竞彩 北单 "
    "停赛 升班马 大冷 小组冠军 小组第一").split()
_CUES = prefiltered(re.compile(
    rf"{alternation(_CUE_WORDS)}"
    r"|(?<![\d.:])\d{1,2}\s*(?:-|比)\s*\d{1,2}(?![\d.:%])|\d{1,2}胜\d{1,2}[平负]|[vV][sS]"))
# Competitions and the bodies that run them: organisations wherever they are written.
COMPETITIONS = re.compile(
    r"意甲|英超|西甲|德甲|法甲|葡超|荷甲|苏超|英冠|中超|中甲|日职联|韩职联|欧冠|冠军杯|联盟杯|欧联杯|亚冠|"
    r"国际足联|欧足联|亚足联|中国足协|国际奥委会|NBA|CBA|WNBA")
# Football and basketball clubs by the names Chinese sports news gives them, where a name is no
# city's, country's, person's or other word's (曼城 is the club, 曼彻斯特 the city; 博尔顿 the town
# is hardly ever news): a club wherever it is written, however the recogniser reads it (维拉 and
# 加拉塔萨雷 as persons, 曼城 and 拉齐奥 as places). Clubs named after their city (罗马, 多特蒙德,
# 波尔图, 佛罗伦萨, 亚特兰大) are left to the match-report rules below.
_CLUB_NAMES = (
    "曼联 曼城 阿森纳 切尔西 热刺 托特纳姆热刺 埃弗顿 阿斯顿维拉 维拉 纽卡斯尔联 西汉姆联 西汉姆 富勒姆 博尔顿 "
    "布莱克本 米德尔斯堡 米堡 桑德兰 朴茨茅斯 维冈 西布朗 莱斯特城 利兹联 斯托克城 斯旺西 伯恩利 沃特福德 谢菲联 "
    "谢周三 查尔顿 女王公园巡游者 皇马 皇家马德里 巴萨 马竞 马德里竞技 比利亚雷亚尔 毕尔巴鄂竞技 皇家社会 贝蒂斯 "
    "拉科鲁尼亚 拉科 桑坦德竞技 赫塔菲 奥萨苏纳 巴拉多利德 塞尔塔 莱万特 巴列卡诺 尤文图斯 尤文 国际米兰 国米 AC米兰 "
    "拉齐奥 桑普多利亚 桑普 乌迪内斯 切沃 恩波利 雷吉纳 紫百合 拜仁 拜仁慕尼黑 沙尔克04 沙尔克 云达不来梅 "
    "门兴格拉德巴赫 门兴 柏林赫塔 赫塔 霍芬海姆 巴黎圣日耳曼 大巴黎 欧塞尔 圣埃蒂安 阿贾克斯 费耶诺德 阿尔克马尔 "
    "特温特 本菲卡 里斯本竞技 加拉塔萨雷 费内巴切 贝西克塔斯 安德莱赫特 基辅迪纳摩 顿涅茨克矿工 泽尼特 "
    "奥林匹亚科斯 帕纳辛纳科斯 维拉利尔 湖人 尼克斯").split()
# Clubs whose names are words too (the Celts, Spaniards, vagrants): clubs only in match reports.
_CLUBS_IN_REPORTS = ("凯尔特人", "西班牙人", "流浪者")
# Bookmakers by the names sports-lottery reports give them (威廉希尔, 立博, bet365): companies.
# 威廉 and 伟德 alone are names too, and are bookmakers only by the odds they give (below).
_BOOKMAKER_NAMES = ("威廉希尔 威廉·希尔 立博 伟德国际 bwin bet365 易胜博 snai oddset interwetten 10bet 12bet "
                    "sportingbet betfair 金宝博 明陞").split()
_NAMED = {**{name.lower(): "club" for name in (*_CLUB_NAMES, *_CLUBS_IN_REPORTS)},
          **{name.lower(): "company" for name in _BOOKMAKER_NAMES}}
_NAMED_PATTERN = re.compile(alternation(_NAMED))  # matched on the text with its Latin letters in lower case
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _named(text: str) -> list[re.Match]:
    """Clubs and bookmakers of the lists in the text, a Latin one only as a whole word. (The
    text's Latin letters are lowered, which keeps every offset, rather than matching without
    case, which is twenty times slower.)"""
    lowered = text.translate(_ASCII_LOWER)
    return [m for m in _NAMED_PATTERN.finditer(lowered)
            if not (m.group(0).isascii() and (m.start() > 0 and _latin(lowered[m.start() - 1])
                                              or m.end() < len(lowered) and _latin(lowered[m.end()])))]


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


_CLUB_TEAM = re.compile(r"(?:足球)?(?:俱乐部|队)")
_VERSUS = re.compile(r"\s*(?i:vs)\.?\s*")
_ODDS_TERMS = re.compile(r"凯利(?:指数|方差)|凯比值?")
# A name set against another: "A vs B", "A对B", "A主场", a score after a name.
_AGAINST_AFTER = re.compile(r"\s*(?:(?i:vs)|主场|客场|上轮|本轮|主胜|客胜|队|\d{1,2}\s*(?:-|比)\s*\d{1,2})")
_AGAINST_BEFORE = re.compile(r"(?:(?i:vs)|[主客]场对|对阵|战胜|击败|负于|输给|不敌|力克|逼平|战平|做客|迎战|让出)\s*$")
# Words said of a team and never of a person: a home ground, a visit to one, points in a table
# ("做客维冈", "A主场", "积12分").
_TEAM_ONLY_AFTER = re.compile(r"\s*(?:主场|客场|客战|积\d+分)")
_TEAM_ONLY_BEFORE = re.compile(r"(?:[主客]场对|做客|客战|主场迎战)\s*$")
# Words said of a team and of a player ("A vs B", "对手A", "A本赛季"): a club only where the name is
# no Chinese one (李娜vs小威 are players).
_CLUB_AFTER = re.compile(r"\s*(?:(?i:vs)|逼平|本赛季|本季|赢球|不败)")
_CLUB_BEFORE = re.compile(r"(?:(?i:vs)|对阵|对手|迎战)\s*$")


def _surname_free(name: str) -> bool:
    """A transcribed foreign name, not a Chinese one (a Chinese player is set against others too)."""
    return len(name) >= 3 and name[0] not in surname_set() or bool(re.fullmatch(r"[A-Za-z0-9]+", name))


def _said_of_a_team(text: str, m: Mention, before: int) -> bool:
    return bool(_TEAM_ONLY_AFTER.match(text, m.end) or _TEAM_ONLY_BEFORE.search(text, before, m.start))


def _set_as_a_team(text: str, m: Mention, before: int) -> bool:
    if _said_of_a_team(text, m, before):
        return True
    return _surname_free(m.text) and bool(_CLUB_AFTER.match(text, m.end) or _CLUB_BEFORE.search(text, before, m.start))


# A name before the word for a ground names the ground, not a club (做客伯纳乌球场, 锐步球场两连胜).
_GROUND_AFTER = re.compile(r"(?:球场|体育场|体育馆|竞技场)")
# Cues that a general story writes too (a stadium, fans, a transfer): one of them alone is no
# sentence about sport.
_PLACE_CUES = frozenset("球场 球迷 球员 转会 足坛 豪门 球队 强队 弱队 冷门".split())
# A place's name ending in its kind (伊丽莎白体育馆, 黄河流域 … 德比市) is no club's.
_FEATURE_END = re.compile(r"[路街道场馆陵湖宫山河江海岛区市县镇村园州省域]$")
# A country facing another side, or with a team's record, in a sentence about sport.
_FACING_BEFORE = re.compile(r"(?:面对|对战|对阵|避开|遭遇|战胜|击败|负于|输给|不敌|力克|逼平|战平|逼和|迎战|挑战|交手)\s*$")
_FACING_AFTER = re.compile(r"\s*(?:\d+战|\d+连[胜败负平]|已有\d+分|积\d+分|逼和|逼平|战平|战胜|击败|力克|不敌|负于|输给|主场|客场)")
_WHERE = re.compile(r"(?:在|于|到|赴|抵|来自|前往|做客)$")
# A team named after its place: the place stays a place inside it (德国男子网球队).
_TEAM_AFTER = re.compile(r"(?:国家|男子|女子|男|女|青年|少年)?[\u4e00-\u9fff]{0,3}队")
_SENTENCE = re.compile(r"[^。！？!?\n]+")
_CHINA = {"中国", "中华", "中国大陆", "中国香港", "中国台湾"}
# Positions on the pitch that are places' names too (中卫市).
_POSITIONS = {"中卫"}


def is_match_report(sentence: str) -> bool:
    """Two different cues, a competition's name counting as one (联盟杯, 英超)."""
    return _a_report(*_cues_and_competitions(sentence))


def _cues_and_competitions(sentence: str) -> tuple[list[str], list[str]]:
    return [m.group(0) for m in _CUES.finditer(sentence)], [m.group(0) for m in COMPETITIONS.finditer(sentence)]


def _a_report(cues: list[str], competitions: list[str]) -> bool:
    return len({cue.lower() for cue in cues} | set(competitions)) >= 2


def _about_sport(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The spans of the text's match reports, and of its sentences about sport: one cue at least
    that is no stadium, fans or transfer alone, or a competition's name. Each sentence's cues and
    competitions are found once for both."""
    reports, sporting = [], []
    for sentence in _SENTENCE.finditer(text):
        cues, competitions = _cues_and_competitions(sentence.group(0))
        if _a_report(cues, competitions):
            reports.append(sentence.span())
        if competitions or any(cue not in _PLACE_CUES for cue in cues):
            sporting.append(sentence.span())
    return reports, sporting


def _chinese(name: str) -> bool:
    return name in _CHINA or bool(gazetteer().lookup(name))


# A bookmaker is named by the odds it gives: "威廉主胜赔1.70", "立博的赔率", "bwin早早把客胜赔压低",
# "澳彩亚盘", "立博相同赔率下", "威廉：1.22/4.80/10.00", "威廉希尔凯利指数".
_ODDS_AFTER = re.compile(
    r"(?:的|提高|降低|压低|抬高|调整|调低|调高|(?:早早|却|仍然|仍|也|则|同样|均|都)?把)?"
    r"(?:(?:主胜|客胜|平局|平)赔|赔率|赔付率|开出|初盘|即时盘|开盘|(?:相)?同赔率|亚盘|欧赔|凯利|凯比)"
    r"|\s*[:：]?\s*\d+\.\d+\s*[/-]\s*\d+\.\d+")


def _a_city_for_its_club(text: str, m: Mention, before: int) -> bool:
    """A foreign city is its club unless the sentence says something happens there (在杜塞尔多夫战胜
    捷克队) or names a team of the place after it, or its name ends in a feature's kind (费拉里斯球场,
    德比市); a country is its national team only where it stands against another."""
    return m.label == "place" and country(m.text) is None and not _chinese(m.text) and not is_region(m.text) \
        and not _FEATURE_END.search(m.text) and not _WHERE.search(text, before, m.start) and not _TEAM_AFTER.match(text, m.end)


def clubs(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions with the clubs of match reports and of the list relabelled ``club``, and
    bookmakers named by their odds or in the list ``company``."""
    sentences, sporting = _about_sport(text)
    relabelled = []
    for m in _with_listed_names(text, _split_at_versus(text, _without_odds_terms(text, mentions)), sentences):
        in_report = inside_any(m.start, m.end, sentences)
        listed = _NAMED.get(m.text.translate(_ASCII_LOWER))
        if m.label in ("place", "person", "organization") and listed and (in_report or m.text not in _CLUBS_IN_REPORTS):
            relabelled.append(m._replace(label=listed))
            continue
        if m.label in ("place", "person") and _ODDS_AFTER.match(text, m.end) and not _chinese(m.text):
            relabelled.append(m._replace(label="company"))
            continue
        if m.label in ("place", "person") and (ground := _GROUND_AFTER.match(text, m.end)):
            relabelled.append(Mention(text[m.start:ground.end()], m.start, ground.end(), "place"))  # 做客伯纳乌球场
            continue
        before = max(0, m.start - 8)  # the words before a name: a window, not the whole text
        if m.label == "person" and _set_as_a_team(text, m, before) or m.label == "place" and _said_of_a_team(
                text, m, before) and not _chinese(m.text) and not is_region(m.text):
            relabelled.append(m._replace(label="club"))  # 做客维冈, 米德尔vs纽卡, 罗马客场: wherever it is written
            continue
        # One cue is enough for a city that names no feature (张路足彩推荐：米兰状态回勇) and for a
        # country facing a side or with a team's record (本轮主场面对乌拉圭, 马耳他3战皆负).
        if inside_any(m.start, m.end, sporting) and (
                not in_report and _a_city_for_its_club(text, m, before)
                or m.label == "place" and country(m.text) is not None and not _chinese(m.text)
                and (_FACING_BEFORE.search(text, before, m.start) or _FACING_AFTER.match(text, m.end))):
            relabelled.append(m._replace(label="club"))
            continue
        if m.label == "place" and m.text in _POSITIONS and inside_any(m.start, m.end, sporting):
            continue  # 主力中卫: the player's position, not the city of 中卫
        if not in_report or m.label not in ("place", "person") or _chinese(m.text) or is_region(m.text):
            relabelled.append(m)
            continue
        against = _AGAINST_AFTER.match(text, m.end) or _AGAINST_BEFORE.search(text, before, m.start) \
            or relabelled and relabelled[-1].label in ("club", "organization") and text[relabelled[-1].end:m.start] == "对"
        if against or _a_city_for_its_club(text, m, before):
            m = m._replace(label="club")
        relabelled.append(m)
    return _listed_with_bookmakers(text, relabelled, sporting)


def _with_listed_names(text: str, mentions: Sequence[Mention], reports: list[tuple[int, int]]) -> list[Mention]:
    """The mentions with the clubs and bookmakers of the lists as the lists write them: a name of
    three characters or more anywhere, a shorter one (拉科, 立博) or one that is a word too (凯尔特人)
    only in a match report, where it is hardly another word (elsewhere it counts only where the
    model reads it as a name).
    A name the recogniser read across a listed one is cut along it (周切沃, 拉科热刺, 维拉利物浦),
    the club's team word going with the club (曼联队两队); but where two characters would be left
    over, the name is another, longer one (维拉 + 诺瓦: 维拉诺瓦) and stays whole, as does a club's
    team (曼联队, 拜仁慕尼黑足球俱乐部)."""
    listed = [c for c in _named(text) if len(c.group(0)) >= 3 and c.group(0) not in _CLUBS_IN_REPORTS
              or inside_any(c.start(), c.end(), reports)]
    if not listed:
        return list(mentions)
    kept, inside = [], set()
    for m in mentions:
        across = [c for c in listed if c.start() < m.end and m.start < c.end()]
        if not across or m.label not in ("person", "place", "organization"):
            kept.append(m)
            continue
        spans = [(c.start(), min(m.end, team.end()) if (team := _CLUB_TEAM.match(text, c.end())) else c.end())
                 for c in across]
        left = _cut_along(text, m, spans, shortest=1)
        touching = {c.end() for c in across} | {c.start() for c in across}
        longer = any(len(piece.text) == 2 and (piece.start in touching or piece.end in touching) for piece in left)
        if longer or len(across) == 1 and spans[0] == (m.start, m.end) != across[0].span():
            kept.append(m)
            inside.update(c.start() for c in across)
        else:
            kept += [piece for piece in left if len(piece.text) >= 3]
    kept += [Mention(text[c.start():c.end()], c.start(), c.end(), _NAMED[c.group(0)]) for c in listed if c.start() not in inside]
    return sorted(kept, key=lambda m: m.start)


def _without_odds_terms(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Odds analysis names its figures after people (凯利指数, 凯比值): the figure's word is no name."""
    terms = [t.span() for t in _ODDS_TERMS.finditer(text)]
    return [m for m in mentions if not any(start <= m.start < end for start, end in terms)] if terms else list(mentions)


def _split_at_versus(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """A name read across "vs" is the two sides of a fixture (05nec尼美根vs热刺)."""
    split = []
    for m in mentions:
        if "vs" in m.text.lower():
            split += _cut_along(text, m, [v.span() for v in _VERSUS.finditer(text, m.start, m.end)])
        else:
            split.append(m)
    return split


def _cut_along(text: str, m: Mention, spans: list[tuple[int, int]], shortest: int = 2) -> list[Mention]:
    """What is left of a mention around spans cut out of it: each piece of ``shortest``
    characters or more, with the mention's label (a single character left over is no name)."""
    return [Mention(text[start:end], start, end, m.label) for start, end in spans_between(m.start, m.end, spans, shortest)]


def _listed_with_bookmakers(text: str, mentions: list[Mention], sporting: list[tuple[int, int]]) -> list[Mention]:
    """Names listed with a bookmaker are bookmakers (威廉·希尔、伟德、bet365把主胜赔压低), and in a
    sentence about sport, names listed with a club or set against one are clubs (米堡、桑德兰、斯托克;
    拉科鲁尼亚vs毕尔巴鄂): a pass forwards and one backwards carry the label along the list from
    whichever end has it."""
    listed = list(mentions)
    forwards = [(i, i - 1) for i in range(1, len(listed))]
    backwards = [(i, i + 1) for i in range(len(listed) - 2, -1, -1)]
    for i, j in forwards + backwards:
        near, this = listed[j], listed[i]
        if this.label not in ("place", "person") or _chinese(this.text):
            continue
        between = text[min(this.end, near.end):max(this.start, near.start)]
        if near.label == "company" and between == "、":
            listed[i] = this._replace(label="company")
        elif near.label == "club" and (between == "、" or _VERSUS.fullmatch(between)) \
                and inside_any(this.start, this.end, sporting):
            listed[i] = this._replace(label="club")
    return listed
