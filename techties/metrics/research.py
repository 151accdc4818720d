"""Research metrics for a country pair: the brief's tables, computed in SQL over the warehouse.

Every table carries, per row, the ids of the works behind its count (when asked), so any
number can be drilled down to its records. The selection (years, area, language) is
materialised once as two temp tables, `sel` (works) and `wc` (work × country), and each
metric is a plain SQL query over them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import duckdb

from techties.metrics.count_series import pair_counts, query_templates
from techties.metrics.denominators import CountryOutput, country_output_series, country_totals

# The --area hook before/alongside the classifier: taxonomy fields that mean "AI".
AI_FIELDS: dict[str, tuple[str, ...]] = {
    "wos-wc": ("Computer Science, Artificial Intelligence",),
    "openalex-subfield": ("Artificial Intelligence", "Computer Vision and Pattern Recognition"),
    "openalex-concept": ("Artificial intelligence", "Machine learning", "Deep learning", "Computer vision",
                         "Natural language processing", "Artificial neural network", "Pattern recognition"),
}
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


def parse_years(text: str | None) -> tuple[int, int] | None:
    """`2010-2019` → (2010, 2019); `2015` → (2015, 2015)."""
    if not text:
        return None
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-:–]\s*(\d{4}))?\s*", text)
    if not m:
        raise ValueError(f"years must look like 2010-2019, got {text!r}")
    y1, y2 = int(m.group(1)), int(m.group(2) or m.group(1))
    if y2 < y1:
        raise ValueError(f"years: {y2} is before {y1}")
    return y1, y2


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


def _area_filter(q: ResearchQuery, con: duckdb.DuckDBPyConnection) -> tuple[str, list[Any]]:
    """SQL condition on works `w` selecting the area, with its parameters."""
    if not q.area or q.area == "all":
        return "TRUE", []
    if q.area == "ai":
        version = con.execute(
            "SELECT model_version FROM ai_scores WHERE area = 'ai' GROUP BY 1 ORDER BY count(*) DESC, 1 DESC LIMIT 1"
        ).fetchone()
        if version is None:
            raise ValueError("no AI scores in the warehouse: run `techties classify apply` first, "
                             "or use --area ai-fields (taxonomy-based)")
        if q.ai_threshold is None:
            return ("w.work_id IN (SELECT work_id FROM ai_scores WHERE area = 'ai' AND model_version = ? AND label)",
                    [version[0]])
        return ("w.work_id IN (SELECT work_id FROM ai_scores WHERE area = 'ai' AND model_version = ? AND score >= ?)",
                [version[0], q.ai_threshold])
    pairs: list[tuple[str, str]] = []
    if q.area == "ai-fields":
        pairs = [(tax, f) for tax, fields in AI_FIELDS.items() for f in fields]
    elif ":" in q.area:
        tax, _, fields = q.area.partition(":")
        pairs = [(tax.strip(), f.strip()) for f in fields.split("|") if f.strip()]
    if not pairs:
        raise ValueError(f"unknown area {q.area!r}: use ai, ai-fields or TAXONOMY:FIELD (e.g. wos-wc:Robotics)")
    cond = " OR ".join("(taxonomy = ? AND lower(field) = lower(?))" for _ in pairs)
    return f"w.work_id IN (SELECT work_id FROM work_fields WHERE {cond})", [x for p in pairs for x in p]


def _language_filter(language: str | None) -> tuple[str, list[Any]]:
    if not language or language == "all":
        return "TRUE", []
    if language == "non-en":
        return "coalesce(w.language, '') NOT IN ('en', '')", []
    return "w.language = ?", [language]


def select_works(con: duckdb.DuckDBPyConnection, q: ResearchQuery) -> None:
    """Materialise the selection as temp tables `sel(work_id, year, language, cited_by_count, synthetic)`,
    `wc(work_id, country)` and `pw(work_id)`, the works co-authored by the query's pair. Tables about the
    pair start from `pw`: a few thousand works instead of the millions of authorship rows."""
    area_sql, area_params = _area_filter(q, con)
    lang_sql, lang_params = _language_filter(q.language)
    year_sql, year_params = ("w.year BETWEEN ? AND ?", list(q.years)) if q.years else ("w.year IS NOT NULL", [])
    con.execute(
        "CREATE OR REPLACE TEMP TABLE sel AS SELECT w.work_id, w.year, w.language, w.cited_by_count, w.synthetic"
        f" FROM works w WHERE {year_sql} AND {area_sql} AND {lang_sql}",
        year_params + area_params + lang_params,
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE wc AS SELECT DISTINCT a.work_id, {_country_sql(q.china_scope)} AS country"
        " FROM authorships a JOIN sel USING (work_id) WHERE a.country_code IS NOT NULL"
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE pw AS {_pair_works_sql()}", [q.a, q.b])


def _ids(explain: bool, expr: str = "s.work_id") -> str:
    return f", array_sort(array_distinct(array_agg({expr})))" if explain else ""  # DuckDB and Spark SQL alike


def _split(rows: list[tuple[Any, ...]], explain: bool) -> tuple[list[tuple[Any, ...]], list[list[str]] | None]:
    if not explain:
        return rows, None
    return [r[:-1] for r in rows], [list(r[-1]) for r in rows]


def yearly(
    con: duckdb.DuckDBPyConnection, q: ResearchQuery, pairs: list[tuple[str, str]], explain: bool
) -> MetricTable:
    """Co-authored works per pair and year (every year of the range, zeros included)."""
    # without --years: the span of years in which any of the pairs has a co-authored work
    y1, y2 = q.years or con.execute(
        "SELECT min(s.year), max(s.year) FROM sel s WHERE EXISTS (SELECT 1 FROM wc cx JOIN wc cy"
        " ON cx.work_id = cy.work_id WHERE cx.work_id = s.work_id AND cx.country < cy.country"
        " AND (" + " OR ".join(["(cx.country = ? AND cy.country = ?)"] * len(pairs)) + "))",
        [c for p in pairs for c in (min(p), max(p))],
    ).fetchone()
    if y1 is None:
        return MetricTable("yearly", "Co-authored works per year", ["pair", "year", "works"], [],
                           [] if explain else None)
    rows: list[tuple[Any, ...]] = []
    ids: list[list[str]] = []
    for x, y in pairs:
        got = con.execute(
            "SELECT s.year, count(DISTINCT s.work_id)" + _ids(explain) +
            " FROM sel s JOIN wc cx ON cx.work_id = s.work_id AND cx.country = ?"
            " JOIN wc cy ON cy.work_id = s.work_id AND cy.country = ? GROUP BY 1",
            [x, y],
        ).fetchall()
        by_year = {r[0]: r for r in got}
        for year in range(int(y1), int(y2) + 1):
            r = by_year.get(year)
            rows.append((pair_label(x, y), year, r[1] if r else 0))
            if explain:
                ids.append(list(r[2]) if r else [])
    return MetricTable("yearly", "Co-authored works per year", ["pair", "year", "works"], rows,
                       ids if explain else None)


def summary(con: duckdb.DuckDBPyConnection, q: ResearchQuery, pairs: list[tuple[str, str]],
            yearly_table: MetricTable, denominators: list[CountryOutput] | None = None) -> MetricTable:
    """Totals, growth, the pair's share of each country's output, and ratios to the baselines.
    Shares divide by the best denominator available (`metrics.denominators`); unknown stays None."""
    if denominators is None:
        totals = {c: n for c, n in con.execute("SELECT country, count(*) FROM wc GROUP BY 1").fetchall()}
    else:
        totals = country_totals(denominators)
    per_pair: dict[str, list[tuple[int, int]]] = {}
    for pair, year, works in yearly_table.rows:
        per_pair.setdefault(pair, []).append((year, works))
    main = pair_label(q.a, q.b)
    rows = []
    main_total = sum(n for _, n in per_pair.get(main, []))
    for x, y in pairs:
        label = pair_label(x, y)
        series = per_pair.get(label, [])
        total = sum(n for _, n in series)
        first = series[0][1] if series else 0
        last = series[-1][1] if series else 0
        rows.append((
            label, total, first, last,
            round(last / first, 2) if first else None,
            round(100 * total / totals[x], 2) if totals.get(x) else None,
            round(100 * total / totals[y], 2) if totals.get(y) else None,
            round(main_total / total, 3) if total else None,
        ))
    cols = ["pair", "works", "first_year_works", "last_year_works", "growth_factor", "share_of_first_pct",
            "share_of_second_pct", "ratio_main_to_pair"]
    note = ("growth_factor = works in the last year / works in the first year of the range; share = co-authored works "
            "as % of all works of that country in the selection; ratio = main pair's works / this pair's works")
    return MetricTable("summary", "Summary: totals, growth, shares, baseline ratios", cols, rows, note=note)


def country_output(con: duckdb.DuckDBPyConnection, countries: list[str], explain: bool,
                   q: ResearchQuery | None = None) -> tuple[MetricTable, list[CountryOutput]]:
    """Each country's output per year, the denominators of the shares, with where each came from
    (`source`: warehouse, openalex-count, sample-estimate with `low`/`high`, or unknown)."""
    rows = con.execute(
        "SELECT wc.country, s.year, count(DISTINCT s.work_id)" + _ids(explain) +
        " FROM sel s JOIN wc USING (work_id) WHERE wc.country IN (" + ", ".join(["?"] * len(countries)) + ")"
        " GROUP BY 1, 2 ORDER BY 1, 2",
        countries,
    ).fetchall()
    rows, ids = _split(rows, explain)
    counted = {(r[0], int(r[1])): int(r[2]) for r in rows if r[1] is not None}
    explained = {(r[0], r[1]): i for r, i in zip(rows, ids or [[] for _ in rows], strict=True)}
    series = country_output_series(con, countries, q.years if q else None, q.area if q else None, counted)
    out = [(d.country, d.year, _tidy(d.works), d.source, _tidy(d.low), _tidy(d.high)) for d in series]
    out_ids = [explained.get((d.country, d.year), []) if d.source == "warehouse" else [] for d in series]
    reasons = sorted({d.reason for d in series if d.reason})
    note = "; ".join(reasons[:1] + [f"{len(reasons) - 1} more years unknown"] if len(reasons) > 1 else reasons)
    return (MetricTable("country_output", "Works per country and year (all, not only co-authored)",
                        ["country", "year", "works", "source", "low", "high"], out, out_ids if explain else None,
                        note=note), series)


def _tidy(x: float | None) -> float | int | None:
    """A count as a whole number, an estimate to one decimal."""
    if x is None:
        return None
    return int(x) if float(x).is_integer() else round(x, 1)


def denominator_notes(rows: list[CountryOutput]) -> list[str]:
    """Provenance of the shares: per country, where its output came from (query and date of a count)."""
    notes = []
    for country in dict.fromkeys(r.country for r in rows):
        mine = [r for r in rows if r.country == country]
        sources = sorted({r.source for r in mine})
        queries = sorted({f"{r.query} (retrieved {r.retrieved_on or 'date not stated'})" for r in mine if r.query})
        text = f"denominator {country}: {', '.join(sources)}"
        if queries:
            text += f"; {len(queries)} quer{'y' if len(queries) == 1 else 'ies'}, e.g. {queries[0]}"
        notes.append(text)
    return notes


def _pair_works_sql() -> str:
    """Works with an author in each of the two countries bound as its two parameters."""
    return ("(SELECT cx.work_id FROM wc cx JOIN wc cy ON cx.work_id = cy.work_id"
            " WHERE cx.country = ? AND cy.country = ?)")


def field_taxonomy(con: duckdb.DuckDBPyConnection) -> str | None:
    """The most specific taxonomy the selected works carry (WoS categories, then OpenAlex levels)."""
    for tax in FIELD_TAXONOMY_PREFERENCE:
        if con.execute("SELECT 1 FROM work_fields WHERE taxonomy = ? AND work_id IN (SELECT work_id FROM sel) LIMIT 1",
                       [tax]).fetchone():
            return tax
    return None


def top_fields(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool) -> MetricTable:
    """Top fields for the pair's co-authored works and for each country's works (one pass over work_fields)."""
    tax = field_taxonomy(con)
    cols = ["scope", "rank", "field", "works", "share_pct"]
    if tax is None:
        return MetricTable("top_fields", "Top fields", cols, [], [] if explain else None, note="no field data")
    pair = pair_label(q.a, q.b)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE scoped AS SELECT work_id, ? AS scope FROM pw"
        " UNION ALL SELECT work_id, country FROM wc WHERE country = ? OR country = ?",
        [pair, q.a, q.b],
    )
    sizes = dict(con.execute("SELECT scope, count(DISTINCT work_id) FROM scoped GROUP BY 1").fetchall())
    got = con.execute(
        "SELECT s.scope, f.field, count(DISTINCT f.work_id) AS n" + _ids(explain, "f.work_id") +
        " FROM work_fields f JOIN scoped s ON s.work_id = f.work_id WHERE f.taxonomy = ?"
        " GROUP BY 1, 2 QUALIFY row_number() OVER (PARTITION BY s.scope ORDER BY n DESC, f.field) <= ?",
        [tax, q.top],
    ).fetchall()
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
    return MetricTable("top_fields", f"Top fields ({tax})", cols, rows, ids if explain else None)


def _inst_sql(country_col: str) -> str:
    """(work, organisation rolled up to its top parent) for the pair's works, on one side."""
    return (
        "SELECT DISTINCT a.work_id, coalesce(i.parent_id, a.institution_id) AS org"
        " FROM authorships a JOIN pw ON pw.work_id = a.work_id"
        " LEFT JOIN institutions i ON i.institution_id = a.institution_id"
        f" WHERE a.institution_id IS NOT NULL AND {country_col} = ?"
    )


def top_institution_pairs(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool) -> MetricTable:
    """Institution pairs (A-side × B-side, rolled up to their top parent) by co-authored works."""
    csql = _country_sql(q.china_scope)
    rows = con.execute(
        f"WITH ia AS ({_inst_sql(csql)}), ib AS ({_inst_sql(csql)})"
        " SELECT coalesce(na.name, ia.org), coalesce(nb.name, ib.org), count(DISTINCT pw.work_id) AS n"
        + _ids(explain, "pw.work_id") +
        " FROM pw JOIN ia ON ia.work_id = pw.work_id JOIN ib ON ib.work_id = pw.work_id"
        " LEFT JOIN institutions na ON na.institution_id = ia.org"
        " LEFT JOIN institutions nb ON nb.institution_id = ib.org"
        " GROUP BY 1, 2 ORDER BY n DESC, 1, 2 LIMIT ?",
        [q.a, q.b, q.top],
    ).fetchall()
    rows, ids = _split(rows, explain)
    return MetricTable("top_institution_pairs", "Top institution pairs (rolled up to top parent)",
                       [f"institution_{q.a}", f"institution_{q.b}", "works"], rows, ids)


def companies(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool) -> MetricTable:
    """Companies among the pair's co-authors, with their most frequent partners on the other side."""
    csql = _country_sql(q.china_scope)
    got = con.execute(
        f"SELECT DISTINCT a.work_id, {csql} AS country, coalesce(i.parent_id, a.institution_id) AS org,"
        " coalesce(p.name, i.name) AS name, coalesce(p.type, i.type) AS type"
        " FROM authorships a JOIN pw ON pw.work_id = a.work_id"
        " LEFT JOIN institutions i ON i.institution_id = a.institution_id"
        " LEFT JOIN institutions p ON p.institution_id = i.parent_id"
        " WHERE a.institution_id IS NOT NULL AND (" + csql + " = ? OR " + csql + " = ?)",
        [q.a, q.b],
    ).fetchall()
    by_work: dict[str, list[tuple[str, str, str, str | None]]] = {}
    for work_id, country, org, name, typ in got:
        by_work.setdefault(work_id, []).append((country, org, name or org, typ))
    stats: dict[tuple[str, str], dict[str, Any]] = {}
    for work_id, orgs in by_work.items():
        for country, _org, name, typ in orgs:
            if typ != "company" and not _COMPANY.search(name):
                continue
            s = stats.setdefault((name, country), {"works": set(), "partners": {}})
            s["works"].add(work_id)
            for c2, _o2, n2, _t2 in orgs:
                if c2 != country:
                    s["partners"][n2] = s["partners"].get(n2, 0) + 1
    ranked = sorted(stats.items(), key=lambda kv: (-len(kv[1]["works"]), kv[0]))[: q.top]
    rows = [(name, country, len(s["works"]),
             "; ".join(f"{p} ({n})" for p, n in sorted(s["partners"].items(), key=lambda kv: (-kv[1], kv[0]))[:3]))
            for (name, country), s in ranked]
    ids = [sorted(s["works"]) for _, s in ranked] if explain else None
    return MetricTable("companies", "Companies among co-authors and their partners",
                       ["company", "country", "works", "top_partners"], rows, ids,
                       note="company = OpenAlex type 'company' or a company name pattern (Co Ltd, Inc, Huawei…)")


def top_funders(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool) -> MetricTable:
    rows = con.execute(
        "SELECT f.funder_name, count(DISTINCT f.work_id) AS n" + _ids(explain, "f.work_id") +
        " FROM work_funders f JOIN pw ON pw.work_id = f.work_id WHERE coalesce(f.funder_name, '') <> ''"
        " GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?",
        [q.top],
    ).fetchall()
    rows, ids = _split(rows, explain)
    return MetricTable("top_funders", "Top funders of co-authored works", ["funder", "works"], rows, ids)


def citation_impact(con: duckdb.DuckDBPyConnection, q: ResearchQuery, pairs: list[tuple[str, str]]) -> MetricTable:
    """Mean citations and share in the top 10% of their year (reference: all selected works of that year)."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE cit AS SELECT work_id, coalesce(cited_by_count, 0) AS c,"
        " percent_rank() OVER (PARTITION BY year ORDER BY coalesce(cited_by_count, 0)) AS pr,"
        " count(*) OVER (PARTITION BY year) AS n_year FROM sel"
    )
    rows = []
    groups: list[tuple[str, str, list[str]]] = [("all selected works", "(SELECT work_id FROM sel)", [])]
    groups += [(f"{c} (all)", "(SELECT work_id FROM wc WHERE country = ?)", [c]) for c in (q.a, q.b)]
    for x, y in pairs:
        main = (x, y) == (q.a, q.b)  # materialised as pw by select_works
        subquery, params = ("(SELECT work_id FROM pw)", []) if main else (_pair_works_sql(), [x, y])
        groups.append((pair_label(x, y), subquery, params))
    for label, subquery, params in groups:
        n, mean, top10 = con.execute(
            f"SELECT count(*), avg(c), avg(CASE WHEN pr >= 0.9 THEN 1 ELSE 0 END) FROM cit"
            f" WHERE work_id IN {subquery}", params).fetchone()
        rows.append((label, n, round(mean, 2) if mean is not None else None,
                     round(100 * top10, 1) if top10 is not None else None))
    return MetricTable("citation_impact", "Citation impact", ["group", "works", "mean_citations", "top10_pct"], rows,
                       note="top10_pct = share of works at or above the 90th citation percentile of their year")


def by_language(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool) -> MetricTable:
    """The pair's works by language: non-English (e.g. Chinese-language) works shown apart."""
    rows = con.execute(
        "SELECT coalesce(s.language, 'unknown') AS lang, s.year, count(DISTINCT s.work_id)" + _ids(explain) +
        " FROM sel s JOIN pw ON pw.work_id = s.work_id GROUP BY 1, 2 ORDER BY (lang = 'en'), 1, 2",
    ).fetchall()
    rows, ids = _split(rows, explain)
    return MetricTable("by_language", "Co-authored works by language (non-English first)",
                       ["language", "year", "works"], rows, ids)


def listed_collaborations(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool) -> MetricTable:
    """Co-authored works with an institution on a restricted-party list, per list and year
    (screening hits not rejected by an analyst; an institution's hit also flags its sub-units)."""
    rows = con.execute(
        "WITH hits AS (SELECT subject_id, coalesce(list_id, '') AS list_id FROM screening_hits"
        "   WHERE subject_kind = 'institution' AND coalesce(decision, '') <> 'rejected')"
        " SELECT h.list_id, s.year, count(DISTINCT s.work_id)" + _ids(explain) +
        " FROM sel s JOIN pw ON pw.work_id = s.work_id JOIN authorships a ON a.work_id = s.work_id"
        " LEFT JOIN institutions i ON i.institution_id = a.institution_id"
        " JOIN hits h ON h.subject_id = a.institution_id OR h.subject_id = i.parent_id"
        " GROUP BY 1, 2 ORDER BY 1, 2",
    ).fetchall()
    rows, ids = _split(rows, explain)
    n_hits = con.execute("SELECT count(*) FROM screening_hits").fetchone()[0]
    note = "" if n_hits else "no screening results in the warehouse: run `techties screen --warehouse`"
    return MetricTable("listed_collaborations", "Co-authored works with a listed institution, per list and year",
                       ["list", "year", "works"], rows, ids, note=note)


def compute_research(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool = False) -> ResearchResult:
    """All research metrics for a query."""
    select_works(con, q)
    pairs = [(q.a, q.b)]
    if q.baseline:
        pairs += [(q.a, q.baseline), (q.b, q.baseline)]
    result = ResearchResult(query=q)
    y = yearly(con, q, pairs, explain)
    countries = [q.a, q.b] + ([q.baseline] if q.baseline else [])
    outputs, denominators = country_output(con, countries, explain, q)
    result.tables += [
        y,
        summary(con, q, pairs, y, denominators),
        outputs,
        top_fields(con, q, explain),
        top_institution_pairs(con, q, explain),
        companies(con, q, explain),
        top_funders(con, q, explain),
        citation_impact(con, q, pairs),
        by_language(con, q, explain),
        listed_collaborations(con, q, explain),
    ]
    result.notes += denominator_notes(denominators)
    counted = pair_counts(con, pairs, q.years, q.area)
    if counted:
        sources = sorted({c.source for c in counted if c.source})
        result.tables.append(MetricTable(
            "openalex_counts", "Co-authored works per year as counted by OpenAlex (real, API)",
            ["pair", "year", "works", "area", "method", "retrieved_on"],
            [(c.pair, c.year, int(c.works) if c.works.is_integer() else c.works, c.area, c.method, c.retrieved_on)
             for c in counted],
            note="OpenAlex's own counts, not computed from the works loaded here. Queries: "
                 + "; ".join(query_templates(counted)) + (". Sources: " + "; ".join(sources) if sources else "")))
    n_sel, n_syn = con.execute("SELECT count(*), count(*) FILTER (WHERE synthetic) FROM sel").fetchone()
    result.notes.append(f"{n_sel} works selected (years {q.years or 'all'}, area {q.area or 'all'}, "
                        f"language {q.language or 'all'}, China scope {q.china_scope})")
    if n_syn:
        result.notes.append(f"SYNTHETIC: {n_syn} of these works are synthetic (generated in the OpenAlex schema)")
    return result
