"""Each country's whole output per year: the denominator of every share. A share is only as good
as its denominator, so each value says where it came from.

INTERFACE (research, report, dashboard and indicators call it; keep it stable):
    country_output_series(con, countries, years, area, warehouse_counts, merged=None) -> list[CountryOutput]
    share_denominators(summary_rows, country_output_rows) -> list[ShareDenominator]  (what a face
        prints beside each share: "n of N works", the sources and, for estimates, the bounds)
`warehouse_counts` maps (country, year) to works counted in the loaded selection. The best source
available wins:

1. ``openalex-count``: a yearly count of the country's works from the OpenAlex API
   (`techties collect`, or the demo's shipped aggregates), the newest snapshot;
2. ``sample-estimate``: works in an area estimated from a scored random sample, with its 95%
   interval (``low``, ``high``), the newest snapshot;
3. ``warehouse``: the count in the loaded corpus, when the warehouse can be trusted to hold the
   country's whole output (below);
4. ``unknown`` (works None) with the reason: the share is then never computed from it.

When is the warehouse a whole output? A corpus the user loaded from files (an OpenAlex snapshot,
Web of Science exports, the demo's works) is taken as the population it was drawn for. Works that
came from the OpenAlex API (`source = 'openalex-api'`) were fetched by a filter, e.g. only the
pair's co-authored works by `techties collect`, so a warehouse holding nothing else is partial:
counting a country's works in it would divide the pair's works by (mostly) themselves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

METHOD_RANK = {"openalex-count": 0, "sample-estimate": 1}
API_SOURCE = "openalex-api"


@dataclass(frozen=True)
class CountryOutput:
    country: str
    year: int
    works: float | None          # None: unknown
    source: str                  # warehouse | openalex-count | sample-estimate | unknown
    low: float | None = None     # 95% interval of a sample estimate
    high: float | None = None
    query: str = ""              # the API query behind a count
    retrieved_on: str = ""
    reason: str = ""             # why a value is unknown


def area_key(area: str | None) -> str:
    """The area as count series name it: research's --area string, `all` when none."""
    return area if area and area != "all" else "all"


def stored_series(con: duckdb.DuckDBPyConnection, countries: list[str], area: str | None
                  ) -> dict[tuple[str, int], CountryOutput]:
    """The best stored count per country and year: an OpenAlex count before a sample estimate,
    the newest snapshot of each. Empty where the warehouse has no `count_series` table yet."""
    if not countries:
        return {}
    try:
        marks = ", ".join("?" * len(countries))  # placeholders only: the values are parameters
        rows = con.execute(
            "SELECT scope, year, value, method, low, high, query, retrieved_on FROM count_series"  # noqa: S608
            f" WHERE scope_kind = 'country' AND area = ? AND scope IN ({marks})"
            " AND value IS NOT NULL AND NOT isnan(value) AND method IN ('openalex-count', 'sample-estimate')"
            " QUALIFY row_number() OVER (PARTITION BY scope, year ORDER BY"
            "   CASE method WHEN 'openalex-count' THEN 0 ELSE 1 END, retrieved_on DESC, run_id DESC) = 1",
            [area_key(area), *countries]).fetchall()
    except Exception as exc:  # noqa: BLE001 - no count_series here (an older warehouse, a Parquet export on Spark)
        if "count_series" not in str(exc) and not isinstance(exc, duckdb.CatalogException):
            raise
        return {}
    return {(c, int(y)): CountryOutput(c, int(y), float(v), m, low, high, q or "", r or "")
            for c, y, v, m, low, high, q, r in rows}


def warehouse_completeness(con: duckdb.DuckDBPyConnection) -> str:
    """Why the warehouse cannot stand for whole outputs, or "" when it can (see the module note)."""
    n_all, n_api = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE source = ?) FROM works", [API_SOURCE]).fetchone()
    if n_all == 0:
        return "the warehouse holds no works"
    if n_api == n_all:
        return ("the warehouse holds only works fetched from the OpenAlex API by a filter (e.g. a pair's "
                "co-authored works), not each country's whole output; `techties collect` stores its yearly counts")
    return ""


def country_output_series(con: duckdb.DuckDBPyConnection, countries: list[str], years: tuple[int, int] | None,
                          area: str | None, warehouse_counts: dict[tuple[str, int], int],
                          merged: Mapping[str, Sequence[str]] | None = None) -> list[CountryOutput]:
    """One row per country and year (years from the range, else those in `warehouse_counts`).

    `merged`: country -> the other codes the query counts as it (China scope `with-hk-mo`: CN -> HK,
    MO). A stored count is of one OpenAlex code, so it is no denominator for such a country (the
    numerator counts HK's works as China's; summing the codes' counts would count a CN-HK work twice):
    its years come from the warehouse when that is a whole output, else they are unknown."""
    if years:
        span = list(range(years[0], years[1] + 1))
    else:
        span = sorted({y for (_c, y) in warehouse_counts})
    merged = {c: tuple(m) for c, m in (merged or {}).items() if m}
    series = stored_series(con, [c for c in countries if c not in merged], area)
    partial = warehouse_completeness(con)
    out = []
    for c in countries:
        for y in span:
            best = series.get((c, y))
            if best is not None:
                out.append(best)
            elif not partial:
                out.append(CountryOutput(c, y, float(warehouse_counts.get((c, y), 0)), "warehouse"))
            elif c in merged:
                out.append(CountryOutput(c, y, None, "unknown", reason=(
                    f"stored counts are of {c} alone, while this query counts {', '.join(merged[c])} as {c} too, "
                    f"and {partial}")))
            else:
                out.append(CountryOutput(c, y, None, "unknown", reason=f"no count of {c}'s works in {y} "
                                         f"(area {area_key(area)}) and {partial}"))
    return out


def country_totals(rows: list[CountryOutput]) -> dict[str, float | None]:
    """Each country's output over the years: None when any year is unknown (never a partial sum)."""
    totals: dict[str, float | None] = {}
    for r in rows:
        if r.country not in totals:
            totals[r.country] = 0.0
        current = totals[r.country]
        totals[r.country] = None if current is None or r.works is None else current + r.works
    return totals


@dataclass(frozen=True)
class ShareDenominator:
    """What one share of the summary is out of, for a face to print beside it ("7 of 330 CN works,
    openalex-count"): the country's output over the years, the sources of its years and, where a
    year is a sample estimate, the bounds of that output and of the share. Where the pair's works
    are themselves estimated (a baseline pair `techties collect` did not fetch: `numerators`), the
    share's bounds take theirs too."""

    pair: str
    country: str
    column: str                  # the summary's column: share_of_first_pct | share_of_second_pct
    share_pct: float | None      # as the summary has it (None: the denominator is unknown)
    works: float | None          # the pair's works it counts (an estimate keeps its decimals; None: unknown)
    denominator: float | None    # the country's output over the years (None: unknown)
    sources: tuple[str, ...]     # of its years, sorted: warehouse, openalex-count, sample-estimate, unknown
    low: float | None = None     # bounds of the output: each estimated year's 95% bounds, summed
    high: float | None = None
    share_low: float | None = None   # the share: the works' low over the output's high, high over low
    share_high: float | None = None
    reason: str = ""             # why the denominator is unknown


def _pct(works: float | None, of: float | None) -> float | None:
    return round(100 * works / of, 2) if works is not None and of else None


def _works(v: float | None) -> float | None:
    return int(v) if v is not None and float(v).is_integer() else v


def share_denominators(summary: list[dict[str, Any]], output: list[dict[str, Any]],
                       numerators: dict[str, tuple[float, float]] | None = None) -> list[ShareDenominator]:
    """Each share of the summary rows (`pair` "X-Y", `works`, `share_of_first_pct` of X's output,
    `share_of_second_pct` of Y's) with its denominator from the `country_output` rows (country, year,
    works, source, low, high, reason). The bounds add up each year's: every year's output within its
    bounds puts the total within theirs (a conservative interval, wider than a combined one).
    `numerators` maps a pair to the 95% bounds of its works where those are estimated."""
    out = []
    for row in summary:
        first, _, second = str(row["pair"]).partition("-")
        works = _works(row["works"])
        num_low, num_high = (numerators or {}).get(row["pair"], (works, works))
        for column, country in (("share_of_first_pct", first), ("share_of_second_pct", second)):
            years = [r for r in output if r["country"] == country]
            sources = tuple(sorted({r["source"] for r in years}))
            unknown = next((r for r in years if r["works"] is None), None)
            if unknown is not None or not years:
                why = (unknown or {}).get("reason") or f"no output of {country} in the years"
                out.append(ShareDenominator(row["pair"], country, column, row[column], works, None,
                                            sources, reason=why))
                continue
            total = float(sum(r["works"] for r in years))
            low = high = None
            if "sample-estimate" in sources:
                estimated = [r["source"] == "sample-estimate" for r in years]
                low = sum(r["low"] if est else r["works"] for r, est in zip(years, estimated, strict=True))
                high = sum(r["high"] if est else r["works"] for r, est in zip(years, estimated, strict=True))
            share_low = share_high = None
            if low is not None or row["pair"] in (numerators or {}):
                share_low = _pct(num_low, high if high is not None else total)
                share_high = _pct(num_high, low if low is not None else total)
            out.append(ShareDenominator(row["pair"], country, column, row[column], works, total, sources,
                                        low, high, share_low, share_high))
    return out
