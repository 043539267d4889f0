"""Money amounts normalised to a number, a currency and a qualifier: "超470亿元" → 47000000000,
CNY, "超"; "150万美元" → 1500000, USD. Numbers are read by cn2an, which handles digits,
Chinese numerals and their mixtures (1.32亿, 一百五十万)."""
from __future__ import annotations

import re

import cn2an

from pipelines.records import Money

_CURRENCIES = {"元": "CNY", "人民币": "CNY", "美元": "USD", "欧元": "EUR", "日元": "JPY", "港元": "HKD",
               "港币": "HKD", "英镑": "GBP"}
# Every currency an amount can be in, in a stable order (Kibana charts one series per currency).
CURRENCIES = tuple(dict.fromkeys(_CURRENCIES.values()))
_QUALIFIERS = "超过|超|逾|近|约|达到|达|突破|不少于|不低于|不超过|约合|累计|总计|合计|共计"
_NUMBER = r"[0-9０-９][0-9０-９.,]*|[零〇一二两三四五六七八九十百千万亿]+"
_AMOUNT = re.compile(
    # A one-character qualifier must not be the end of a word: 签约亿元 is not 约 亿元.
    rf"(?P<qualifier>(?:{_QUALIFIERS})(?<![签预节制条合公大]约)(?<![高远]达)(?<![最靠附接]近))?(?P<number>(?:{_NUMBER})(?:[0-9.]*)?)(?P<unit>万亿|千亿|百亿|亿|千万|百万|万|千)?"
    rf"(?P<currency>美元|欧元|日元|港元|港币|英镑|人民币|元)(?P<after>以上|左右|多|余)?"
)
_LEADING_UNIT = re.compile(r"^[十百千万亿]")


def parse_number(number: str, unit: str) -> float | None:
    text = number.replace(",", "")
    if _LEADING_UNIT.match(text):
        text = "一" + text  # 百亿 is 一百亿 to cn2an
    multiplier = 1.0
    if unit == "万亿":
        multiplier, unit = 1e12, ""
    try:
        value = cn2an.cn2an(text + (unit or ""), "smart")
    except (ValueError, KeyError):
        return None
    return float(value) * multiplier


def extract_money(text: str) -> list[Money]:
    found = []
    for m in _AMOUNT.finditer(text):
        value = parse_number(m["number"], m["unit"] or "")
        if value is None or value == 0:
            continue
        qualifier = m["qualifier"] or m["after"]
        found.append(Money(text=m.group(0), value=value, currency=_CURRENCIES[m["currency"]], qualifier=qualifier))
    return found
