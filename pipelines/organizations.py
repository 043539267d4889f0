"""Organisations named in a story, each with a kind: companies, universities and schools,
research bodies, government bodies.

A name ends in a suffix word (有限公司, 集团, 大学, 研究院, 工信局 …) and is read leftwards over
the words jieba finds before it, as long as they can be part of a name (places, nouns, unknown
words such as brand names), stopping at verbs, particles, time words and numbers."""
from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Collection, Sequence

from pipelines.records import Organization
from pipelines.regex_prefilter import alternation, prefiltered
from pipelines.segment import cut, place_tags

_SUFFIX_KIND = [
    (("股份有限公司", "有限责任公司", "有限公司", "公司", "集团", "控股", "股份", "厂"), "company"),
    (("大学", "学院", "学校", "中学", "小学"), "university"),
    (("研究院", "研究所", "实验室", "研究中心", "工程中心", "研究会"), "research"),
    (("发改委", "发展改革委", "改革委", "工信局", "科技局", "财政局", "商务局", "教育局", "公安局", "公安分局",
      "人民政府", "管委会", "行政服务局", "教育部", "生态环境局", "审计局", "统计局", "税务局", "招商局",
      "总署", "总局", "管理局", "监督局", "委员会", "管理处", "监督站", "办公室", "办公厅", "办"),
     "government"),
    (("协会", "学会", "联合会", "基金会", "商会", "组委会", "筹委会"), "association"),
]
# Word classes that end a name when read leftwards (jieba tags): particles, prepositions,
# conjunctions, adverbs, time words, pronouns, numerals, measure words, punctuation.
_STOP_TAGS = {"u", "uj", "ul", "ud", "ug", "uz", "uv", "p", "c", "d", "t", "r", "m", "q", "f", "x", "w", "y", "e", "o", "tg"}
# Verbs of meeting and doing that stand before an organisation, never inside its name.
_STOP_VERBS = {"走进", "来到", "参观", "调研", "召开", "举行", "签约", "引进", "入选", "创成", "成为", "打造", "推动",
               "支持", "表彰", "包括", "依托", "联合", "携手", "作为", "落户", "前往", "走访", "搭桥", "看望",
               "参加", "参与", "出席", "获得", "获评", "来自", "加快", "实现", "师生", "加强", "区属", "市属", "国有",
               "宣布", "收购", "买下", "并购", "兼并", "注重", "培养", "投资", "入股", "起诉", "聘请", "邀请", "委托",
               "批准", "决定", "认为", "表示", "指出", "所属", "旗下", "历任", "曾任", "担任", "出任", "现任", "兼任", "调任", "升任",
               # founding one (组建 + 报业集团), moving into one (搬进 + 办公室), and modal verbs
               # (消费者 + 要 + 学会): before a body's name, never inside it (能, 会 are left out: an
               # unknown name's last character is often cut off alone, 天合光 + 能)
               "组建", "成立", "创办", "创建", "设立", "筹建", "兴办", "建立", "搬进", "搬到", "住进", "进入", "回到",
               "要", "应当", "应该", "需要", "必须", "可以"}
# A suffix word alone names no particular body: "管委会主任" of which park?
_BARE = {"办", "厂", "组委会", "筹委会", "管委会", "人民政府", "推进办", "招商局", "公安局", "公安分局", "公司", "集团", "股份", "控股", "委员会", "办公室",
         "办公厅", "协会", "学会", "联合会", "基金会", "商会", "研究会", "管理局", "管理处", "总局"}
_COUNTED = re.compile(r"^[一二三四五六七八九十两\d]+[季年月日号个家所]")
# (如 "such as" opens an example: 如 + 海南公司; time nouns: 适当 + 时候 + 总局 "the bureau, in due time";
# a wire's dateline: 5月5 + 日电 + 法国世界杯组委会)
_NEVER_INSIDE = {"我们", "今年", "去年", "明年", "全市", "全省", "全区", "各", "该", "本", "我市", "其中", "同时", "如",
                 "时候", "时间", "期间", "日电", "月份", "本报讯", "当地"}
_FUNCTION_CHARS = set("由在与和对向将把被从的及并是为等据")
_MAX_WORDS = 6


# Words that say which trade or kind a company is of, not which company: 保险公司, 上市公司.
_TRADES = frozenset(
    "保险 博彩 信托 拍卖 主流 贷款 小额 小额贷款 外资 中资 合资 独资 日资 港资 台资 美资 欧资 韩资 外商 外国 跨国 上市 民营 国有 私营 私人 大 小 新 老 该 这家 "
    "那家 各 多家 投资 房地产 地产 物业 中介 担保 证券 基金 咨询 网络 软件 游戏 电影 影视 传媒 广告 建筑 物流 快递 航空 电信 "
    "能源 石油 汽车 金融 科技 互联网 贸易 外贸 电力 医药 保健品 彩票 博彩业 经纪 子 母 分 控股 相关 有关 其他 一些 大型 中小 著名 知名 一家 电脑 传销 "
    "制片 电影制片 连锁 房产 各大 小型 中型 催账 农村 城市 壳".split())


_KINDS_OF_SCHOOL = frozenset("职业 二级 重点 普通 民办 公办 私立 私人 寄宿 技工 中等 高等 职业技术 国际 贵族 附属 一所 这所".split())
_KINDS_OF_BUSINESS = ("公司", "集团", "银行", "企业", "信用社", "合作社")


def is_kind_of_business(name: str) -> bool:
    """保险公司, 上市公司, 著名电脑公司, 美国公司: a common noun of the dictionary, or words of a trade,
    a country or a size before a word for a business; a kind of business, not a business."""
    suffix = next((word for word in _KINDS_OF_BUSINESS if name.endswith(word)), None)
    if suffix is None:
        return False
    if place_tags().get(name) == "n":
        return True
    prefix = name[:-len(suffix)]
    if suffix == "银行":  # 中国银行, 美国银行: a country's bank is a name
        return bool(prefix) and all(_trade_words(token) for token in cut(prefix))
    return bool(prefix) and all(_generic_modifier(token, "company") for token in cut(prefix))


# Words before a government body's suffix that say which of many it is not (相关管理局): a
# trade there names the body's field (科技招商局, 能源管理局), as it does not a company's.
_NOT_WHICH = frozenset("大 小 新 老 该 这家 那家 各 多家 相关 有关 其他 一些 一家".split())


def _generic_modifier(token: str, kind: str) -> bool:
    """A word before the suffix of a body of ``kind`` that says what sort of body, not which one."""
    from pipelines.countries import country, is_region

    if kind == "government":
        return token in _NOT_WHICH or country(token) is not None or is_region(token)
    return _trade_words(token) or country(token) is not None or is_region(token)


def _trade_words(token: str) -> bool:
    """A trade's word, or two of two characters or more written as one (金融证券, 房产中介)."""
    return token in _TRADES or any(token[:k] in _TRADES and token[k:] in _TRADES for k in range(2, len(token) - 1))


# The last characters of the suffixes: most words end otherwise and are ruled out at once.
_SUFFIX_ENDS = frozenset(suffix[-1] for suffixes, _ in _SUFFIX_KIND for suffix in suffixes)


# 办 ends an office's name (扶贫办, 住房保障办, 重大项目推进办) and many verbs (举办, 申办, 怎么办).
_DOING = frozenset("举办 主办 承办 协办 创办 兴办 开办 包办 代办 督办 查办 交办 试办 筹办 合办 操办 申办 置办 照办 法办 "
                   "严办 经办 自办 停办 复办 联办 民办 公办 怎么办 咋办 难办 好办 帮办 领办 催办 转办 批办 速办 去办 来办 "
                   "先办 快办 再办 还办 要办 能办 会办 可办 不办 没办 在办 正办 想办 代为办".split())
# What follows an office (住房保障办 + 主任, + 就, + 的, + 。); the verb 办 takes an object (办 + 业务, + 一张, + 了).
_AFTER_OFFICE_TAGS = frozenset({"x", "w", "d", "p", "c", "uj", "v"})
_AFTER_OFFICE = frozenset("主任 副主任 常务副主任 负责人 工作人员 官员 人员 干部 党组书记 有关 相关".split())


# 厂 ends a works' name (黄石单板厂, 琉璃河水泥厂) and words for going to, being at or being all of one.
_AT_WORKS = frozenset("出厂 建厂 进厂 回厂 入厂 办厂 离厂 到厂 下厂 在厂 返厂 驻厂 护厂 兴厂 治厂 设厂 开厂 工厂".split())


# Words that end in a suffix and name no body: verbs in 办, going to a works or being all of one.
_ENDING_SO_NO_BODY = _DOING | _AT_WORKS


def _kind(token: str) -> str | None:
    if token in _ENDING_SO_NO_BODY or token.endswith("厂") and token[0] in "全本该各同此我其":
        return None  # 举办, 出厂; 全厂, 该厂: the whole of one, or this one
    return next((kind for suffixes, kind in _SUFFIX_KIND if token.endswith(suffixes)), None)


def _an_office(tokens: Sequence[str], i: int, tags: dict[str, str]) -> bool:
    """Whether the word ending in 办 at ``i`` is an office, by the word after it: the end, a
    mark, a post or a word that is no object (市住房保障办 + 主任; 重大项目推进办 + ”), where the verb
    办 would take one (为群众办 + 自来水, 办 + 了)."""
    if i + 1 == len(tokens):
        return True
    after = tokens[i + 1]
    if after in _AFTER_OFFICE or not _NAME_TOKEN.match(after):
        return True
    return tags.get(after) in _AFTER_OFFICE_TAGS and after[0] not in "了过着起一两几这那"


_NAME_TOKEN = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")  # a word a name can be made of


def _can_be_inside(token: str, tags: dict[str, str]) -> bool:
    if token in _NEVER_INSIDE or not _NAME_TOKEN.fullmatch(token):
        return False
    if token in _STOP_VERBS or token[0] in _FUNCTION_CHARS and len(token) <= 2 or _COUNTED.match(token):
        return False
    if len(token) == 2 and tags.get(token) is None and (token[1] in "是给" or token[0] in "未不没"):
        return False  # 一是, 本是, 投给, 未见: a verb's pieces the dictionary does not know, no brand
    return tags.get(token) not in _STOP_TAGS  # unknown words are usually names (索普赛瑞)


_NOUN_TAGS = frozenset({"n", "nr", "ns", "nt", "nz", "nrt", "nrfg", "j", "vn", "eng"})


def _names_a_body(token: str, tags: dict[str, str]) -> bool:
    """A noun or an unknown word (a brand: 匡时), which a body's name opens with."""
    return tags.get(token) in _NOUN_TAGS or _unknown_word(token, tags)


def _unknown_word(token: str, tags: dict[str, str]) -> bool:
    """A word of two characters or more the dictionary does not know: usually a brand (索普赛瑞, 匡时)."""
    return token not in tags and len(token) >= 2 and bool(_NAME_TOKEN.fullmatch(token))


# A company written with 公司 alone holds a name (a place, a person, a brand: 快钱公司, 美国在线公司);
# a registered name (…有限公司) or a group (氯碱集团, 大全集团) may be all common words.
_PROPER_TAGS = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "nt", "j", "eng"})


def _proper(token: str, tags: dict[str, str]) -> bool:
    """A name, or a word the dictionary does not know (a brand: 索普赛瑞), not a common word."""
    return tags.get(token) in _PROPER_TAGS or _unknown_word(token, tags)


def _bracketed_place(tokens: Sequence[str], start: int, tags: dict[str, str]) -> bool:
    """Whether a place in brackets stands right before ``start`` after a name: （中国）, (上海)."""
    return start >= 4 and tokens[start - 3] in "（(" and tokens[start - 1] in "）)" and tags.get(tokens[start - 2]) == "ns" \
        and _can_be_inside(tokens[start - 4], tags)


def extract_organizations(text: str, words: Sequence[str] | None = None) -> list[Organization]:
    """Organisations the text names; ``words`` is the text already cut into words, if the caller has it."""
    tags = place_tags()
    tokens = cut(text) if words is None else list(words)
    found: dict[str, str] = {}
    for i in [i for i, token in enumerate(tokens) if token[-1:] in _SUFFIX_ENDS]:
        token = tokens[i]
        kind = _kind(token)
        if not kind or token.endswith("办") and not _an_office(tokens, i, tags):
            continue
        if i and tags.get(tokens[i - 1]) == "v" and len(tokens[i - 1]) <= 2 and kind != "government" \
                and not (i >= 2 and _names_a_body(tokens[i - 2], tags)):
            continue  # 要考 + 大学, 没有 + 学会, 去 + 保险公司: a verb's object; not 匡时 + 拍卖 + 公司, 协调 + 委员会
        start, read = i, 0
        while start > 0 and read < _MAX_WORDS:
            read += 1
            if kind == "company" and _bracketed_place(tokens, start, tags):
                start -= 4  # a registered name holds its place in brackets: 渣打银行（中国）有限公司
                continue
            if start >= 2 and tokens[start - 1] in "·•" and _names_a_body(tokens[start - 2], tags):
                start -= 2  # a foreign name's dot: 乔治 · 梅森大学
                continue
            if not _can_be_inside(tokens[start - 1], tags) or tags.get(token) == "nt" and tags.get(tokens[start - 1]) == "v":
                break  # a body the dictionary knows whole (国家体育总局) takes no verb before it (致电)
            start -= 1
        if start == i and token in _BARE:
            continue
        if token == "办" and not any(tags.get(t) in _NOUN_TAGS for t in tokens[start:i]):
            continue  # 有能出钱办的: verbs before the verb 办, no office's field
        name = "".join(tokens[start:i + 1])
        if len(name) < (3 if kind == "government" else 4):
            continue
        if kind == "university" and (token.endswith("学校") and tags.get(tokens[start]) != "ns"
                                     or start < i and all(t in _KINDS_OF_SCHOOL for t in tokens[start:i])):
            continue  # 中等职业学校, 技工学校, 职业中学, 二级学院: a kind of school, not a school
        if token in _BARE and all(_generic_modifier(t, kind) for t in tokens[start:i]) or is_kind_of_business(name):
            continue  # 保险公司, 博彩公司, 美国公司: a kind of company, not a company
        if (token.endswith(("公司", "厂")) and not token.endswith("有限公司") or token in ("股份", "控股")) \
                and not any(_proper(t, tags) for t in [*tokens[start:i], token[:-2]]):
            continue  # 按揭公司, 动画电影制作公司, 增持股份: common words say what kind, no name says which
        for shorter in [o for o in found if o in name]:
            del found[shorter]
        if not any(name in longer for longer in found):
            found[name] = kind
    return [Organization(name=name, kind=kind) for name, kind in found.items()]


# A kind from the name, for names the recogniser finds: the first rule that matches wins, so
# 中共江苏省委宣传部 is a party body before it is a 部, and 人民法院 a court before a 院.
_KIND_RULES = [
    ("international", re.compile(r"^(?:联合国|世界银行|国际货币基金组织|世界贸易组织|世界卫生组织|欧盟|欧洲联盟|北约|东盟|"
                                 r"亚太经合组织|上海合作组织|国际奥委会|红十字国际委员会)|^国际.{0,8}(?:组织|联盟|委员会)$")),
    ("party", re.compile(r"^(?:中共|中国共产党|党中央)|(?:省委|市委|县委|区委|州委|镇党委|党委|党组|党工委|党支部|党总支|纪委|"
                         r"组织部|宣传部|统战部|政法委|监委|团委|团中央|共青团.*)$|[省市县区]委.{0,6}部$")),
    ("legislature", re.compile(r"人大|人民代表大会|政协|政治协商会议|国会|议会|参议院|众议院")),
    ("court", re.compile(r"(?:法院|检察院|仲裁委员会|仲裁委|法庭)$")),
    # and a university's short form by its field (江科大, 南师大, 华东师大, 北理工大; not 人大, 十五大)
    ("university", re.compile(r"(?:大学|学院|学校|中学|小学|幼儿园|党校|师专|师范)$|^[\u4e00-\u9fff]{1,3}(?:科|师|农|工|医|财|理工|交|政法|林|矿)大$")),
    ("research", re.compile(r"(?:研究院|研究所|研究中心|实验室|科学院|社科院|工程院|研究会)$")),
    ("media", re.compile(r"(?:新华社|通讯社|报社|日报|晚报|早报|时报|商报|电视台|广播电台|电台|杂志社|出版社|传媒|新闻网|网)$|^新华社|^中央电视台")),
    # armed forces before teams: 以色列军队, 海军陆战队 are no 队 of a sport
    ("government", re.compile(r"(?:军队|部队|自卫队|陆战队|舰队|军方)$")),
    ("association", re.compile(r"(?:女排|男排|女足|男足|女篮|男篮|协会|学会|联合会|商会|基金会|工会|妇联|残联|侨联|科协|文联|作协|红十字会|俱乐部|队)$")),
    # the central bank and its branches are the state's (中国人民银行宁波市中心支行), before any 银行 or 行
    ("government", re.compile(r"^(?:中国)?人民银行|^(?:央行|中央银行)$")),
    ("company", re.compile(r"(?:公司|集团|银行|信托|[分支总]行|股份|控股|厂|酒店|宾馆|商场|超市|医院|事务所|店)$")),
    ("government", re.compile(r"(?:国务院|政府|部|厅|局|委员会|委|办公室|办公厅|办|署|司|管委会|海关|派出所|街道|中心|处|科|总队|支队)$")),
]


def names_a_unit(words: str) -> bool:
    """Whether words end as a body's name does (发展研究中心, 出版社), not as a verb does (主办, 申办)."""
    return organization_kind(words) != "other" and not any(words.endswith(verb) for verb in _DOING)


# A company's arm in a country or region, written with it in brackets (渣打银行（中国）, 汇丰（亚洲）):
# of the company's kind.
MARKET_IN_BRACKETS = re.compile(r"[（(](?P<place>[\u4e00-\u9fff]{2,5})[）)]")
_MARKET_AFTER = re.compile(MARKET_IN_BRACKETS.pattern + "$")


def organization_kind(name: str) -> str:
    """government, party, legislature, court, company, university, research, media, association,
    international, or other."""
    if kind := _short_forms()[1].get(name):
        return kind  # 招行, 新华网
    name = _MARKET_AFTER.sub("", name)
    return next((kind for kind, pattern in _KIND_RULES if pattern.search(name)), "other")


# Bodies news names without a place or with a country's one-character name, which the recogniser
# misses: armed forces (美军, 俄海军, 印度空军, 海军陆战队) and national institutions written
# bare (国会, 内阁, 国家杜马, 司法部). All are government bodies.
_COUNTRY_ONE_CHAR = "美俄日德英法苏意韩朝印以伊越泰菲巴澳"  # 美军, 俄海军; two for joint forces: 美韩军, 苏俄军队
# A one-character country that ends a word is none (精英部队 is no British force, 欧美军队 no American).
_ALONE = r"(?<![精欧完赞健选审群])"
# 以 is Israel in 以军 but "by means of" before a whole word for troops (以军队要挟人民, 以武装力量).
_ONE_OR_TWO_COUNTRIES = (rf"(?:[{_COUNTRY_ONE_CHAR.replace('以', '')}][{_COUNTRY_ONE_CHAR}]?"
                         rf"|以(?!军队|部队|武装)[{_COUNTRY_ONE_CHAR}]?)")
_FORCES = (r"(?:军方|军队|海军陆战队|海军|空军|陆军|空天军|武装部队|武装力量|(?:防空|边防|特种|反恐|空降|战略导弹|导弹)?部队|"
           r"(?:海上|陆上|航空)?自卫队|舰队|军)(?:部队)?")
# Bodies a country has that news names with the country only: 英国警方, 美国驻华使馆, 澳大利亚海关.
_COUNTRY_BODIES = r"(?:警方|警察部门|(?:驻[\u4e00-\u9fff]{1,4})?(?:大使馆|使馆|领事馆|总领事馆)|海关|政府)"
_NATIONAL_BODIES = (
    "国会|议会|内阁|白宫|五角大楼|克里姆林宫|国家杜马|杜马|国民议会|参议院|众议院|参众两院|联邦政府|美联储|"
    "外交部|国防部|内政部|司法部|财政部|商务部|教育部|卫生部|公安部|安全部|国务院|移民局|联邦调查局|中央情报局|"
    "海军陆战队|海军|空军|陆军|解放军|武警|火箭军|警方|海上自卫队|陆上自卫队|航空自卫队|新闻出版总署|新闻出版署")
# Japan's ministries end in 省, which the recogniser reads as a province (日本大藏省官员).
_JAPANESE_MINISTRIES = ("大藏省|通产省|外务省|防卫省|防卫厅|文部省|厚生省|法务省|邮政省|总务省|财务省|经济产业省|国土交通省|"
                        "农林水产省|文部科学省|厚生劳动省|环境省")
# A level's party committee or government written bare (市委书记, 省委常委, 县政府): the story's.
# Only where a name starts: after a pause, a function word, a term or 任 (任县委书记, 六届县委书记).
_LOCAL_BODIES = ("团?[省市县区乡镇]委(?![员会托屈])|[乡镇村]?党委|党组|村委会|居委会|[省市县区乡镇]政府|法院|检察院|公安机关|"
                 "检察机关|派出所|纪委|团委")


# A country's team (印尼队, 巴西国家队, 中国女子排球队), which the recogniser leaves out where the
# country is not a place of the story.
TEAM = r"(?:国家)?(?:男子|女子)?(?:男|女|青年|少年)?(?:足球|篮球|排球|乒乓球|羽毛球|网球)?(?:代表)?队(?![员长伍])"
# A party congress by its number: 十五大, 中共十五大, 党的十八大, 党的二十大 (三大, 十大 are "three", "ten").
_PARTY_CONGRESS = (r"(?:(?:中共|(?<=党的))?(?<![一二三四五六七八九十])十[一二三四五六七八九]|(?:中共|(?<=党的))二十[一二三]?)大"
                   r"(?![学厦道街桥会型量类项批件片门品])")


@lru_cache(maxsize=1)
def _known_bodies() -> re.Pattern:
    from pipelines.countries import _countries

    countries = alternation(n for n in _countries() if len(n) >= 2)
    forces = rf"(?:{countries})(?:国)?{_FORCES}|{_ALONE}{_ONE_OR_TWO_COUNTRIES}{_FORCES}|(?:{countries}){_COUNTRY_BODIES}" \
        rf"|{_ALONE}[{_COUNTRY_ONE_CHAR}](?:国防部|外交部|财政部|国会|空军|海军)"
    # A country's own body is one name with it (美国财政部, 斯里兰卡议会); 军 opens many words
    # (军费, 军事, 军区): a force ends where such a word would begin.
    return prefiltered(re.compile(
        rf"(?:{forces}|(?:{countries})?(?:{_NATIONAL_BODIES}))(?![费事备工火训区人官校装民属团舰机港营门])"
        rf"|(?:日本)?(?:{_JAPANESE_MINISTRIES})|{_PARTY_CONGRESS}|(?:(?<![\u4e00-\u9fff])|(?<=[而和与由被经向对在及的同任届]))(?:{_LOCAL_BODIES})|(?:{countries}){TEAM}"))


# Banks, development banks and news organisations that financial and news reports name by a short form the
# recogniser does not know as a name (招行 reads as a verb phrase, 新华网 as a noun). Only short
# forms that are no other word: 民生, 兴业, 光大, 平安 are words too; and 新浪 alone is mostly the
# first word of one of its channels (新浪娱乐, 新浪房产, 新浪财经), which annotators leave out.
_SHORT_FORMS = {
    "company": "工行 农行 中行 建行 交行 招行 邮储银行 深发展 浦发 花旗 汇丰 渣打 荷银 银联",
    "media": "新华网 人民网 中新网 央视网 新浪网 搜狐 网易 凤凰网 央视 新华社 中新社 美联社 路透社 法新社 共同社 塔斯社",
    "international": "世行 亚行 亚投行",
}


@lru_cache(maxsize=1)
def _short_forms() -> tuple[re.Pattern, dict[str, str]]:
    kinds = {name: kind for kind, names in _SHORT_FORMS.items() for name in names.split()}
    return re.compile(alternation(kinds)), kinds


def is_short_form(name: str) -> bool:
    """A bank's, a development bank's or a news organisation's short form (工行, 亚行, 新华网)."""
    return name in _short_forms()[1]


def known_bodies(text: str, word_starts: Collection[int] | None = None) -> list[Organization]:
    """Armed forces, bare national institutions, party congresses, and banks and news
    organisations by their short forms, that the text names. Given where the text's words start,
    a short form counts only where a word starts (集中行动 holds no 中行, 施工行业 no 工行)."""
    names = dict.fromkeys(m.group(0) for m in _known_bodies().finditer(text))
    kinds = {name: organization_kind(name) for name in names}
    bodies = [Organization(name=name, mention=name, kind=kind if kind != "other" else "party" if name.endswith("大")
                           else "government") for name, kind in kinds.items()]
    pattern, _ = _short_forms()
    for name in dict.fromkeys(m.group(0) for m in pattern.finditer(text) if word_starts is None or m.start() in word_starts):
        bodies.append(Organization(name=name, mention=name, kind=organization_kind(name)))
    return bodies
