"""Pair count series stored beside the works (`techties collect`, the demo's shipped aggregates):
OpenAlex's own yearly counts of a pair's co-authored works, each value with its query and date,
shown next to the counts of the loaded works (a cross-check, and in the demo the real figure)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from techties.metrics.denominators import area_key


@dataclass(frozen=True)
class PairCount:
    pair: str
    year: int
    works: float
    area: str
    method: str
    query: str
    retrieved_on: str
    source: str
    low: float | None = None    # 95% interval of a sample estimate (a baseline pair too large to fetch)
    high: float | None = None


def pair_counts(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]], years: tuple[int, int] | None,
                area: str | None) -> list[PairCount]:
    """The newest stored count per pair and year (either order of the pair's countries), in the
    query's area, else in all fields (then labelled so: `area` says which)."""
    out: list[PairCount] = []
    lo, hi = years or (0, 9999)
    for x, y in pairs:
        try:
            rows = con.execute(
                "SELECT year, value, area, method, query, retrieved_on, coalesce(source, ''), low, high"
                " FROM count_series"
                " WHERE scope_kind = 'pair' AND scope IN (?, ?) AND area IN (?, 'all') AND year BETWEEN ? AND ?"
                " AND value IS NOT NULL QUALIFY row_number() OVER (PARTITION BY year"
                "   ORDER BY area = 'all', retrieved_on DESC, run_id DESC) = 1 ORDER BY year",
                [f"{x}-{y}", f"{y}-{x}", area_key(area), lo, hi]).fetchall()
        except duckdb.CatalogException:
            return []
        out += [PairCount(f"{x}-{y}", int(yr), float(v), a, m, q, r or "date not stated", s, low, high)
                for yr, v, a, m, q, r, s, low, high in rows]
    return out


def query_templates(counts: list[PairCount]) -> list[str]:
    """The distinct queries behind the counts, with the year written `{year}` (one line per series)."""
    return sorted({c.query.replace(f"publication_year:{c.year}", "publication_year:{year}") for c in counts})
