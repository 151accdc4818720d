"""The brief's CNKI method, shown apart: Chinese-language works whose affiliations name the other country.

Why: CNKI records carry Chinese affiliations ("莫斯科国立大学") that the country resolver's English and
ISO evidence may miss, and the brief counted them on their own (its Figure 2 and Table 1A). This
table is a second, separately labelled count: it is never added into the pair's counts, which come
from resolved countries. For a pair with China (CN–RU above all) the other country is found by its
Han names (国名: 俄罗斯, 美国 …) and the Han names of its cities (techties.resolve.cnki_russia).
A pair without China has no CNKI method: no table.
"""

from __future__ import annotations

import duckdb

from techties.metrics.research import MetricTable, ResearchQuery
from techties.resolve.cnki_russia import find_country

TABLE_NAME = "cnki_method"
_ADJECTIVE = {"RU": "a Russian institution", "US": "a US institution"}


def cnki_other_country(q: ResearchQuery) -> str | None:
    """The country the method looks for: the pair's one that is not China; None without China in the pair."""
    pair = {q.a, q.b}
    if "CN" not in pair or len(pair) != 2:
        return None
    return (pair - {"CN"}).pop()


def cnki_title(code: str) -> str:
    """The table's title, naming the country looked for."""
    what = _ADJECTIVE.get(code)
    if what is None:
        import pycountry

        c = pycountry.countries.get(alpha_2=code)
        what = f"an institution in {getattr(c, 'common_name', None) or (c.name if c else code)}"
    return f"Chinese-language works naming {what} (CNKI method)"


def cnki_works(con: duckdb.DuckDBPyConnection, code: str,
               years: tuple[int, int] | None = None) -> dict[int | None, list[str]]:
    """Year → ids of the Chinese-language works (language 'zh') with an affiliation naming country
    `code` in Han script, each work once, ids sorted; within `years` when given."""
    sql = ("SELECT DISTINCT w.work_id, w.year, a.raw_affiliation FROM works w JOIN authorships a USING (work_id)"
           " WHERE w.language = 'zh' AND a.raw_affiliation IS NOT NULL")
    params: list[int] = []
    if years is not None:
        sql += " AND w.year BETWEEN ? AND ?"
        params = [years[0], years[1]]
    found: dict[str, int | None] = {}
    for wid, year, aff in con.execute(sql, params).fetchall():
        if wid not in found and find_country(aff, code):
            found[wid] = year
    out: dict[int | None, list[str]] = {}
    for wid, year in found.items():
        out.setdefault(year, []).append(wid)
    return {y: sorted(ids) for y, ids in out.items()}


def compute_cnki_method(con: duckdb.DuckDBPyConnection, q: ResearchQuery) -> MetricTable | None:
    """Table 1C: per year, the Chinese-language works naming the pair's other country (CNKI method),
    with the work ids behind each row for drill-down; None for a pair without China."""
    code = cnki_other_country(q)
    if code is None:
        return None
    by_year = cnki_works(con, code, q.years)
    years = sorted(by_year, key=lambda y: (y is None, y or 0))
    return MetricTable(
        TABLE_NAME, cnki_title(code), ["year", "works"],
        [(y, len(by_year[y])) for y in years], [by_year[y] for y in years],
        note=("Found by the country's Chinese name and its cities' Chinese names in Chinese-language "
              "affiliations; shown apart, never added into the pair's counts."),
    )
