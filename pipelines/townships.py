"""China's townships (乡, 镇, 街道 …) and villages (村, 社区 …), from the division table that the
``jionlp`` package ships (Apache-2.0, kept up to date by its authors): province, city and county
with their adcodes, then each county's townships and each township's villages, by name only.
The table has no codes or coordinates below the county, so neither do the places found here.

Only the table is read: importing jionlp would load its word models into every worker. The
table is kept as one string (about 12 MB) with the townships indexed by name (43,000 of them);
the 658,000 villages get no objects: a village is searched for in the lines of the townships of
the counties a story names, where a village's name can be told apart at all (北新村 is the name
of dozens of villages).
"""
from __future__ import annotations

import importlib.util
import re
import zipfile
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# What a township's or a village's name ends with, where the text names one as such: the table
# also lists farms, forest farms and development zones at the township level (嘉定工业区), which
# news names in other senses too.
_TOWNSHIP_SUFFIX = r"(?:镇|乡|街道|苏木)"
TOWNSHIP_NAME = re.compile(_TOWNSHIP_SUFFIX + "$")
VILLAGE_NAME = re.compile(r"(?:村|社区|嘎查)$")


@dataclass(frozen=True)
class Township:
    name: str
    county: str  # the county-level division it is in; 东莞市's townships are under the city itself
    county_code: str  # six digits, as in pipelines.gazetteer
    city: str
    province: str
    villages_start: int  # its villages' lines in Table.text
    villages_end: int


@dataclass(frozen=True)
class Table:
    text: str
    by_name: dict[str, tuple[Township, ...]]
    by_county: dict[str, tuple[Township, ...]]

    def townships(self, name: str) -> tuple[Township, ...]:
        return self.by_name.get(name, ())

    def with_village(self, name: str, county_codes: Collection[str]) -> list[Township]:
        """The townships of those counties that have a village of that name."""
        line = f"\t\t\t\t{name}\n"
        return [t for code in county_codes for t in self.by_county.get(code, ())
                if self.text.find(line, t.villages_start, t.villages_end) >= 0]


def _table_path() -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the jionlp package (township and village table) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary" / "china_location.zip"


def _read_text() -> str:
    with zipfile.ZipFile(_table_path()) as archive:
        return archive.read("china_location.txt").decode("utf-8").replace("\r\n", "\n")


@lru_cache(maxsize=1)
def table() -> Table:
    """Lines are indented by level: no tab a province, one a city, two a county (name, adcode,
    short name), three a township, four a village of the township above it."""
    text = _read_text() + "\n"
    by_name: dict[str, list[Township]] = {}
    by_county: dict[str, list[Township]] = {}
    province = city = county = code = ""
    open_township: tuple[str, int] | None = None  # name and where its villages start

    def close(at: int) -> None:
        if open_township is None:
            return
        township = Township(open_township[0], county if county != "市直辖行政区划" else city, code, city, province,
                            open_township[1], at)
        by_name.setdefault(township.name, []).append(township)
        if township.name.endswith("地区"):  # Beijing's 后沙峪地区 is the office of 后沙峪镇 (or 乡): news names that
            for other in (township.name[:-2] + "镇", township.name[:-2] + "乡"):
                by_name.setdefault(other, []).append(township)
        by_county.setdefault(code, []).append(township)

    at = 0
    while at < len(text):  # line by line without a list of 700,000 lines at start-up
        end = text.index("\n", at)
        line = text[at:end]
        depth = len(line) - len(line.lstrip("\t"))
        if depth < 4 and line:
            close(at)
            open_township = None
            fields = line[depth:].split("\t")
            if depth == 0:
                province = fields[0]
            elif depth == 1:
                city = fields[0]
            elif depth == 2:
                county, code = fields[0], fields[1][:6] if len(fields) > 1 else ""
            else:
                open_township = (fields[0], end + 1)
        at = end + 1
    close(at)
    return Table(text, {k: tuple(v) for k, v in by_name.items()}, {k: tuple(v) for k, v in by_county.items()})


_TOWNSHIP_END = re.compile(_TOWNSHIP_SUFFIX)  # anywhere in a longer name


def township_opening(name: str) -> str | None:
    """The township a longer name opens with, where the table knows it (健康路街道党工委 →
    健康路街道, 湖塘镇镇长 → 湖塘镇; 城镇党委 → None)."""
    for end in _TOWNSHIP_END.finditer(name, 1):
        if end.end() < len(name) and table().townships(name[:end.end()]):
            return name[:end.end()]
    return None
