"""Pair count series stored beside the works (`techties collect`, the demo's shipped aggregates):
OpenAlex's own yearly counts of a pair's co-authored works, each value with its query and date,
shown next to the counts of the loaded works (a cross-check, and in the demo the real figure).

INTERFACE (research, the report and the dashboard call it; keep it stable):
    pair_counts(con, pairs, years, area) -> list[PairCount]   (the `openalex_counts` table)
    records_left_out(con, pairs, years=None) -> set[str]       (pairs collect did not fetch)
    left_out_years(con, pairs, years) -> dict[pair, years]      (the years of each such pair)
    pair_series(con, pairs, years, area) -> dict[(pair, year), PairCount]
    pair_works(summary_rows, pair_output_rows) -> list[PairWorks]  (what a face prints beside a
        pair's works and ratio when they stand on counts or estimates: method, 95% bounds)

A baseline pair too large for `techties collect`'s budget is not fetched (`collect.fit_to_budget`):
its works in the warehouse are only those it shares with the fetched pairs, so counting them would
say ~0. Its yearly works are then the stored series instead, exactly as a country's output is
(`denominators`): OpenAlex's count (``openalex-count``), or in an area only our classifier defines a
sample estimate with its 95% interval (``sample-estimate``, ``low``, ``high``, ``sample_size``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

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
    sample_size: int | None = None  # works scored for a sample estimate


def pair_counts(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]], years: tuple[int, int] | None,
                area: str | None) -> list[PairCount]:
    """The newest stored count per pair and year (either order of the pair's countries), in the
    query's area, else in all fields (then labelled so: `area` says which)."""
    out: list[PairCount] = []
    lo, hi = years or (0, 9999)
    for x, y in pairs:
        try:
            rows = con.execute(
                "SELECT year, value, area, method, query, retrieved_on, coalesce(source, ''), low, high, sample_size"
                " FROM count_series"
                " WHERE scope_kind = 'pair' AND scope IN (?, ?) AND area IN (?, 'all') AND year BETWEEN ? AND ?"
                " AND value IS NOT NULL QUALIFY row_number() OVER (PARTITION BY year"
                "   ORDER BY area = 'all', retrieved_on DESC, run_id DESC) = 1 ORDER BY year",
                [f"{x}-{y}", f"{y}-{x}", area_key(area), lo, hi]).fetchall()
        except duckdb.CatalogException:
            return []
        out += [PairCount(f"{x}-{y}", int(yr), float(v), a, m, q, r or "date not stated", s, low, high, n)
                for yr, v, a, m, q, r, s, low, high, n in rows]
    return out


def records_left_out(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]],
                     years: Collection[int] | None = None) -> set[str]:
    """The pairs ("X-Y" as asked) whose records `techties collect` left out in any of `years`
    (`left_out_years`). Without `years`: left out in some year, i.e. no collection fetched the pair's
    records of every year (a works step with no year filter). Empty without `collect_steps`."""
    if years is not None:
        return set(left_out_years(con, pairs, years))
    left, fetched = _collected(con)
    return {f"{x}-{y}" for x, y in pairs if _key(x, y) in left and None not in fetched.get(_key(x, y), [])}


def left_out_years(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]],
                   years: Collection[int]) -> dict[str, tuple[int, ...]]:
    """Pair ("X-Y" as asked) -> the years of `years` whose records collect left out. Decided when asked,
    from what is stored, so that loading the records later in any way ends it: a collection planned the
    pair's counts without its records (too large for the budget), and in that year
      - no collection fetched them (a works step of the pair, in either order, done, whose filter's
        publication_year covers the year), and
      - the warehouse holds no record of the pair's own: every stored work of the pair that year is
        one of a fetched pair's works too (CN-US-RU when CN-RU was fetched), which is all a collection
        that left the pair out stores of it. A work of the pair alone came from another load
        (`techties ingest openalex` of files that hold it, a collection of another plan)."""
    left, fetched = _collected(con)
    others = sorted(fetched)  # pairs whose records a collection fetched
    out: dict[str, tuple[int, ...]] = {}
    for x, y in pairs:
        key = _key(x, y)
        if key not in left:
            continue
        rest = sorted(t for t in set(years) if not any(s is None or s[0] <= t <= s[1] for s in fetched.get(key, [])))
        own = _own_record_years(con, x, y, rest, [k.split("-") for k in others if k != key]) if rest else set()
        rest = [t for t in rest if t not in own]
        if rest:
            out[f"{x}-{y}"] = tuple(rest)
    return out


_YEARS = re.compile(r"publication_year:(\d{4})(?:-(\d{4}))?(?![\d|])")


def step_years(filter_text: str) -> tuple[int, int] | None:
    """The years a step's OpenAlex filter asks (`publication_year:2016-2018`); None: every year."""
    m = _YEARS.search(filter_text or "")
    return None if m is None else (int(m[1]), int(m[2] or m[1]))


def _key(x: str, y: str) -> str:
    return "-".join(sorted((x, y)))


def _collected(con: duckdb.DuckDBPyConnection) -> tuple[set[str], dict[str, list[tuple[int, int] | None]]]:
    """From `collect_steps`: the pairs (countries sorted) some collection planned without their records,
    and the year spans of each pair's done works steps (None: every year)."""
    try:
        steps = con.execute("SELECT collection, step_json, done FROM collect_steps").fetchall()
    except Exception as exc:  # noqa: BLE001 - no collect_steps (an older warehouse, a Parquet export on Spark)
        if "collect_steps" not in str(exc) and not isinstance(exc, duckdb.CatalogException):
            raise
        return set(), {}
    planned: dict[str, dict[str, set[str]]] = {}  # collection -> pair (sorted countries) -> step kinds
    fetched: dict[str, list[tuple[int, int] | None]] = {}
    for collection, step_json, done in steps:
        step = json.loads(step_json)
        if step.get("scope_kind") != "pair":
            continue
        key = _key(*step["scope"].split("-"))
        planned.setdefault(collection, {}).setdefault(key, set()).add(step["kind"])
        if step["kind"] == "works" and done:
            fetched.setdefault(key, []).append(step_years(step.get("filter", "")))
    left = {key for kinds in planned.values() for key, got in kinds.items() if "works" not in got}
    return left, fetched


def _own_record_years(con: Any, x: str, y: str, years: list[int], fetched: list[list[str]]) -> set[int]:
    """The years in which a stored work has authors in x and y and in no fetched pair's two countries.
    Plain SQL with scalar parameters only: DuckDB and Spark SQL (a Parquet export) both run it."""
    shared = " OR ".join(["(c1.country_code = ? AND c2.country_code = ?)"] * len(fetched)) or "1 = 0"
    countries = sorted({x, y, *(c for pair in fetched for c in pair)})  # only their authorships are read
    rows = con.execute(
        "WITH c AS (SELECT DISTINCT work_id, country_code FROM authorships"  # noqa: S608
        f"   WHERE country_code IN ({', '.join('?' * len(countries))})),"
        " pw AS (SELECT work_id FROM c WHERE country_code IN (?, ?) GROUP BY work_id HAVING count(*) = 2),"
        " shared AS (SELECT DISTINCT c1.work_id FROM c c1 JOIN c c2 ON c1.work_id = c2.work_id"
        f"   WHERE c1.work_id IN (SELECT work_id FROM pw) AND ({shared}))"
        " SELECT DISTINCT year FROM works WHERE work_id IN (SELECT work_id FROM pw)"
        " AND work_id NOT IN (SELECT work_id FROM shared)"
        f" AND year IN ({', '.join('?' * len(years))})",
        [*countries, x, y, *[c for pair in fetched for c in pair], *years]).fetchall()
    return {int(r[0]) for r in rows}


def pair_series(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]], years: tuple[int, int] | None,
                area: str | None) -> dict[tuple[str, int], PairCount]:
    """The best stored value per pair ("X-Y" as asked) and year in the query's own area (never
    another's: a count of all fields is no count of AI works): an OpenAlex count before a sample
    estimate, the newest of each."""
    out: dict[tuple[str, int], PairCount] = {}
    for c in pair_counts(con, pairs, years, area):
        if c.area != area_key(area):
            continue
        best = out.get((c.pair, c.year))
        if best is None or (best.method, c.method) == ("sample-estimate", "openalex-count"):
            out[(c.pair, c.year)] = c
    return out


@dataclass(frozen=True)
class PairWorks:
    """What a pair's works in the summary stand on when its records were left out (`pair_output`):
    the method in words, the 95% bounds of the total (each estimated year's bounds summed; a count's
    year is exact) and those of the main pair's ratio to it."""

    pair: str
    works: float | None          # as the summary has it (None: a year unknown)
    sources: tuple[str, ...]     # of its years: openalex-count, sample-estimate, unknown
    method: str                  # "OpenAlex's yearly counts" | "estimated from a sample of 200 per year" …
    low: float | None = None
    high: float | None = None
    ratio: float | None = None   # the summary's ratio_main_to_pair
    ratio_low: float | None = None   # the main pair's works over `high` and over `low`
    ratio_high: float | None = None
    reason: str = ""             # why a year is unknown


def method_text(sources: tuple[str, ...], sample_sizes: list[int]) -> str:
    """The method in words: "estimated from a sample of 10 per year" (sizes as scored: fewer where a
    year has fewer works), "OpenAlex's yearly counts", or both."""
    said = []
    if "openalex-count" in sources:
        said.append("OpenAlex's yearly counts")
    if "sample-estimate" in sources:
        lo, hi = (min(sample_sizes), max(sample_sizes)) if sample_sizes else (0, 0)
        n = f"{lo}" if lo == hi else f"{lo}–{hi}"
        said.append(f"estimated from a sample of {n} per year")
    if "unknown" in sources:
        said.append("unknown in some years")
    return "; ".join(said)


def pair_works(summary: list[dict[str, Any]], output: list[dict[str, Any]]) -> list[PairWorks]:
    """Each summary row (`pair`, `works`, `ratio_main_to_pair`) whose pair has `pair_output` rows
    (pair, year, works, source, low, high, sample_size, reason), with its method and bounds. The main
    pair's works are the first summary row's (its records are always fetched)."""
    if not summary:
        return []
    main = summary[0]["works"]
    out = []
    for row in summary:
        years = [r for r in output if r["pair"] == row["pair"]]
        if not years:
            continue
        sources = tuple(sorted({r["source"] for r in years}))
        method = method_text(sources, [int(r["sample_size"]) for r in years if r["sample_size"] is not None])
        unknown = next((r for r in years if r["works"] is None), None)
        if unknown is not None:
            out.append(PairWorks(row["pair"], None, sources, method, reason=unknown["reason"]))
            continue
        # the total with each estimated year at its bound (years counted or drawn from the warehouse are exact)
        low = row["works"] + sum(r["low"] - r["works"] for r in years if r["source"] == "sample-estimate")
        high = row["works"] + sum(r["high"] - r["works"] for r in years if r["source"] == "sample-estimate")
        out.append(PairWorks(row["pair"], row["works"], sources, method, low, high, row["ratio_main_to_pair"],
                             _ratio(main, high), _ratio(main, low)))
    return out


def _ratio(main: float | None, of: float | None) -> float | None:
    return round(main / of, 3) if main is not None and of else None


def query_templates(counts: list[PairCount]) -> list[str]:
    """The distinct queries behind the counts, with the year written `{year}` (one line per series); a
    query of a range of years (a `group_by` over 2010-2019) is one query already and stays as it is."""
    return sorted({re.sub(rf"publication_year:{c.year}(?![-\d])", "publication_year:{year}", c.query)
                   for c in counts})
