"""Each country's whole output per year: the denominator of every share. A share is only as good
as its denominator, so each value says where it came from.

INTERFACE (research, report, dashboard and indicators call it; keep it stable):
    country_output_series(con, countries, years, area, warehouse_counts) -> list[CountryOutput]
`warehouse_counts` maps (country, year) to works counted in the loaded selection. The best source
available wins: an OpenAlex count, else a sample estimate, else the warehouse's own count when the
warehouse can be trusted to hold the country's whole output; otherwise the value is unknown
(works None, source "unknown", with the reason) and the share is never computed from it.
(Skeleton: warehouse counts only; `techties collect` adds the count series.)
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


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


def country_output_series(con: duckdb.DuckDBPyConnection, countries: list[str], years: tuple[int, int] | None,
                          area: str | None, warehouse_counts: dict[tuple[str, int], int]) -> list[CountryOutput]:
    """One row per country and year (years from the range, else those in `warehouse_counts`)."""
    if years:
        span = range(years[0], years[1] + 1)
    else:
        span = sorted({y for (_c, y) in warehouse_counts})
    return [CountryOutput(c, y, float(warehouse_counts.get((c, y), 0)), "warehouse") for c in countries for y in span]
