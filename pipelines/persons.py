"""Officials with their posts: "市委副书记、市长盛蕾", "常州市工信局局长严德群",
"区领导章红新、言国强、葛敏、徐悦", "市科技局对外合作处徐光陆处长".

A post from the maintained list (resources/posts.txt) anchors each match. The titles are read back
to the previous delimiter, so the unit stays with its post (常州市委书记); the name after the post
must start with a surname, and a verb that follows it is never part of it (沈莹通报 is 沈莹).
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from pipelines.gazetteer import gazetteer
from pipelines.records import Person
from pipelines.townships import township_opening

# Words that follow a name and would otherwise be read as its third character.
_AFTER_NAME = (
    "通报 表示 强调 指出 介绍 主持 出席 宣布 代表 提出 要求 宣读 讲话 致辞 说明 认为 希望 坦言 透露 "
    "告诉 提醒 带队 率队 陪同 调研 会见 看望 参加 分别 共同 一起 一行 同志 亲自 先后 随后 首先 再次 "
    "给出 作为 对于 抛出 面对 谈到 回顾 部署 总结 点评 答复 补充 动员"
).split()
_AFTER_NAME_CHARS = set("，。、；：“”‘’（）()！？ 等在说和与的为对作及是向就从到将也都又已")
_TITLE_DELIMITERS = set("，。、；：“”‘’（）()！？ \n")
_TITLE_MAX = 24
_LIST_POST = "领导"
_POSTS_AFTER_NAME = {"总书记"}  # 习近平总书记: the name always comes first
# Words that open a clause before a title: "随着连云港市委书记马士光的宣布".
_LEADING_FUNCTION_WORDS = re.compile(r"^(?:随着|会上|当天|其中|由|经|据|在|和|与|同|向|对|为|是|被|让|请)")
_ORG_END = re.compile(r"(?:有限公司|集团|公司|大学|学院|研究院|研究所|实验室|银行|医院|[委局办厅处科部院所会司行园]|街道|管委会)$")
# A short place name in a title counts only when a unit follows it (溧阳高新区, 海门区委),
# so 新民洲 or 象山街道 do not turn into 新民市 or 象山县.
_PLACE_IN_TITLE = re.compile(r"(?P<place>[\u4e00-\u9fff]{2,4}?)(?=市|区|县|省|经开区|高新区|开发区|新区)")


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern, frozenset[str], frozenset[str]]:
    folder = resources.files("pipelines.resources")
    posts = [line.strip() for line in folder.joinpath("posts.txt").read_text("utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    surnames = frozenset(w for line in folder.joinpath("surnames.txt").read_text("utf-8").splitlines()
                         if not line.startswith("#") for w in line.split())
    pattern = re.compile("|".join(sorted(map(re.escape, posts), key=len, reverse=True)))
    return pattern, frozenset(posts), surnames


@lru_cache(maxsize=1)
def _transliteration() -> frozenset[str]:
    text = resources.files("pipelines.resources").joinpath("transliteration.txt").read_text("utf-8")
    return frozenset(c for line in text.splitlines() if not line.startswith("#") for c in line.split())


_LONGEST_FOREIGN_NAME = 8  # 内塔尼亚胡, 奥尔布赖特, 德·克勒克


def _foreign_name_at(text: str, at: int) -> str | None:
    """A foreign name written in the standard's characters starting at ``at`` (若斯潘 in 法国总理若斯潘在),
    of two characters or more."""
    from pipelines.segment import cut

    chars = _transliteration()
    end = at
    while end < len(text) and end - at < _LONGEST_FOREIGN_NAME and text[end] in chars:
        end += 1
    if end - at < 2 or end - at >= _LONGEST_FOREIGN_NAME:
        return None
    # The name ends where a word does: the characters of 克林顿多次 run on into 多次 "many times".
    ends, offset = [], 0
    for word in cut(text[at:end + 2]):
        offset += len(word)
        ends.append(offset)
    length = max((e for e in ends if e <= end - at), default=0)
    name = text[at:at + length].strip("·•")
    return name if len(name) >= 2 else None


def _foreign_title(text: str, post_start: int) -> bool:
    """Whether the title before a post names a foreign country (法国总理, 对俄罗斯总理)."""
    from pipelines.countries import country

    start = _title_start(text, post_start)
    return any((c := country(text[at:at + size])) is not None and c.name != "中国"
               for at in range(start, post_start - 1) for size in range(2, 7) if at + size <= post_start)


def _name_at(text: str, at: int) -> str | None:
    """The name starting at ``at``: a surname and one or two characters. Two characters of given
    name unless what follows the shorter name is a verb or a particle (沈莹通报, 方力强调)."""
    _, _, surnames = _lexicon()
    for surname_len in (2, 1):
        surname = text[at:at + surname_len]
        if surname not in surnames:
            continue
        start = at + surname_len
        first = text[start:start + 1]
        if not _is_cjk(first) or first in _AFTER_NAME_CHARS:
            continue
        after_short = text[start + 1:start + 3]
        if not after_short or after_short[0] in _AFTER_NAME_CHARS or after_short in _AFTER_NAME:
            return surname + first
        if _is_cjk(after_short[0]):
            return surname + first + after_short[0]
    return None


def _is_cjk(char: str) -> bool:
    return bool(char) and "\u4e00" <= char <= "\u9fff"


# Words after which a title starts afresh: prepositions, conjunctions, 的 and time words
# (马克龙星期一在莫斯科与 | 俄罗斯总统, 欧盟理事会主席米歇尔和 | 美国总统, 曾是自由党党员的 | 前政务司司长).
_CLAUSE_TAGS = frozenset({"p", "uj", "ul", "t"})
# A conjunction joins two persons' titles after a name (米歇尔和 | 美国总统) but a unit's two fields
# after common words (国家发展和改革委员会, 文化和旅游部): it starts a title only after a name.
_COMMON_TAGS = frozenset({"n", "vn", "v", "a", "an"})


def _title_alone(title: str) -> str:
    """The title without the clause the sentence opens it with: what follows its last
    preposition, conjunction, 的 or time word (a title of a unit with 对外 or 和 in its name keeps
    them: jieba reads 对外 and 和平 as words of their own)."""
    from pipelines.segment import cut, place_tags

    tags = place_tags()
    words = cut(title)
    last = max((k for k, word in enumerate(words[:-1]) if tags.get(word) in _CLAUSE_TAGS
                or tags.get(word) == "c" and k > 0 and tags.get(words[k - 1]) not in _COMMON_TAGS), default=-1)
    return "".join(words[last + 1:])


def _title_start(text: str, end: int) -> int:
    """Where the title ending at ``end`` starts: after the previous delimiter, at most ``_TITLE_MAX`` back."""
    start = end
    while start > 0 and end - start < _TITLE_MAX and text[start - 1] not in _TITLE_DELIMITERS:
        start -= 1
    return start


# A list item before a post's 、 longer than this is no title, and one person holds no more posts
# than this in a row (市委副书记、市长): the bounds keep a text without punctuation, or a long list
# of posts, from being read back to its start at every post (quadratic on junk input).
_ITEM_MAX = 200
_TITLES_MAX = 8


def _titles_before(text: str, post_end: int) -> list[str]:
    """The title ending at ``post_end`` and the titles joined to it by 、 (市委副书记、市长)."""
    posts_pattern, _, _ = _lexicon()
    titles = []
    end = post_end
    while True:
        start = _title_start(text, end)
        titles.insert(0, _title_alone(_LEADING_FUNCTION_WORDS.sub("", text[start:end])))
        if start > 0 and text[start - 1] == "、" and len(titles) < _TITLES_MAX:
            previous_end = start - 1
            candidate_start = previous_end  # the item before the 、, read back at most _ITEM_MAX characters
            while candidate_start > 0 and previous_end - candidate_start < _ITEM_MAX \
                    and text[candidate_start - 1] not in _TITLE_DELIMITERS:
                candidate_start -= 1
            previous = text[candidate_start:previous_end]
            if (post := posts_pattern.search(previous)) and post.end() == len(previous):
                end = previous_end
                continue
        return titles


def _place_and_org(titles: list[str]) -> tuple[str | None, str | None]:
    """The place a post names (常州市委书记 → 常州) and its body (→ 常州市委)."""
    posts_pattern, posts, _ = _lexicon()
    g = gazetteer()
    place = organization = None
    for title in titles:
        for m in _PLACE_IN_TITLE.finditer(title):
            for candidate in (m["place"], m["place"][:-1]):
                if len(candidate) >= 2 and g.lookup(candidate):
                    place = place or g.lookup(candidate)[0].short_name
                    break
            if place:
                break
        place = place or township_opening(title)  # 健康路街道党工委书记: a township the table knows
        post = next((p for p in sorted(posts, key=len, reverse=True) if title.endswith(p)), "")
        body = re.sub(r"(?:常务)?副?$", "", title[:len(title) - len(post)])
        if "有限公司" in body:
            body = body[:body.index("有限公司") + len("有限公司")]
        if body and _ORG_END.search(body) and not organization:
            organization = body
    return place, organization


def _plausible_name(text: str, at: int, name: str, post: str) -> bool:
    """A name ends where a word ends (殷殷嘱 cuts 嘱托 in half) and does not make a phrase with
    its post (领导班子). A name that is also a word (方针) stays a name after a post."""
    from pipelines.segment import cut, tokenizer

    words = tokenizer().FREQ
    if (post + name) in words or (post + name[:2]) in words:
        return False
    end = at + len(name)
    if text[end:end + 1] in _AFTER_NAME_CHARS or text[end:end + 2] in _AFTER_NAME:
        return True  # jieba glues 张玉金作 into one word; the particle settles it
    offset = 0
    for token in cut(text[at:end + 6]):
        offset += len(token)
        if offset >= len(name):
            return offset == len(name)
    return True


def extract_persons(text: str) -> list[Person]:
    posts_pattern, _, surnames = _lexicon()
    found: dict[str, list[str]] = {}

    def add(name: str, titles: list[str]) -> None:
        merged = found.setdefault(name, [])
        merged.extend(t for t in titles if t not in merged)

    for m in posts_pattern.finditer(text):
        post, end = m.group(0), m.end()
        name = None if post in _POSTS_AFTER_NAME else _name_at(text, end)
        if name and not _plausible_name(text, end, name, post):
            name = name[:2] if len(name) == 3 and _plausible_name(text, end, name[:2], post) else None
        if name is None and post not in _POSTS_AFTER_NAME and _foreign_title(text, m.start()):
            name = _foreign_name_at(text, end)  # 俄罗斯总理基里延科: no surname opens a foreign name
        if name:
            titles = _titles_before(text, end)
            add(name, titles)
            if post == _LIST_POST:  # 区领导章红新、言国强、葛敏、徐悦
                at = end + len(name)
                while text[at:at + 1] == "、" and (more := _name_at(text, at + 1)):
                    add(more, titles)
                    at += 1 + len(more)
            continue
        # The post after the name: 徐光陆处长, 习近平总书记.
        for size in (3, 2):
            start = m.start() - size
            if start < 0:
                continue
            candidate = text[start:m.start()]
            if _name_at(text, start) == candidate and (post == "总书记" or start > 0 and text[start - 1] in "处局委办科室部院所"):
                unit_titles = [] if post in _POSTS_AFTER_NAME else _titles_before(text, start)
                unit = unit_titles[-1] if unit_titles else ""
                add(candidate, [unit + post] if unit else [post])
                break
    persons = []
    for name, titles in found.items():
        titles = [t for t in titles if t]
        place, organization = _place_and_org(titles)
        persons.append(Person(name=name, titles=titles, place=place, organization=organization))
    return persons


def post_after(text: str, end: int) -> str | None:
    """The post written right after a name ("江泽民主席", "徐光陆处长"), or None."""
    posts_pattern, _, _ = _lexicon()
    m = posts_pattern.match(text, end)
    return m.group(0) if m and m.group(0) != _LIST_POST else None


def surname_set() -> frozenset[str]:
    """The maintained surnames (resources/surnames.txt)."""
    return _lexicon()[2]
