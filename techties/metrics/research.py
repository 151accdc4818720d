"""Research metrics for a country pair: the brief's tables, computed in SQL over the warehouse.

Every table carries, per row, the ids of the works behind its count (when asked), so any
number can be drilled down to its records. The selection (years, area, language) is
materialised once as temp tables whose names are unique to the call (a `Selection`): the selected
works, the work × country rows of the query's own countries, the pair's works and the pair's
authorships, each read from the base tables once and shared by every table; each metric is a plain
SQL query over them, and `compute_research` drops them at the end: nothing is left on the
connection, so two selections on one connection never meet. The SQL keeps to what DuckDB and Spark
SQL share.

A baseline pair whose records `techties collect` did not fetch (too large for its budget) is not
counted in the warehouse, which holds only its works shared with the fetched pairs: its yearly works
are its stored count series (`pair_output`: OpenAlex's counts, or sample estimates with their 95%
interval), and the yearly table and the summary take them from there (`count_series`).

Cost: the base tables are read a few times per query, not once per table: `works` (the selection),
`work_countries` (or `authorships` where that table is not in step, see
`techties.warehouse.work_countries`), `authorships` (the pair's rows), `work_fields` and
`work_funders`; `bench/research.py` measures it against one scan of `authorships`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import duckdb

from techties.classify.areas import AREAS as CLASSIFIED_AREAS  # areas with a trained classifier (k15)
from techties.metrics.area import unclassified_notes
from techties.metrics.count_series import left_out_years, pair_counts, pair_series, pair_works, query_templates
from techties.metrics.denominators import area_key, country_output_series
from techties.warehouse.work_countries import work_countries_source

# The --area hook before/alongside the classifier: taxonomy fields that mean "AI".
AI_FIELDS: dict[str, tuple[str, ...]] = {
    "wos-wc": ("Computer Science, Artificial Intelligence",),
    "openalex-subfield": ("Artificial Intelligence", "Computer Vision and Pattern Recognition"),
    "openalex-concept": ("Artificial intelligence", "Machine learning", "Deep learning", "Computer vision",
                         "Natural language processing", "Artificial neural network", "Pattern recognition"),
}
AREA_KEYWORDS = ("ai", "ai-fields", "all")  # the --area words besides the classifier areas and TAXONOMY:FIELD
FIELD_TAXONOMY_PREFERENCE = ("wos-wc", "openalex-subfield", "openalex-concept", "openalex-topic")
CHINA_SCOPES = {
    "mainland": {},
    "with-hk-mo": {"HK": "CN", "MO": "CN"},
    "greater": {"HK": "CN", "MO": "CN", "TW": "CN"},
}
_COMPANY = re.compile(
    r"\b(co\.?,? ?ltd|ltd|inc|corp|corporation|llc|gmbh|plc|company|technol(ogies|ogy)? co|"
    r"huawei|baidu|alibaba|tencent|sensetime|megvii|iflytek|yandex|sberbank|kaspersky|zte|microsoft|google|"
    r"ibm|intel|nvidia|samsung|siemens)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ResearchQuery:
    """What to measure: a pair, optional baseline country, years, area, language."""

    a: str
    b: str
    baseline: str | None = None
    years: tuple[int, int] | None = None
    area: str | None = None  # None | ai | ai-fields | TAXONOMY:FIELD[|FIELD…]
    language: str | None = None  # None | en | zh | ru | non-en …
    ai_threshold: float | None = None
    china_scope: str = "mainland"
    top: int = 10


@dataclass
class MetricTable:
    name: str
    title: str
    columns: list[str]
    rows: list[tuple[Any, ...]]
    work_ids: list[list[str]] | None = None  # per row: the works behind its count
    note: str = ""

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r, strict=True)) for r in self.rows]


@dataclass
class ResearchResult:
    query: ResearchQuery
    tables: list[MetricTable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def table(self, name: str) -> MetricTable:
        return next(t for t in self.tables if t.name == name)


def pair_label(x: str, y: str) -> str:
    return f"{x}-{y}"


def _country_sql(scope: str) -> str:
    mapping = CHINA_SCOPES.get(scope)
    if mapping is None:
        raise ValueError(f"china scope must be one of {', '.join(CHINA_SCOPES)}")
    if not mapping:
        return "a.country_code"
    whens = " ".join(f"WHEN '{k}' THEN '{v}'" for k, v in mapping.items())  # constants, not user input
    return f"CASE a.country_code {whens} ELSE a.country_code END"


def scope_merges(scope: str) -> dict[str, tuple[str, ...]]:
    """Country -> the other codes a China scope counts as it ({"CN": ("HK", "MO")} for with-hk-mo)."""
    out: dict[str, list[str]] = {}
    for code, into in CHINA_SCOPES[scope].items():
        out.setdefault(into, []).append(code)
    return {c: tuple(codes) for c, codes in out.items()}


def area_choices() -> str:
    """The areas a query may name, as every message listing them says it (the CLI's and this module's)."""
    known = ", ".join(dict.fromkeys([*AREA_KEYWORDS, *CLASSIFIED_AREAS]))
    return f"{known} or TAXONOMY:FIELD (e.g. wos-wc:Robotics)"


def _area_filter(q: ResearchQuery, con: duckdb.DuckDBPyConnection) -> tuple[str, list[Any]]:
    """SQL condition on works `w` selecting the area, with its parameters."""
    if not q.area or q.area == "all":
        return "TRUE", []
    if q.area == "ai" or q.area in CLASSIFIED_AREAS:  # any area with a trained classifier (k15)
        version = con.execute(
            "SELECT model_version FROM ai_scores WHERE area = ? GROUP BY 1 ORDER BY count(*) DESC, 1 DESC LIMIT 1",
            [q.area],
        ).fetchone()
        if version is None and q.area == "ai":
            raise ValueError("no AI scores in the warehouse: run `techties classify apply` first, "
                             "or use --area ai-fields (taxonomy-based)")
        if version is None:
            raise ValueError(f"no {q.area} scores in the warehouse: "
                             f"run `techties classify apply --area {q.area}` first")
        if q.ai_threshold is None:
            return ("w.work_id IN (SELECT work_id FROM ai_scores WHERE area = ? AND model_version = ? AND label)",
                    [q.area, version[0]])
        return ("w.work_id IN (SELECT work_id FROM ai_scores WHERE area = ? AND model_version = ? AND score >= ?)",
                [q.area, version[0], q.ai_threshold])
    pairs: list[tuple[str, str]] = []
    if q.area == "ai-fields":
        pairs = [(tax, f) for tax, fields in AI_FIELDS.items() for f in fields]
    elif ":" in q.area:
        tax, _, fields = q.area.partition(":")
        pairs = [(tax.strip(), f.strip()) for f in fields.split("|") if f.strip()]
    if not pairs:
        raise ValueError(f"unknown area {q.area!r}: use {area_choices()}")
    cond = " OR ".join("(taxonomy = ? AND lower(field) = lower(?))" for _ in pairs)
    return f"w.work_id IN (SELECT work_id FROM work_fields WHERE {cond})", [x for p in pairs for x in p]


def language_filter(language: str | None) -> tuple[str, list[Any]]:
    if not language or language == "all":
        return "TRUE", []
    if language == "non-en":
        return "coalesce(w.language, '') NOT IN ('en', '')", []
    return "w.language = ?", [language]


@dataclass(frozen=True)
class Selection:
    """The temp tables of one selection, named `<role>_<tag>` with a tag unique to the call.

    works(work_id, year, language, cited_by_count, synthetic): the selected works;
    countries(work_id, country, year, language, cited_by_count): the selected works of the query's
    own countries (pair and baseline, China scope applied), exactly one row per work and country;
    pair(work_id, year, language, cited_by_count): the works co-authored by the query's pair;
    authors(work_id, country, institution_id, parent_id, org): the pair's authorships with an
    institution (one row per authorship: readers take what is distinct), `org` rolled up to its top
    parent; scoped and cit are helpers of `top_fields` and `citation_impact`. The names are hex and
    internal: never user input."""

    tag: str

    @property
    def works(self) -> str:
        return f"sel_{self.tag}"

    @property
    def countries(self) -> str:
        return f"wc_{self.tag}"

    @property
    def pair(self) -> str:
        return f"pw_{self.tag}"

    @property
    def authors(self) -> str:
        return f"pa_{self.tag}"

    @property
    def scoped(self) -> str:
        return f"scoped_{self.tag}"

    @property
    def cit(self) -> str:
        return f"cit_{self.tag}"

    @property
    def tables(self) -> tuple[str, ...]:
        return (self.works, self.countries, self.pair, self.authors, self.scoped, self.cit)


def query_countries(q: ResearchQuery) -> list[str]:
    """The countries a query is about: its pair, then its baseline."""
    return [q.a, q.b] + ([q.baseline] if q.baseline else [])


def _raw_codes(countries: list[str], scope: str) -> list[str]:
    """The stored country codes that count as `countries` under the China scope (HK, MO, TW for CN)."""
    mapping = CHINA_SCOPES[scope]
    return sorted(set(countries) | {k for k, v in mapping.items() if v in countries})


def select_works(con: duckdb.DuckDBPyConnection, q: ResearchQuery) -> Selection:
    """Materialise the selection as uniquely named temp tables (see `Selection`); the caller drops
    them with `drop_selection` (or uses `selection`). Only the query's own countries are kept, and
    tables about the pair start from its works: a few thousand works instead of the millions of
    authorship rows."""
    area_sql, area_params = _area_filter(q, con)
    lang_sql, lang_params = language_filter(q.language)
    year_sql, year_params = ("w.year BETWEEN ? AND ?", list(q.years)) if q.years else ("w.year IS NOT NULL", [])
    csql = _country_sql(q.china_scope)
    countries = query_countries(q)
    raw = _raw_codes(countries, q.china_scope)
    source = work_countries_source(con)  # a constant: work_countries, or authorships where it is not in step
    s = Selection(uuid.uuid4().hex[:16])
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {s.works} AS SELECT w.work_id, w.year, w.language, w.cited_by_count,"
        f" w.synthetic FROM works w WHERE {year_sql} AND {area_sql} AND {lang_sql}",
        year_params + area_params + lang_params,
    )
    # work_countries holds each (work, country) once; authorships and a China scope can repeat them
    distinct = "DISTINCT" if source != "work_countries" or CHINA_SCOPES[q.china_scope] else ""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {s.countries} AS SELECT {distinct} a.work_id, {csql} AS country,"
        f" sel.year, sel.language, sel.cited_by_count FROM {source} a JOIN {s.works} sel ON sel.work_id = a.work_id"
        f" WHERE a.country_code IN ({_marks(raw)}) AND {csql} IN ({_marks(countries)})",
        raw + countries,
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE {s.pair} AS {_pair_works_sql(s)}", [q.a, q.b])
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {s.authors} AS SELECT a.work_id, {csql} AS country,"
        " a.institution_id, i.parent_id, coalesce(i.parent_id, a.institution_id) AS org"
        f" FROM authorships a JOIN {s.pair} pw ON pw.work_id = a.work_id"
        " LEFT JOIN institutions i ON i.institution_id = a.institution_id WHERE a.institution_id IS NOT NULL"
    )
    return s


def _marks(values: list[Any]) -> str:
    """Placeholders for a list of bound values (the values themselves are parameters)."""
    return ", ".join("?" * len(values))


def drop_selection(con: duckdb.DuckDBPyConnection, s: Selection) -> None:
    """Drop every temp table of a selection (those never made are skipped)."""
    for name in s.tables:
        con.execute(f"DROP TABLE IF EXISTS {name}")


@contextmanager
def selection(con: duckdb.DuckDBPyConnection, q: ResearchQuery) -> Iterator[Selection]:
    """A selection for the duration of a `with` block, dropped at its end whatever happens."""
    s = select_works(con, q)
    try:
        yield s
    finally:
        drop_selection(con, s)


def _ids(explain: bool, expr: str = "s.work_id") -> str:
    return f", array_sort(array_distinct(array_agg({expr})))" if explain else ""  # DuckDB and Spark SQL alike


def _split(rows: list[tuple[Any, ...]], explain: bool) -> tuple[list[tuple[Any, ...]], list[list[str]] | None]:
    if not explain:
        return rows, None
    return [r[:-1] for r in rows], [list(r[-1]) for r in rows]


def yearly(
    con: duckdb.DuckDBPyConnection, q: ResearchQuery, pairs: list[tuple[str, str]], explain: bool,
    *, s: Selection,
) -> MetricTable:
    """Co-authored works per pair and year (every year of the range, zeros included)."""
    got_by_pair = {}
    for x, y in pairs:
        main = (x, y) == (q.a, q.b)  # materialised as the selection's pair table
        rows_sql, params = (f"SELECT * FROM {s.pair}", []) if main else (_pair_works_sql(s), [x, y])
        got_by_pair[(x, y)] = con.execute(
            "SELECT s.year, count(DISTINCT s.work_id)" + _ids(explain) + f" FROM ({rows_sql}) s GROUP BY 1", params,
        ).fetchall()
    # without --years: the span of years in which any of the pairs has a co-authored work
    seen = [int(r[0]) for got in got_by_pair.values() for r in got]
    y1, y2 = q.years or ((min(seen), max(seen)) if seen else (None, None))
    if y1 is None:
        return MetricTable("yearly", "Co-authored works per year", ["pair", "year", "works"], [],
                           [] if explain else None)
    rows: list[tuple[Any, ...]] = []
    ids: list[list[str]] = []
    for x, y in pairs:
        by_year = {r[0]: r for r in got_by_pair[(x, y)]}
        for year in range(int(y1), int(y2) + 1):
            r = by_year.get(year)
            rows.append((pair_label(x, y), year, r[1] if r else 0))
            if explain:
                ids.append(list(r[2]) if r else [])
    return MetricTable("yearly", "Co-authored works per year", ["pair", "year", "works"], rows,
                       ids if explain else None)


def growth_factor(first: int, last: int) -> float | None:
    """Works in the last year over works in the first year (None when the first year has none)."""
    return round(last / first, 2) if first else None


def _denominators(output: MetricTable) -> tuple[dict[str, float], dict[str, str]]:
    """Each country's whole output over the years of `country_output`, or the reason it is unknown."""
    totals: dict[str, float] = {}
    unknown: dict[str, str] = {}
    for row in output.as_dicts():
        c = row["country"]
        if row["works"] is None:
            unknown.setdefault(c, f"{c} {row['year']}: {row.get('reason') or 'output unknown'}")
        else:
            totals[c] = totals.get(c, 0.0) + row["works"]
    return {c: n for c, n in totals.items() if c not in unknown}, unknown


def summary(con: duckdb.DuckDBPyConnection, q: ResearchQuery, pairs: list[tuple[str, str]],
            yearly_table: MetricTable, output: MetricTable | None = None,
            pair_out: MetricTable | None = None) -> MetricTable:
    """Totals, growth, the pair's share of each country's output (its denominator from
    `country_output`), and ratios to the baselines. An unknown denominator leaves the share empty
    and the note says why. A baseline pair whose records collect left out counts as `pair_output`
    has it (the yearly table carries those values): an estimate keeps its decimals, an unknown
    year leaves its total empty, and the note gives the method and the 95% interval."""
    totals, unknown = _denominators(output) if output is not None else ({}, {})
    per_pair: dict[str, list[tuple[int, float | None]]] = {}
    for pair, year, works in yearly_table.rows:
        per_pair.setdefault(pair, []).append((year, works))
    main = pair_label(q.a, q.b)
    rows = []
    main_total = _total(per_pair.get(main, []))
    for x, y in pairs:
        label = pair_label(x, y)
        series = per_pair.get(label, [])
        total = _total(series)
        first = series[0][1] if series else 0
        last = series[-1][1] if series else 0
        rows.append((
            label, _number(_round(total)), _number(_round(first)), _number(_round(last)),
            growth_factor(first, last) if first is not None and last is not None else None,
            round(100 * total / totals[x], 2) if total is not None and totals.get(x) else None,
            round(100 * total / totals[y], 2) if total is not None and totals.get(y) else None,
            round(main_total / total, 3) if total and main_total is not None else None,
        ))
    cols = ["pair", "works", "first_year_works", "last_year_works", "growth_factor", "share_of_first_pct",
            "share_of_second_pct", "ratio_main_to_pair"]
    note = ("growth_factor = works in the last year / works in the first year of the range; share = co-authored works "
            "as % of the country's whole output (country_output: its source per year); ratio = main pair's works / "
            "this pair's works")
    if unknown:
        note += "; share left empty where the denominator is unknown: " + "; ".join(unknown.values())
    # an empty growth factor said nothing of why (a first year with no works: nothing to divide by)
    starts = [(pair_label(x, y), per_pair.get(pair_label(x, y), [])) for x, y in pairs]
    no_start = [f"{label} (0 in {series[0][0]})" for label, series in starts if series and series[0][1] == 0]
    if no_start:
        note += "; growth_factor left empty where the first year has no works: " + ", ".join(no_start)
    if pair_out is not None:
        for p in pair_works([dict(zip(cols, r, strict=True)) for r in rows], pair_out.as_dicts()):
            note += (f"; {p.pair}: records not fetched by `techties collect` (too large for its budget)"
                     f"{_years_left(p.pair, pair_out, yearly_table, ' in %s')}, its works are {p.method} (pair_output)")
            if p.works is None:
                note += f", total unknown: {p.reason}"
            elif "sample-estimate" in p.sources:
                note += (f", 95% interval {_number(_round(p.low))}–{_number(_round(p.high))} works, ratio "
                         f"{p.ratio_low if p.ratio_low is not None else '?'}–"
                         f"{p.ratio_high if p.ratio_high is not None else '?'}")
    return MetricTable("summary", "Summary: totals, growth, shares, baseline ratios", cols, rows,
                       work_ids=_summary_ids(pairs, yearly_table, rows), note=note)


def _summary_ids(pairs: list[tuple[str, str]], yearly_table: MetricTable, rows: list[tuple[Any, ...]]
                 ) -> list[list[str]] | None:
    """The works behind each pair's total (its yearly rows' works), so the dashboard drills down from it
    as from a year; empty where they are not the total (a pair counted, not fetched: no records)."""
    if yearly_table.work_ids is None:
        return None
    by_pair: dict[str, list[str]] = {}
    for (pair, _year, _works), ids in zip(yearly_table.rows, yearly_table.work_ids, strict=True):
        by_pair.setdefault(pair, []).extend(ids)
    out = []
    for (x, y), row in zip(pairs, rows, strict=True):
        ids = sorted(set(by_pair.get(pair_label(x, y), [])))
        out.append(ids if row[1] is not None and len(ids) == row[1] else [])
    return out


def _total(series: list[tuple[int, float | None]]) -> float | None:
    """A pair's works over the years: None when any year is unknown (never a partial sum)."""
    return None if any(n is None for _, n in series) else sum(n for _, n in series)  # type: ignore[misc]


def _round(v: float | None) -> float | None:
    """An estimate to 2 decimals for the tables (shares and ratios are computed from the full value)."""
    return None if v is None else round(v, 2)


def pair_output(con: duckdb.DuckDBPyConnection, q: ResearchQuery, pairs: list[tuple[str, str]],
                yearly_table: MetricTable) -> MetricTable | None:
    """The yearly works of each pair whose records `techties collect` left out (too large for its
    budget: `count_series.left_out_years`, in the years it still is), from the stored series of the
    query's area, for those years of the yearly table: like `country_output`, each value with its source, 95% interval,
    sample size, query and date, or unknown with the reason. None when no pair was left out."""
    left = left_out_years(con, pairs, {year for _, year, _ in yearly_table.rows})
    if not left:
        return None
    merges = scope_merges(q.china_scope)
    # a stored pair count is of OpenAlex codes: none stands for a pair whose country the scope widens
    counted = [p for p in pairs if pair_label(*p) in left and not set(p) & set(merges)]
    series = pair_series(con, counted, q.years, q.area)
    rows = []
    for pair, year, works in yearly_table.rows:
        if year not in left.get(pair, ()):
            continue
        c = series.get((pair, year))
        wide = sorted(set(pair.split("-")) & set(merges))
        if wide or c is None:
            why = (f"its stored counts are of {wide[0]} alone, while this query counts "
                   f"{', '.join(merges[wide[0]])} as {wide[0]} too" if wide
                   else f"no count of its works in {year} (area {area_key(q.area)}) is stored")
            rows.append((pair, year, None, "unknown", None, None, None, works, f"{pair}'s records were not fetched "
                         f"by `techties collect` (too large for its budget) and {why}", "", ""))
        else:
            rows.append((pair, year, _number(c.works), c.method, c.low, c.high, c.sample_size, works, "", c.query,
                         c.retrieved_on))
    return MetricTable("pair_output", "Works per year of the baseline pairs whose records were not fetched",
                       ["pair", "year", "works", "source", "low", "high", "sample_size", "warehouse_works", "reason",
                        "query", "retrieved_on"], rows,
                       note="works = the pair's works that year, as in the yearly table and the summary; source: "
                            "openalex-count | sample-estimate | unknown; low/high: 95% interval of a sample estimate "
                            "of sample_size works; warehouse_works = the pair's works among those loaded (the fetched "
                            "pairs' works it shares), not its output")


def _years_left(pair: str, pair_out: MetricTable, yearly_table: MetricTable, form: str) -> str:
    """The years `pair_output` stands for the pair, in `form`, when they are not all of the table's
    (its records were loaded for the others); "" when they are."""
    left = [r[1] for r in pair_out.rows if r[0] == pair]
    if len(left) == sum(1 for r in yearly_table.rows if r[0] == pair):
        return ""
    return form % ", ".join(map(str, left))


def with_pair_output(yearly_table: MetricTable, pair_out: MetricTable) -> MetricTable:
    """The yearly table with `pair_output`'s works for the pairs whose records were not fetched
    (no work ids behind them: the warehouse does not hold those works)."""
    value = {(r[0], r[1]): r[2] for r in pair_out.rows}
    rows = [(p, y, value[(p, y)]) if (p, y) in value else (p, y, n) for p, y, n in yearly_table.rows]
    ids = ([[] if (r[0], r[1]) in value else w for r, w in zip(yearly_table.rows, yearly_table.work_ids, strict=True)]
           if yearly_table.work_ids is not None else None)
    left = ", ".join(p + _years_left(p, pair_out, yearly_table, " (%s)") for p in dict.fromkeys(r[0] for r in
                                                                                               pair_out.rows))
    return MetricTable(yearly_table.name, yearly_table.title, yearly_table.columns, rows, ids,
                       note=f"{left}: records not fetched by `techties collect` (too large for its budget): works as "
                            "counted or estimated in pair_output (source and 95% interval per year), not drawn from "
                            "the warehouse")


def country_output(con: duckdb.DuckDBPyConnection, q: ResearchQuery, countries: list[str], explain: bool,
                   *, s: Selection) -> MetricTable:
    """Each country's whole output per year, the denominators of the shares, with where each value
    comes from (`techties.metrics.denominators`); `warehouse_works` and the work ids are what the
    selection itself holds."""
    got = con.execute(  # count(*): the selection's countries hold each (work, country) once
        "SELECT s.country, s.year, count(*)" + _ids(explain) +
        f" FROM {s.countries} s WHERE s.country IN ({_marks(countries)}) GROUP BY 1, 2 ORDER BY 1, 2",
        countries,
    ).fetchall()
    counts = {(r[0], int(r[1])): int(r[2]) for r in got}
    work_ids = {(r[0], int(r[1])): list(r[3]) for r in got} if explain else {}
    series = country_output_series(con, countries, q.years, q.area, counts, merged=scope_merges(q.china_scope))
    series = sorted(series, key=lambda o: (o.country, o.year))
    rows = [(o.country, o.year, _number(o.works), o.source, o.low, o.high, counts.get((o.country, o.year), 0), o.reason,
             o.query, o.retrieved_on) for o in series]
    ids = [work_ids.get((o.country, o.year), []) for o in series] if explain else None
    return MetricTable("country_output", "Each country's whole output per year (the denominators of the shares)",
                       ["country", "year", "works", "source", "low", "high", "warehouse_works", "reason", "query",
                        "retrieved_on"], rows, ids,
                       note="works = the denominator; source: warehouse | openalex-count | sample-estimate | unknown; "
                            "low/high: 95% interval of a sample estimate")


def denominator_notes(output: MetricTable) -> list[str]:
    """Provenance of the shares: per country, where its output came from (query and date of a count)."""
    notes = []
    rows = output.as_dicts()
    for country in dict.fromkeys(r["country"] for r in rows):
        mine = [r for r in rows if r["country"] == country]
        sources = sorted({r["source"] for r in mine})
        queries = sorted({f"{r['query']} (retrieved {r['retrieved_on'] or 'date not stated'})"
                          for r in mine if r["query"]})
        text = f"denominator {country}: {', '.join(sources)}"
        if queries:
            text += f"; {len(queries)} quer{'y' if len(queries) == 1 else 'ies'}, e.g. {queries[0]}"
        notes.append(text)
    return notes


def _number(v: float | None) -> float | int | None:
    """A count stays an integer in the tables and CSVs; an estimate keeps its decimals."""
    return int(v) if v is not None and float(v).is_integer() else v


def _pair_works_sql(s: Selection) -> str:
    """Works with an author in each of the two countries bound as its two parameters, with the
    columns of the selection's pair table."""
    return (f"SELECT cx.work_id, cx.year, cx.language, cx.cited_by_count FROM {s.countries} cx"
            f" JOIN {s.countries} cy ON cx.work_id = cy.work_id WHERE cx.country = ? AND cy.country = ?")


def _present_taxonomies(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The preferred taxonomies that `work_fields` holds at all, most specific first (a filter on a
    constant: the zone maps skip the row groups that cannot hold it, no join)."""
    return [tax for tax in FIELD_TAXONOMY_PREFERENCE
            if con.execute("SELECT 1 FROM work_fields WHERE taxonomy = ? LIMIT 1", [tax]).fetchone()]


def _selection_carries(con: duckdb.DuckDBPyConnection, s: Selection, tax: str) -> bool:
    return con.execute(f"SELECT 1 FROM work_fields WHERE taxonomy = ? AND work_id IN (SELECT work_id FROM {s.works})"
                       " LIMIT 1", [tax]).fetchone() is not None


def field_taxonomy(con: duckdb.DuckDBPyConnection, s: Selection) -> str | None:
    """The most specific taxonomy the selected works carry (WoS categories, then OpenAlex levels)."""
    return next((tax for tax in _present_taxonomies(con) if _selection_carries(con, s, tax)), None)


def top_fields(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool, *, s: Selection) -> MetricTable:
    """Top fields for the pair's co-authored works and for each country's works (one pass over work_fields),
    in the most specific taxonomy the selected works carry (`field_taxonomy`). The pass itself shows
    whether the pair's countries' works carry a taxonomy; only when they do not is the whole selection
    asked."""
    cols = ["scope", "rank", "field", "works", "share_pct"]
    pair = pair_label(q.a, q.b)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {s.scoped} AS SELECT work_id, ? AS scope FROM {s.pair}"
        f" UNION ALL SELECT work_id, country FROM {s.countries} WHERE country = ? OR country = ?",
        [pair, q.a, q.b],
    )
    tax, got = None, []
    for candidate in _present_taxonomies(con):
        got = con.execute(
            "SELECT s.scope, f.field, count(DISTINCT f.work_id) AS n" + _ids(explain, "f.work_id") +
            f" FROM work_fields f JOIN {s.scoped} s ON s.work_id = f.work_id WHERE f.taxonomy = ?"
            " GROUP BY 1, 2 QUALIFY row_number() OVER (PARTITION BY s.scope ORDER BY n DESC, f.field) <= ?",
            [candidate, q.top],
        ).fetchall()
        if got or _selection_carries(con, s, candidate):  # the scoped works are selected works
            tax = candidate
            break
    if tax is None:
        return MetricTable("top_fields", "Top fields", cols, [], [] if explain else None, note="no field data")
    # count(*): a scope holds each work once (the pair's works once, each country's (work, country) once)
    sizes = dict(con.execute(f"SELECT scope, count(*) FROM {s.scoped} GROUP BY 1").fetchall())
    order = {pair: 0, q.a: 1, q.b: 2}
    got.sort(key=lambda r: (order[r[0]], -r[2], r[1]))
    rows: list[tuple[Any, ...]] = []
    ids: list[list[str]] = []
    rank = 0
    for i, r in enumerate(got):
        rank = 1 if i == 0 or got[i - 1][0] != r[0] else rank + 1
        n_scope = sizes.get(r[0], 0)
        rows.append((r[0], rank, r[1], r[2], round(100 * r[2] / n_scope, 1) if n_scope else None))
        if explain:
            ids.append(list(r[3]))
    # what each share is out of: without it "31.0" could be of the pair's works, the country's or the field's
    note = ("share_pct = the field's works as % of the scope's works: "
            + ", ".join(f"{scope} {sizes.get(scope, 0)}" for scope in (pair, q.a, q.b))
            + " (a work may carry several fields, so the shares can add up to more than 100)")
    return MetricTable("top_fields", f"Top fields ({tax})", cols, rows, ids if explain else None, note=note)


def top_institution_pairs(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool,
                          *, s: Selection | None = None) -> MetricTable:
    """Institution pairs (A-side × B-side, rolled up to their top parent) by co-authored works.
    Without `s` (the dashboard's network panel) on a selection of its own, dropped after."""
    if s is None:
        with selection(con, q) as own:
            return top_institution_pairs(con, q, explain, s=own)
    rows = con.execute(  # each side's (work, organisation name) once, then each work's pairs of them once
        "WITH o AS (SELECT DISTINCT pa.work_id, pa.country, coalesce(n.name, pa.org) AS name"
        f" FROM {s.authors} pa LEFT JOIN institutions n ON n.institution_id = pa.org"
        " WHERE pa.country = ? OR pa.country = ?),"
        " p AS (SELECT DISTINCT x.work_id, x.name AS name_a, y.name AS name_b FROM o x JOIN o y"
        " ON y.work_id = x.work_id WHERE x.country = ? AND y.country = ?)"
        " SELECT p.name_a, p.name_b, count(*) AS n" + _ids(explain, "p.work_id") +
        " FROM p GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?",
        [q.a, q.b, q.a, q.b, q.top],
    ).fetchall()
    rows, ids = _split(rows, explain)
    return MetricTable("top_institution_pairs", "Top institution pairs (rolled up to top parent)",
                       [f"institution_{q.a}", f"institution_{q.b}", "works"], rows, ids)


def is_company(name: str, typ: str | None) -> bool:
    """OpenAlex type 'company', or a company name pattern (Co Ltd, Inc, Huawei…)."""
    return typ == "company" or bool(_COMPANY.search(name))


def companies(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool, *, s: Selection) -> MetricTable:
    """Companies among the pair's co-authors, with their most frequent partners on the other side.
    The name pattern is matched once per institution, and only the works with a company come back
    from SQL (the others add nothing)."""
    names = ("LEFT JOIN institutions i ON i.institution_id = {t}.institution_id"
             " LEFT JOIN institutions p ON p.institution_id = i.parent_id")  # an institution's name: its parent's
    insts = con.execute(  # an institution's name and type are its own: match the pattern once per institution
        "SELECT d.institution_id, coalesce(nullif(coalesce(p.name, i.name), ''), d.org), coalesce(p.type, i.type)"
        f" FROM (SELECT DISTINCT institution_id, org FROM {s.authors} WHERE country = ? OR country = ?) d "
        + names.format(t="d"), [q.a, q.b]).fetchall()
    firms = sorted({iid for iid, shown, typ in insts if is_company(shown, typ)})
    got = con.execute(
        "SELECT DISTINCT pa.work_id, pa.country, pa.org, coalesce(p.name, i.name) AS name,"
        f" coalesce(p.type, i.type) AS type FROM {s.authors} pa " + names.format(t="pa") +
        " WHERE (pa.country = ? OR pa.country = ?) AND pa.work_id IN (SELECT work_id FROM"
        f" {s.authors} WHERE (country = ? OR country = ?) AND institution_id IN ({_marks(firms)}))",
        [q.a, q.b, q.a, q.b, *firms],
    ).fetchall() if firms else []
    by_work: dict[str, list[tuple[str, str, str, bool]]] = {}
    firm: dict[tuple[str, str | None], bool] = {}  # the pattern once per (name, type), not once per row
    for work_id, country, org, name, typ in got:
        shown = name or org
        flag = firm.get((shown, typ))
        if flag is None:
            flag = firm[(shown, typ)] = is_company(shown, typ)
        by_work.setdefault(work_id, []).append((country, org, shown, flag))
    stats: dict[tuple[str, str], dict[str, Any]] = {}
    for work_id, orgs in by_work.items():
        for country, _org, name, flag in orgs:
            if not flag:
                continue
            st = stats.setdefault((name, country), {"works": set(), "partners": {}})
            st["works"].add(work_id)
            for c2, _o2, n2, _t2 in orgs:
                if c2 != country:
                    st["partners"][n2] = st["partners"].get(n2, 0) + 1
    ranked = sorted(stats.items(), key=lambda kv: (-len(kv[1]["works"]), kv[0]))[: q.top]
    rows = [(name, country, len(st["works"]),
             "; ".join(f"{p} ({n})" for p, n in sorted(st["partners"].items(), key=lambda kv: (-kv[1], kv[0]))[:3]))
            for (name, country), st in ranked]
    ids = [sorted(st["works"]) for _, st in ranked] if explain else None
    return MetricTable("companies", "Companies among co-authors and their partners",
                       ["company", "country", "works", "top_partners"], rows, ids,
                       note="company = OpenAlex type 'company' or a company name pattern (Co Ltd, Inc, Huawei…)")


def top_funders(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool, *, s: Selection) -> MetricTable:
    rows = con.execute(
        "SELECT f.funder_name, count(DISTINCT f.work_id) AS n" + _ids(explain, "f.work_id") +
        f" FROM work_funders f JOIN {s.pair} pw ON pw.work_id = f.work_id WHERE coalesce(f.funder_name, '') <> ''"
        " GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?",
        [q.top],
    ).fetchall()
    rows, ids = _split(rows, explain)
    return MetricTable("top_funders", "Top funders of co-authored works", ["funder", "works"], rows, ids)


TOP_PERCENTILE = 0.9  # "top 10%": at or above the 90th percentile rank of the year


def citation_impact(con: duckdb.DuckDBPyConnection, q: ResearchQuery, pairs: list[tuple[str, str]],
                    explain: bool = False, *, s: Selection) -> MetricTable:
    """Mean citations and share in the top 10% of their year (reference: all selected works of that year);
    with `explain`, each group's row carries the works its `works` counts, so that it drills down too.

    A work's percentile rank in its year is (works of the year cited less) / (works of the year - 1),
    as SQL's percent_rank; it depends only on (year, citations), so it is computed once per distinct
    pair of them from their counts (a few thousand rows), not by sorting every selected work."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {s.cit} AS WITH h AS (SELECT year, coalesce(cited_by_count, 0) AS c,"
        f" count(*) AS n FROM {s.works} GROUP BY 1, 2),"
        " r AS (SELECT year, c, n, sum(n) OVER (PARTITION BY year) AS n_year, coalesce(sum(n) OVER (PARTITION BY"
        " year ORDER BY c ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS below FROM h)"
        " SELECT year, c, n, CASE WHEN n_year > 1 AND CAST(below AS DOUBLE) / CAST(n_year - 1 AS DOUBLE) >= ?"
        " THEN 1 ELSE 0 END AS top FROM r",
        [TOP_PERCENTILE],
    )
    rows = []
    n, total, top = con.execute(f"SELECT sum(n), sum(c * n), sum(top * n) FROM {s.cit}").fetchone()
    stats = [("all selected works", (n or 0, total / n if n else None, top / n if n else None))]
    groups: list[tuple[str, str, list[str]]] = [
        (f"{c} (all)", f"SELECT work_id, year, cited_by_count FROM {s.countries} WHERE country = ?", [c])
        for c in (q.a, q.b)]
    for x, y in pairs:
        main = (x, y) == (q.a, q.b)  # materialised as the selection's pair table
        subquery, params = ((f"SELECT work_id, year, cited_by_count FROM {s.pair}", []) if main
                            else (_pair_works_sql(s), [x, y]))
        groups.append((pair_label(x, y), subquery, params))
    for label, subquery, params in groups:
        stats.append((label, con.execute(
            f"SELECT count(*), avg(t.c), avg(t.top) FROM ({subquery}) g JOIN {s.cit} t"
            " ON t.year = g.year AND t.c = coalesce(g.cited_by_count, 0)", params).fetchone()))
    for label, (n, mean, top10) in stats:
        rows.append((label, n, round(mean, 2) if mean is not None else None,
                     round(100 * top10, 1) if top10 is not None else None))
    ids = None
    if explain:  # the same works each count reads: every selected one, then each group's (one row per work)
        ids = [_work_list(con, f"SELECT work_id FROM {s.works}", [])]
        ids += [_work_list(con, f"SELECT work_id FROM ({subquery}) g", params) for _label, subquery, params in groups]
    return MetricTable("citation_impact", "Citation impact", ["group", "works", "mean_citations", "top10_pct"], rows,
                       work_ids=ids,
                       note="top10_pct = share of works at or above the 90th citation percentile of their year")


def _work_list(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[str]:
    """The distinct work ids a query gives, sorted (a drill-down's list; sorted in SQL: half the CPU of Python's
    set and sort on 545k works)."""
    return [w for (w,) in con.execute(f"SELECT DISTINCT work_id FROM ({sql}) d ORDER BY 1", params).fetchall()]


def by_language(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool, *, s: Selection) -> MetricTable:
    """The pair's works by language: non-English (e.g. Chinese-language) works shown apart."""
    rows = con.execute(
        "SELECT coalesce(s.language, 'unknown') AS lang, s.year, count(DISTINCT s.work_id)" + _ids(explain) +
        f" FROM {s.pair} s GROUP BY 1, 2 ORDER BY (lang = 'en'), 1, 2",
    ).fetchall()
    rows, ids = _split(rows, explain)
    return MetricTable("by_language", "Co-authored works by language (non-English first)",
                       ["language", "year", "works"], rows, ids)


def listed_collaborations(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool,
                          *, s: Selection) -> MetricTable:
    """Co-authored works with an institution on a restricted-party list, per list and year
    (screening hits not rejected by an analyst; an institution's hit also flags its sub-units).

    Listing dates: a work counts from the year its institution's entry was listed on (a work of
    the listing year counts: its month is often unknown); earlier works are left out and counted
    in the note. An entry without a listing date counts every year, and the note says so."""
    got = con.execute(
        "WITH hits AS (SELECT h.subject_id, coalesce(h.list_id, '') AS list_id,"
        "   CAST(substr(e.listed_on, 1, 4) AS INTEGER) AS listed_year"
        "   FROM screening_hits h LEFT JOIN watchlist_entries e ON e.list_id = h.list_id AND e.entry_id = h.entry_id"
        "   WHERE h.subject_kind = 'institution' AND coalesce(h.decision, '') <> 'rejected')"
        " SELECT DISTINCT h.list_id, pw.year, pw.work_id, h.listed_year"
        f" FROM {s.pair} pw JOIN {s.authors} pa ON pa.work_id = pw.work_id"
        " JOIN hits h ON h.subject_id = pa.institution_id OR h.subject_id = pa.parent_id",
    ).fetchall()
    counted: dict[tuple[str, int], set[str]] = {}
    before: dict[str, set[str]] = {}
    undated: set[str] = set()
    for list_id, year, work_id, listed_year in got:
        if listed_year is None or year >= listed_year:
            counted.setdefault((list_id, year), set()).add(work_id)
            if listed_year is None:
                undated.add(list_id)
        else:
            before.setdefault(list_id, set()).add(work_id)
    keys = sorted(counted)
    rows = [(lst, year, len(counted[(lst, year)])) for lst, year in keys]
    ids = [sorted(counted[k]) for k in keys] if explain else None
    in_list = {lst: set().union(*(w for (l2, _), w in counted.items() if l2 == lst)) for lst, _ in keys}
    notes = []
    # per list: a work before two lists' listings is one work, not two (a sum over lists read as works)
    n_before = {lst: len(ws - in_list.get(lst, set())) for lst, ws in sorted(before.items())}
    if any(n_before.values()):
        notes.append("works with a listed institution published before its listing year, not counted for that list: "
                     + ", ".join(f"{lst} {n}" for lst, n in n_before.items() if n)
                     + " (a work counts from the year its institution was listed)")
    if undated:
        # of entries, not lists: a list may date some entries and not others (techties-curated does both)
        notes.append("entries with no listing date (" + ", ".join(sorted(undated)) + "): every year counted")
    if not con.execute("SELECT count(*) FROM screening_hits").fetchone()[0]:
        notes.append("no screening results in the warehouse: run `techties screen --warehouse`")
    return MetricTable("listed_collaborations", "Co-authored works with a listed institution, per list and year",
                       ["list", "year", "works"], rows, ids, note="; ".join(notes))


def selection_notes(con: duckdb.DuckDBPyConnection, q: ResearchQuery, s: Selection) -> list[str]:
    """What was selected, whether it is synthetic, and a plain note when nothing was."""
    n_sel, n_syn = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE synthetic) FROM {s.works}").fetchone()
    n_pair = con.execute(f"SELECT count(DISTINCT work_id) FROM {s.pair}").fetchone()[0]
    years = f"{q.years[0]}–{q.years[1]}" if q.years else "all"
    notes = [f"{n_sel} works selected (years {years}, area {q.area or 'all'}, "
             f"language {q.language or 'all'}, China scope {q.china_scope})"]
    if not n_sel:
        notes.append(f"EMPTY: no works match this selection (years {years}, area {q.area or 'all'}, language "
                     f"{q.language or 'all'}): every table below is empty or zero for that reason")
    elif not n_pair:
        notes.append(f"EMPTY: no {q.a}–{q.b} co-authored works among the {n_sel} selected works")
    if n_syn:
        notes.append(f"SYNTHETIC: {n_syn} of these works are synthetic (generated in the OpenAlex schema)")
    return notes


def compute_research(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool = False) -> ResearchResult:
    """All research metrics for a query, on a selection of its own (dropped at the end)."""
    pairs = [(q.a, q.b)]
    if q.baseline:
        pairs += [(q.a, q.baseline), (q.b, q.baseline)]
    countries = [q.a, q.b] + ([q.baseline] if q.baseline else [])
    result = ResearchResult(query=q)
    with selection(con, q) as s:
        y = yearly(con, q, pairs, explain, s=s)
        pair_out = pair_output(con, q, pairs, y)
        if pair_out is not None:
            y = with_pair_output(y, pair_out)
        output = country_output(con, q, countries, explain, s=s)
        result.tables += [
            y,
            summary(con, q, pairs, y, output, pair_out),
            output,
            *([pair_out] if pair_out is not None else []),
            top_fields(con, q, explain, s=s),
            top_institution_pairs(con, q, explain, s=s),
            companies(con, q, explain, s=s),
            top_funders(con, q, explain, s=s),
            citation_impact(con, q, pairs, explain, s=s),
            by_language(con, q, explain, s=s),
            listed_collaborations(con, q, explain, s=s),
        ]
        result.notes += selection_notes(con, q, s)
        result.notes += denominator_notes(output)
        result.notes += unclassified_notes(con, q.area, countries, q.years, q.language)  # works without text
    counted = pair_counts(con, pairs, q.years, q.area)
    if counted:
        sources = sorted({c.source for c in counted if c.source})
        result.tables.append(MetricTable(
            "openalex_counts", "Co-authored works per year as counted by OpenAlex (real, API)",
            ["pair", "year", "works", "low", "high", "area", "method", "sample_size", "retrieved_on"],
            [(c.pair, c.year, _number(c.works), c.low, c.high, c.area, c.method, c.sample_size, c.retrieved_on)
             for c in counted],
            note="OpenAlex's own counts (or, method sample-estimate, estimates from a scored sample of sample_size "
                 "works with their 95% interval low–high), not computed from the works loaded here. Queries: "
                 + "; ".join(query_templates(counted)) + (". Sources: " + "; ".join(sources) if sources else "")
                 + _scope_caveat(q, {code for c in counted for code in c.pair.split("-")})))
    return result


def _scope_caveat(q: ResearchQuery, codes: set[str]) -> str:
    """Under a wider China scope, OpenAlex's counts of a CN pair are of the code CN alone: said, so that they
    are not read against the tables above, which count HK and MO (and TW) as CN too."""
    merges = scope_merges(q.china_scope)
    wide = sorted(codes & set(merges))
    return "".join(f". China scope {q.china_scope}: these counts are of {c} alone, while the tables above count "
                   f"{', '.join(merges[c])} as {c} too" for c in wide)
