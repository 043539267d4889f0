"""Names listed before the kind of body they are: "bet365、威廉希尔和韦德国际等公司", "建行、华夏等银行",
"乌迪内斯、罗马和国际米兰等实力派球队". The list says what each name is, whatever the recogniser read
there (a bookmaker as a person, a club as a city), and it names the ones the recogniser missed
(Latin brand names, unknown words)."""
from __future__ import annotations

import re
from collections.abc import Sequence

from pipelines.recognizer import Mention
from pipelines.segment import cut, place_tags

# The kind word closing the list, and the organisation kind it gives.
_KIND_WORDS = {"公司": "company", "企业": "company", "银行": "company", "集团": "company", "厂商": "company",
               "厂家": "company", "品牌": "company", "媒体": "media", "网站": "media", "俱乐部": "association",
               "球队": "association", "大学": "university", "高校": "university", "院校": "university",
               "机构": "other", "组织": "other"}
_LIST = re.compile(r"(?P<items>[^，。；：！？,;:\s“”\"（）()]{2,80}?)等(?:多家|几家|[\u4e00-\u9fff]{0,3}?)"
                   rf"(?P<kind>{'|'.join(sorted(_KIND_WORDS, key=len, reverse=True))})")
_SEPARATOR = re.compile(r"、|以及|和|及|与|/")
_LATIN_TAIL = re.compile(r"[A-Za-z][A-Za-z0-9\-]{1,20}$")
_NAME = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·\-]{2,12}")
# Word classes of a listed word that is no name: 医生等单位, 铁路、军警等单位.
_NAME_TAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "eng"}


def _is_name(piece: str, model_names: set[str]) -> bool:
    """A name the recogniser found, a Latin name, or one word that the dictionary knows as a name
    or does not know (a phrase such as 物价监督 is two words)."""
    if not _NAME.fullmatch(piece):
        return False
    if piece in model_names or not re.search(r"[\u4e00-\u9fff]", piece):
        return True
    return len(cut(piece)) == 1 and place_tags().get(piece, "nz") in _NAME_TAGS


def listed_bodies(text: str, mentions: Sequence[Mention]) -> list[tuple[Mention, str]]:
    """Each listed name with its organisation kind ("other" where the kind word says no more)."""
    found: list[tuple[Mention, str]] = []
    by_end = {m.end: m for m in mentions}
    model_names = {m.text for m in mentions}
    for listed in _LIST.finditer(text):
        kind = _KIND_WORDS[listed["kind"]]
        start, end = listed.span("items")
        cuts = [(s.start(), s.end()) for s in _SEPARATOR.finditer(text, start, end)]
        pieces = [(a, b) for a, b in zip([start] + [e for _, e in cuts], [s for s, _ in cuts] + [end])]
        first_start, first_end = pieces[0]
        # The first piece runs on from the words before the list ("不过易胜博"): its name is what
        # the model found ending there, or a Latin name.
        if (m := by_end.get(first_end)) and m.start >= first_start:
            pieces[0] = (m.start, first_end)
        elif tail := _LATIN_TAIL.search(text, first_start, first_end):
            pieces[0] = tail.span()
        elif len(pieces) == 1 or not _is_name(text[first_start:first_end], model_names):
            pieces = pieces[1:]
        for a, b in pieces:
            piece = text[a:b]
            if _is_name(piece, model_names):
                found.append((Mention(piece, a, b, "organization"), kind))
    return found
