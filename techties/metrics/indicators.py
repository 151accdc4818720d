"""The indicators to watch (the research brief's conclusion, seed 004): 8 research and 10 investment
indicators, for the pair, area and years of a query. The report, the dashboard and `techties watch`
render or store these; they compute nothing themselves.

INTERFACE (shared by the report, the dashboard and `watch`; keep it stable):
    compute_indicators(con, q, research=None) -> list[Indicator]
Every indicator appears in every result, in the order of `INDICATORS`: where the data cannot
answer, `status` is "needs-data", `value` is None and `needs` says what data would. A value that
rests on fewer than `SMALL_N` records has status "small-numbers". `trend` compares the earlier
half of the years with the later half ("up: 4 (2016) -> 7 (2018)"; the middle year of an odd span
is in neither), `direction` is up | down | flat | n/a.

Sources of each indicator: the research tables of `compute_research` (works), the warehouse's
curated `initiatives`/`initiative_parties`, its `deals`/`deal_investors` and `organisation_owners`.
Keyword lists and organisation patterns are data files with their sources (`metrics/data/`).
Indicators are defined per area: research ones use the query's selection; deals and initiatives
are those of the area (`data/areas.yaml`), except joint funds, whose sectors are broad (a fund's
area shows in its deals). Investment values use the whole-round rule (the brief's totals), stated
in each note.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import duckdb
import yaml

from techties.metrics.research import ResearchQuery, ResearchResult, _country_sql, pair_label, selection

SMALL_N = 10  # fewer records than this behind a value: status "small-numbers"
INDICATOR_COLUMNS = ("id", "name", "value", "denominator", "trend", "status", "needs")


@dataclass(frozen=True)
class Indicator:
    id: str                      # stable slug, e.g. "pair_works"; `watch` keys its history on it
    name: str                    # what an analyst reads
    kind: str                    # research | investment
    value: float | None          # None when the data cannot answer
    denominator: float | None = None   # what a share or count is out of, where it has one
    unit: str = "count"          # count | works | pct | usd | ratio
    trend: str = ""              # e.g. "up: 3 (2010) -> 7 (2019)"
    status: str = "computed"     # computed | small-numbers | needs-data
    needs: str = ""              # with needs-data: the data that would answer
    records: tuple[str, ...] = field(default_factory=tuple)  # work / deal / initiative ids behind the value
    note: str = ""
    direction: str = "n/a"       # up | down | flat | n/a: the trend's direction
    drill: tuple[str, ...] = field(default_factory=tuple)  # works a share's drill-down opens (its numerator)
                                 # where `records` lists none (pair_share, citation_impact): see `indicator_drills`


def indicator_row(i: Indicator) -> dict[str, object]:
    """The columns of `indicators.csv`."""
    return {"id": i.id, "name": i.name, "value": i.value, "denominator": i.denominator, "trend": i.trend,
            "status": i.status, "needs": i.needs}


# -- data files ------------------------------------------------------------------------------------
@cache
def data_file(name: str) -> Any:
    """A YAML file of `techties/metrics/data/` (read once)."""
    return yaml.safe_load(resources.files("techties.metrics.data").joinpath(name).read_text(encoding="utf-8"))


@cache
def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def matches(pattern: str, *texts: str | None) -> bool:
    return any(t and _rx(pattern).search(t) for t in texts)


@dataclass(frozen=True)
class OrgPattern:
    name: str
    country: str | None
    pattern: str


def org_patterns(group: str) -> list[OrgPattern]:
    """The entries of one group of `data/organisations.yaml`."""
    entries = data_file("organisations.yaml")[group]["entries"]
    return [OrgPattern(e["name"], e.get("country"), e["pattern"]) for e in entries]


def org_match(patterns: Iterable[OrgPattern], name: str | None, country: str | None) -> str | None:
    """The first entry naming this organisation; an entry with a country needs that country."""
    for p in patterns:
        if (p.country is None or p.country == country) and matches(p.pattern, name):
            return p.name
    return None


def bilateral(a: str, b: str, text: str | None) -> bool:
    """Does the text name both countries ("Sino-Russian…", "Russia-China…", "中俄…")?"""
    names = data_file("country_names.yaml")
    if not text or a not in names or b not in names:
        return False
    return any(matches(p, text) for p in names[a]) and any(matches(p, text) for p in names[b])


def area_pattern(area: str | None) -> str | None:
    """The sector pattern of an area for deals and initiatives (None: every one)."""
    if not area or area == "all":
        return None
    areas = data_file("areas.yaml")
    spec = areas.get(area)
    if spec is not None:
        return areas[spec["same_as"]]["pattern"] if "same_as" in spec else spec["pattern"]
    _tax, _, fields = area.partition(":")
    words = [re.escape(f.strip()) for f in fields.split("|") if f.strip()]
    return r"\b(" + "|".join(words) + r")\b" if words else None


# -- trends ----------------------------------------------------------------------------------------
def halves(y1: int, y2: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The earlier and the later half of a span of years (the middle year of an odd span in neither)."""
    k = (y2 - y1 + 1) // 2
    if k < 1:
        return None
    return (y1, y1 + k - 1), (y2 - k + 1, y2)


def _span(y: tuple[int, int]) -> str:
    return str(y[0]) if y[0] == y[1] else f"{y[0]}–{y[1]}"


def _fmt(v: float, usd: bool = False) -> str:
    if usd:
        return f"${v / 1e6:,.1f}M"
    return f"{v:.0f}" if float(v).is_integer() else f"{v:.2f}"


def trend(num: Mapping[int, float], years: tuple[int, int] | None,
          den: Mapping[int, float] | None = None, pct: bool = False, usd: bool = False) -> tuple[str, str]:
    """(direction, text) of a per-year count or sum (USD with usd), or of num/den (×100 with pct),
    over the earlier and the later half of the years."""
    h = halves(*years) if years else None
    if h is None:
        return "n/a", "n/a: fewer than two years"
    vals = []
    for lo, hi in h:
        n = sum(num.get(y, 0) for y in range(lo, hi + 1))
        if den is None:
            vals.append(float(n))
            continue
        d = sum(den.get(y, 0) or 0 for y in range(lo, hi + 1))
        if not d:
            return "n/a", f"n/a: no denominator in {_span((lo, hi))}"
        vals.append(round((100 if pct else 1) * n / d, 2))
    early, late = vals
    direction = "up" if late > early else "down" if late < early else "flat"
    unit = "%" if pct else ""
    return direction, (f"{direction}: {_fmt(early, usd)}{unit} ({_span(h[0])}) -> "
                       f"{_fmt(late, usd)}{unit} ({_span(h[1])})")


def _status(n: int) -> str:
    return "small-numbers" if n < SMALL_N else "computed"


def _caveat(n: int) -> str:
    return f"rests on {n} record{'s' if n != 1 else ''}: read as indicative" if n < SMALL_N else ""


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _needs(id_: str, name: str, kind: str, needs: str, note: str = "") -> Indicator:
    return Indicator(id_, name, kind, None, status="needs-data", needs=needs, note=note)


# -- what the indicators read ----------------------------------------------------------------------
@dataclass
class Initiative:
    id: str
    kind: str
    title: str
    year: int | None
    status: str
    sectors: list[str]
    amount_usd: float | None
    summary: str
    parties: list[tuple[str, str | None]]  # (name, country)

    def text(self) -> str:
        return " ".join([self.title, self.summary, " ".join(self.sectors)])


@dataclass
class Context:
    """Everything the 18 indicators read, gathered once."""

    q: ResearchQuery
    years: tuple[int, int] | None        # the query's, else the span of the pair's works
    research: ResearchResult
    pair_works: dict[str, int]           # work id -> year
    authors: list[tuple[str, int, str | None, str]]  # pair works: (work, year, country, names)
    initiatives: list[Initiative]        # the pair's, every year and area
    deals: list[Any]                     # every deal in the warehouse (DealRecord)
    ownership: Any
    notes: list[str] = field(default_factory=list)

    def in_years(self, year: int | None) -> bool:
        """In the query's years (every dated record when the query has none)."""
        span = self.q.years
        return year is not None and (span is None or span[0] <= year <= span[1])


def _year(text: str | None) -> int | None:
    m = re.match(r"\s*(\d{4})", text or "")
    return int(m.group(1)) if m else None


def _initiatives(con: duckdb.DuckDBPyConnection, a: str, b: str) -> list[Initiative]:
    """The pair's initiatives: both countries among the parties, or a bilateral body among them."""
    parties: dict[str, list[tuple[str, str | None]]] = {}
    for iid, org, country in con.execute("SELECT initiative_id, org, country FROM initiative_parties").fetchall():
        parties.setdefault(iid, []).append((org or "", country))
    out = []
    for iid, kind, title, started, status, sectors, usd, summary in con.execute(
            "SELECT initiative_id, kind, title, started_on, status, sectors_json, amount_usd, summary"
            " FROM initiatives ORDER BY initiative_id").fetchall():
        ps = parties.get(iid, [])
        countries = {c for _, c in ps}
        if not ({a, b} <= countries or any(bilateral(a, b, n) for n, _ in ps) or bilateral(a, b, title)):
            continue
        out.append(Initiative(iid, kind or "", title or "", _year(started), status or "",
                              json.loads(sectors or "[]"), usd, summary or "", ps))
    return out


def _pair_authors(con: duckdb.DuckDBPyConnection, q: ResearchQuery) -> tuple[dict[str, int], list[Any]]:
    """The pair's works (id -> year) and their authors' countries and organisation names."""
    with selection(con, q) as s:
        works = dict(con.execute(f"SELECT pw.work_id, w.year FROM {s.pair} pw JOIN {s.works} w"
                                 " ON w.work_id = pw.work_id").fetchall())
        rows = con.execute(
            f"SELECT DISTINCT a.work_id, w.year, {_country_sql(q.china_scope)},"
            " concat_ws(' | ', i.name, p.name, a.raw_affiliation)"
            f" FROM authorships a JOIN {s.pair} pw ON pw.work_id = a.work_id JOIN {s.works} w ON w.work_id = a.work_id"
            " LEFT JOIN institutions i ON i.institution_id = a.institution_id"
            " LEFT JOIN institutions p ON p.institution_id = i.parent_id").fetchall()
    return works, rows


def _ownership(con: duckdb.DuckDBPyConnection) -> Any:
    """Ownership shares from the tables themselves, so that a Parquet export (views, not tables)
    answers like the warehouse; None when there are none."""
    from techties.metrics.investment import Ownership

    try:
        owners = con.execute("SELECT org_id, owner_id, share FROM organisation_owners").fetchall()
    except duckdb.CatalogException:  # a warehouse file older than the table
        return None
    if not owners:
        return None
    return Ownership.from_rows(con.execute("SELECT org_id, country_code, parent_id FROM organisations").fetchall(),
                               owners)


def gather(con: duckdb.DuckDBPyConnection, q: ResearchQuery, research: ResearchResult) -> Context:
    """Everything the indicators read, once: the pair's works and authors, initiatives, deals, owners."""
    from techties.warehouse.loaders import deals_from_warehouse

    works, authors = _pair_authors(con, q)
    years = q.years
    if years is None and works:
        years = (min(works.values()), max(works.values()))
    return Context(q, years, research, works, authors, _initiatives(con, q.a, q.b), deals_from_warehouse(con),
                   _ownership(con))


def _per_year(ids: Iterable[str], year_of: Mapping[str, int | None]) -> dict[int, float]:
    out: dict[int, float] = {}
    for i in ids:
        y = year_of.get(i)
        if y is not None:
            out[y] = out.get(y, 0) + 1
    return out


def _works_matching(ctx: Context, keep: Any) -> list[str]:
    """Pair works with an author for whom keep(country, names) is true."""
    return sorted({w for w, _y, country, names in ctx.authors if keep(country, names)})


def _works_indicator(ctx: Context, id_: str, name: str, ids: list[str], note: str) -> Indicator:
    """A count of the pair's works, out of all the pair's works, with its trend."""
    d, t = trend(_per_year(ids, ctx.pair_works), ctx.years)
    return Indicator(id_, name, "research", float(len(ids)), float(len(ctx.pair_works)), "works", t,
                     _status(len(ids)), records=tuple(ids), note=_join(note, _caveat(len(ids))), direction=d)


def _initiative_indicator(ctx: Context, id_: str, name: str, chosen: list[Initiative], note: str,
                          kind: str = "research") -> Indicator:
    ids = [i.id for i in chosen]
    d, t = trend(_per_year(ids, {i.id: i.year for i in chosen}), ctx.years)
    return Indicator(id_, name, kind, float(len(ids)), None, "initiatives", t, _status(len(ids)),
                     records=tuple(ids), note=_join(note, _caveat(len(ids))), direction=d)


def _in_scope(ctx: Context, items: Iterable[Initiative], area: bool = True) -> tuple[list[Initiative], int]:
    """Initiatives of the query's years (and area): the chosen ones and how many have no date."""
    pattern = area_pattern(ctx.q.area) if area else None
    chosen, undated = [], 0
    for i in items:
        if pattern and not matches(pattern, i.text()):
            continue
        if i.year is None:
            undated += 1
        elif ctx.in_years(i.year):
            chosen.append(i)
    return chosen, undated


def initiatives_in_scope(ctx: Context) -> tuple[list[Initiative], list[Initiative]]:
    """The pair's initiatives of the query's years and area (funds whatever their sectors), and the
    undated ones of the area, which no year range can place."""
    pattern = area_pattern(ctx.q.area)
    mine = [i for i in ctx.initiatives if i.kind == "fund" or not pattern or matches(pattern, i.text())]
    return [i for i in mine if ctx.in_years(i.year)], [i for i in mine if i.year is None]


def _undated(n: int) -> str:
    return f"{n} without a start date left out" if n else ""


# -- research indicators ---------------------------------------------------------------------------
def funded_agreements(ctx: Context) -> Indicator:
    spec = data_file("initiatives.yaml")["funded_agreements"]
    chosen, undated = _in_scope(ctx, [i for i in ctx.initiatives if i.kind in spec["kinds"] and i.amount_usd])
    ind = _initiative_indicator(
        ctx, "funded_agreements", "Research agreements with designated funding", chosen,
        _join("curated agreements, joint projects, labs and centres of the pair with a stated amount",
              _undated(undated)))
    return _with_needs(ind, "end dates of each agreement, to tell multi-year ones (not recorded in the curated data)")


def _with_needs(ind: Indicator, needs: str) -> Indicator:
    return Indicator(**{**ind.__dict__, "needs": needs})


def joint_ventures(ctx: Context) -> Indicator:
    spec = data_file("initiatives.yaml")["joint_ventures"]
    also = spec["also"]
    pool = [i for i in ctx.initiatives if i.kind in spec["kinds"]
            or (i.kind in also["kinds"] and matches(also["pattern"], i.title, i.summary))]
    chosen, undated = _in_scope(ctx, pool)
    return _initiative_indicator(ctx, "joint_ventures", "New joint research centres, degree programmes and schools",
                                 chosen, _join("curated joint labs, R&D centres and academic agreements naming a "
                                               "degree, school, institute or centre, by start year", _undated(undated)))


def pair_share(ctx: Context) -> Indicator:
    q = ctx.q
    out = ctx.research.table("country_output").as_dicts()
    summ = ctx.research.table("summary").as_dicts()[0]
    yearly = {r["year"]: r["works"] for r in ctx.research.table("yearly").as_dicts()
              if r["pair"] == pair_label(q.a, q.b)}
    den = {r["year"]: r["works"] for r in out if r["country"] == q.a}
    value = summ["share_of_first_pct"]
    n = int(summ["works"])
    if value is None:
        return _needs("pair_share", f"Share of {q.a}–{q.b} works in {q.a}'s and {q.b}'s output", "research",
                      f"{q.a}'s whole output per year (techties collect)", note=ctx.research.table("summary").note)
    d, t = trend(yearly, ctx.years, den, pct=True)
    total = sum(v for v in den.values() if v)
    ids = ctx.research.table("summary").work_ids
    return Indicator("pair_share", f"Share of {q.a}–{q.b} works in {q.a}'s and {q.b}'s output", "research",
                     value, float(total), "pct", t, _status(n),
                     note=_join(f"{q.a}: {value}% of {_fmt(total)} works; {q.b}: {summ['share_of_second_pct']}%",
                                _caveat(n)), direction=d, drill=tuple(ids[0]) if ids else ())


def citation_impact(ctx: Context, con: duckdb.DuckDBPyConnection) -> Indicator:
    q = ctx.q
    rows = {r["group"]: r for r in ctx.research.table("citation_impact").as_dicts()}
    mine, every = rows.get(pair_label(q.a, q.b)), rows.get("all selected works")
    if not mine or not mine["works"]:
        return _needs("citation_impact", "Highly cited co-authored works (top 10% of their year)", "research",
                      "co-authored works with citation counts in the selection")
    with selection(con, q) as s:  # each pair work with its year and whether it is in its year's top 10%
        ranked = con.execute(
            f"WITH cit AS (SELECT work_id, year, percent_rank() OVER (PARTITION BY year ORDER BY"
            f" coalesce(cited_by_count, 0)) AS pr FROM {s.works})"
            f" SELECT cit.work_id, cit.year, CASE WHEN pr >= 0.9 THEN 1 ELSE 0 END FROM cit JOIN {s.pair} pw"
            " ON pw.work_id = cit.work_id").fetchall()
    works: dict[int, float] = {}
    tops: dict[int, float] = {}
    for _w, y, is_top in ranked:
        works[y] = works.get(y, 0) + 1
        tops[y] = tops.get(y, 0) + is_top
    top = sorted(w for w, _y, is_top in ranked if is_top)  # the numerator's works, for the drill-down
    d, t = trend(tops, ctx.years, works, pct=True)
    rel = (f"mean {mine['mean_citations']} citations, {round(mine['mean_citations'] / every['mean_citations'], 2)}× "
           "all selected works" if every and every["mean_citations"] else f"mean {mine['mean_citations']} citations")
    n = int(mine["works"])
    return Indicator("citation_impact", "Highly cited co-authored works (top 10% of their year)", "research",
                     mine["top10_pct"], float(n), "pct", t, _status(n),
                     note=_join(rel, "recent years have had less time to be cited", _caveat(n)), direction=d,
                     drill=tuple(top))


def joint_centre_output(ctx: Context) -> Indicator:
    q = ctx.q
    words = data_file("organisations.yaml")["joint_centre_words"]["pattern"]
    ids = _works_matching(ctx, lambda _c, names: bilateral(q.a, q.b, names) and matches(words, names))
    return _works_indicator(ctx, "joint_centre_output", f"Output of joint {q.a}–{q.b} centres", ids,
                            "co-authored works with an affiliation naming both countries and a centre, institute, "
                            "laboratory or school (data/country_names.yaml)")


def company_centre_output(ctx: Context, con: duckdb.DuckDBPyConnection) -> Indicator:
    q = ctx.q
    entries = [e for e in org_patterns("company_centres") if e.country in (q.a, q.b)]
    name = "Output of companies' research centres in the partner country (Huawei in Russia)"
    if not entries:
        return _needs("company_centre_output", name, "research",
                      f"companies of {q.a} or {q.b} with research centres in the other (data/organisations.yaml)")
    ids: set[str] = set()
    year_of: dict[str, int] = {}
    with selection(con, q) as s:
        for e in entries:
            host = q.b if e.country == q.a else q.a
            for wid, year in con.execute(
                    f"SELECT DISTINCT a.work_id, w.year FROM authorships a JOIN {s.works} w ON w.work_id = a.work_id"
                    " LEFT JOIN institutions i ON i.institution_id = a.institution_id"
                    f" WHERE {_country_sql(q.china_scope)} = ?"
                    " AND regexp_matches(concat_ws(' | ', i.name, a.raw_affiliation), ?, 'i')",
                    [host, e.pattern]).fetchall():
                ids.add(wid)
                year_of[wid] = year
    hosts = {q.b if e.country == q.a else q.a for e in entries}
    den = sum(r["warehouse_works"] for r in ctx.research.table("country_output").as_dicts() if r["country"] in hosts)
    d, t = trend(_per_year(ids, year_of), ctx.years)
    n = len(ids)
    return Indicator("company_centre_output", name, "research", float(n), float(den), "works", t,
                     _status(n), records=tuple(sorted(ids)),
                     note=_join(", ".join(e.name for e in entries) + " affiliations located in the partner country "
                                "(denominator: the partner country's works in the selection)", _caveat(n)),
                     direction=d)


def listed_collaborations(ctx: Context) -> Indicator:
    t = ctx.research.table("listed_collaborations")
    ids = sorted({w for ws in (t.work_ids or []) for w in ws})
    return _works_indicator(ctx, "listed_collaborations", "Co-authored works with a listed institution", ids,
                            _join("screening hits not rejected, from the listing year on", t.note))


def defence_research(ctx: Context) -> Indicator:
    patterns = org_patterns("defence_research")
    ids = _works_matching(ctx, lambda c, names: org_match(patterns, names, c) is not None)
    return _works_indicator(ctx, "defence_research", "Co-authored works with defence-affiliated research institutions",
                            ids, "affiliations matching a ministry of defence, the ERA technopolis or a military "
                                 "academy of the author's own country (data/organisations.yaml)")


# -- investment ------------------------------------------------------------------------------------
def _deal_names(deal: Any) -> list[tuple[str, str | None]]:
    return [(deal.target, deal.target_country)] + [(i.name, i.country) for i in deal.investors]


def _in_area(deal: Any, area: str | None) -> bool:
    pattern = area_pattern(area)
    if pattern is None:
        return True
    if area in ("ai", "ai-fields") and deal.ai_related:
        return True
    return matches(pattern, " ".join(deal.sectors), deal.target)


def deals_in_scope(ctx: Context) -> list[Any]:
    """Every deal of the query's years and area, whatever its direction (a report filters directions)."""
    return [d for d in ctx.deals if ctx.in_years(_year(d.announced_on)) and _in_area(d, ctx.q.area)]


def pair_deals(ctx: Context, area: bool = True) -> list[Any]:
    """Deals between the pair in the query's years (and area): a target of one country and an
    investor of the other (the whole-round rule's directions)."""
    a, b = ctx.q.a, ctx.q.b
    out = []
    for d in ctx.deals:
        countries = {i.country for i in d.investors}
        between = (d.target_country == a and b in countries) or (d.target_country == b and a in countries)
        if between and ctx.in_years(_year(d.announced_on)) and (not area or _in_area(d, ctx.q.area)):
            out.append(d)
    return out


def _usd(deal: Any) -> float | None:
    from techties.metrics.investment import to_usd

    return to_usd(deal.amount, deal.currency, deal.announced_on).usd if deal.disclosed else None


def _deal_years(deals: Iterable[Any]) -> dict[str, int | None]:
    return {d.deal_id: _year(d.announced_on) for d in deals}


RULE_NOTE = "whole-round rule: a deal's full disclosed value for each direction"


def pair_investment(ctx: Context) -> Indicator:
    q = ctx.q
    deals = pair_deals(ctx)
    disclosed = [d for d in deals if _usd(d) is not None]
    value = sum(_usd(d) or 0.0 for d in disclosed)
    per_year: dict[int, float] = {}
    for d in disclosed:
        y = _year(d.announced_on)
        per_year[y] = per_year.get(y, 0.0) + (_usd(d) or 0.0)  # type: ignore[index]
    dr, t = trend(per_year, ctx.years, usd=True)
    n = len(deals)
    return Indicator("pair_investment", f"Disclosed {q.a}–{q.b} investment (both directions)", "investment",
                     round(value, 2), None, "usd", t, _status(n), records=tuple(d.deal_id for d in deals),
                     note=_join(f"{len(disclosed)} disclosed and {n - len(disclosed)} undisclosed deals",
                                RULE_NOTE, _caveat(n)), direction=dr)


def _between(ctx: Context, x: str, y: str) -> list[Any]:
    sub = Context(**{**ctx.__dict__, "q": ResearchQuery(**{**ctx.q.__dict__, "a": x, "b": y})})
    return pair_deals(sub)


def baseline_share(ctx: Context) -> Indicator:
    q = ctx.q
    name = f"{q.a}–{q.b} investment against {q.a}–{q.baseline or 'baseline'} investment"
    global_needs = f"{q.a}'s and {q.b}'s whole investment portfolios in the area, all destinations (Crunchbase)"
    if not q.baseline:
        return _needs("baseline_share", name, "investment", "a baseline country (--baseline US); " + global_needs)
    mine = sum(_usd(d) or 0.0 for d in pair_deals(ctx))
    base_deals = _between(ctx, q.a, q.baseline)
    base = sum(_usd(d) or 0.0 for d in base_deals)
    if not base:
        return _needs("baseline_share", name, "investment",
                      f"disclosed {q.a}–{q.baseline} deals in the warehouse; " + global_needs)
    n = len(pair_deals(ctx)) + len(base_deals)
    return Indicator("baseline_share", name, "investment", round(100 * mine / base, 2), round(base, 2), "pct",
                     "n/a: one value for the years", _status(n), global_needs,
                     records=tuple(dict.fromkeys(d.deal_id for d in pair_deals(ctx) + base_deals)),
                     note=_join(f"disclosed value of {q.a}–{q.b} deals as % of {q.a}–{q.baseline} deals "
                                f"({len(base_deals)} deals)", RULE_NOTE, _caveat(n)))


def new_joint_funds(ctx: Context) -> Indicator:
    funds = [i for i in ctx.initiatives if i.kind == "fund" and i.status != "stalled"]
    chosen, undated = _in_scope(ctx, funds, area=False)
    total = sum(i.amount_usd or 0.0 for i in chosen)
    stalled = sum(1 for i in ctx.initiatives if i.kind == "fund" and i.status == "stalled")
    return _initiative_indicator(
        ctx, "new_joint_funds", "New joint funds and ventures (on the order of RCIF)", chosen,
        _join(f"curated funds of the pair by start year, ${total / 1e6:,.0f}M stated in all",
              f"{stalled} stalled left out" if stalled else "", _undated(undated),
              "every sector: a fund's area shows in its deals"), kind="investment")


def disclosure(ctx: Context) -> Indicator:
    deals = pair_deals(ctx)
    if not deals:
        return _needs("disclosure", "Share of the pair's deals with an undisclosed value", "investment",
                      "deals between the pair in the years (Crunchbase, curated deals)")
    hidden = [d.deal_id for d in deals if _usd(d) is None]
    years = _deal_years(deals)
    d, t = trend(_per_year(hidden, years), ctx.years, _per_year([x.deal_id for x in deals], years), pct=True)
    return Indicator("disclosure", "Share of the pair's deals with an undisclosed value", "investment",
                     round(100 * len(hidden) / len(deals), 2), float(len(deals)), "pct", t, _status(len(deals)),
                     records=tuple(hidden), direction=d,
                     note=_join("a rising share: less transparency (state-owned or deliberate)", _caveat(len(deals))))


def _sector_hits(ctx: Context, pattern: str) -> tuple[list[Any], list[Initiative]]:
    deals = [d for d in pair_deals(ctx) if matches(pattern, d.target, " ".join(d.sectors),
                                                   *(i.name for i in d.investors))]
    inits, _ = _in_scope(ctx, [i for i in ctx.initiatives if matches(pattern, i.text())])
    return deals, inits


def _records_indicator(ctx: Context, id_: str, name: str, deals: list[Any], inits: list[Initiative],
                       works: list[str], note: str, denominator: float | None = None) -> Indicator:
    years = {**_deal_years(deals), **{i.id: i.year for i in inits}, **ctx.pair_works}
    ids = [d.deal_id for d in deals] + [i.id for i in inits] + works
    d, t = trend(_per_year(ids, years), ctx.years)
    n = len(ids)
    return Indicator(id_, name, "investment", float(n), denominator, "records", t, _status(n), records=tuple(ids),
                     direction=d, note=_join(f"{len(deals)} deals, {len(inits)} initiatives"
                                             + (f", {len(works)} co-authored works" if works else ""), note,
                                             _caveat(n)))


def watch_sectors(ctx: Context) -> Indicator:
    sectors = data_file("watch_sectors.yaml")["sectors"]
    deals, inits = _sector_hits(ctx, "|".join(f"(?:{p})" for p in sectors.values()))
    per = []
    for label, p in sectors.items():
        dd, ii = _sector_hits(ctx, p)
        if dd or ii:
            per.append(f"{label} {len(dd) + len(ii)}")
    n_deals, n_inits = len(pair_deals(ctx)), len(_in_scope(ctx, ctx.initiatives)[0])
    # the denominator said in words: "10 records (of 32)" left the 32 unexplained
    return _records_indicator(ctx, "watch_sectors", "Deals and initiatives in the sectors of concern", deals, inits, [],
                              "by sector: " + (", ".join(per) or "none")
                              + f"; out of the pair's {n_deals} deals and {n_inits} initiatives in scope",
                              float(n_deals + n_inits))


def data_sharing(ctx: Context) -> Indicator:
    pattern = data_file("initiatives.yaml")["data_sharing"]["pattern"]
    chosen, _ = _in_scope(ctx, [i for i in ctx.initiatives if matches(pattern, i.text())], area=False)
    name = "Data-sharing agreements and exceptions to data localisation"
    if not chosen:
        return _needs("data_sharing", name, "investment",
                      "a record of data-sharing agreements and data-localisation exceptions between the pair "
                      "(none among the curated initiatives)")
    return _initiative_indicator(ctx, "data_sharing", name, chosen, "curated initiatives naming data sharing",
                                 kind="investment")


def joint_fund_portfolio(ctx: Context) -> Indicator:
    from techties.metrics.investment import ownership_countries

    q = ctx.q
    name = "Growth of the joint funds' portfolio (RCIF)"
    needs = "each joint fund's assets under management per year (not published as a series)"
    if ctx.ownership is None:
        return _needs("joint_fund_portfolio", name, "investment", "fund ownership (techties ingest-curated); " + needs)
    joint = {oid for oid in ctx.ownership.home
             if {q.a, q.b} <= {c for c, share in ownership_countries(ctx.ownership, oid, None).items() if share > 0}}
    deals = [d for d in ctx.deals if any(i.org_id in joint for i in d.investors)
             and ctx.in_years(_year(d.announced_on)) and _in_area(d, q.area)]
    if not joint or not deals:
        return _needs("joint_fund_portfolio", name, "investment",
                      f"deals of funds owned by both {q.a} and {q.b} in the years; " + needs)
    per_year: dict[int, float] = {}
    for d in deals:
        per_year[_year(d.announced_on)] = per_year.get(_year(d.announced_on), 0.0) + (_usd(d) or 0.0)  # type: ignore
    value = sum(per_year.values())
    dr, t = trend(per_year, ctx.years, usd=True)
    return Indicator("joint_fund_portfolio", name, "investment", round(value, 2), None, "usd", t, _status(len(deals)),
                     needs, records=tuple(d.deal_id for d in deals), direction=dr,
                     note=_join(f"disclosed value of {len(deals)} deals of the joint funds "
                                f"({', '.join(sorted(joint))}) in the area", RULE_NOTE, _caveat(len(deals))))


def dragons_and_facial(ctx: Context) -> Indicator:
    dragons = org_patterns("ai_dragons")
    facial = data_file("watch_sectors.yaml")["sectors"]["facial recognition"]
    either = "|".join([f"(?:{facial})"] + [f"(?:{p.pattern})" for p in dragons])
    deals, inits = _sector_hits(ctx, either)
    works = _works_matching(ctx, lambda c, names: org_match(dragons, names, c) is not None)
    return _records_indicator(ctx, "dragons_and_facial", "Facial recognition and partnerships with the AI dragons",
                              deals, inits, works, "SenseTime, Megvii, Yitu, CloudWalk; facial recognition")


def defence_soe(ctx: Context) -> Indicator:
    soe = org_patterns("defence_soe")
    deals = [d for d in pair_deals(ctx, area=False) if any(org_match(soe, n, c) for n, c in _deal_names(d))]
    inits, _ = _in_scope(ctx, [i for i in ctx.initiatives if any(org_match(soe, n, c) for n, c in i.parties)
                               or any(matches(p.pattern, i.title) for p in soe)], area=False)
    works = _works_matching(ctx, lambda c, names: org_match(soe, names, c) is not None)
    return _records_indicator(ctx, "defence_soe", "Collaboration involving state-owned defence companies", deals,
                              inits, works, "Rostec, CETC and other defence primes, matched on their own country")


def _after(ctx: Context, year: int | None, agreed: int) -> bool:
    """Dated after the agreement and not after the query's last year."""
    return year is not None and year > agreed and (ctx.q.years is None or year <= ctx.q.years[1])


def named_partnerships(ctx: Context) -> Indicator:
    q = ctx.q
    named = [p for p in data_file("named_partnerships.yaml")["partnerships"] if {q.a, q.b} <= set(p["parties"])]
    name = "Follow-through on named corporate partnerships"
    if not named:
        return _needs("named_partnerships", name, "investment", f"named {q.a}–{q.b} partnerships "
                      "(data/named_partnerships.yaml)")
    done: list[str] = []
    records: list[str] = []
    for p in named:
        pa, pb = p["parties"][q.a], p["parties"][q.b]
        later = [d.deal_id for d in ctx.deals if _after(ctx, _year(d.announced_on), p["agreed"])
                 and any(matches(pa, n) for n, _ in _deal_names(d)) and any(matches(pb, n) for n, _ in _deal_names(d))]
        later += [i.id for i in ctx.initiatives if _after(ctx, i.year, p["agreed"])
                  and matches(pa, i.title, *(n for n, _ in i.parties))
                  and matches(pb, i.title, *(n for n, _ in i.parties))]
        if later:
            done.append(p["name"])
            records += later
    return Indicator("named_partnerships", name, "investment", float(len(done)), float(len(named)), "count",
                     "n/a: each partnership once", _status(len(named)), records=tuple(records),
                     note=_join("partnerships with a deal or initiative dated after the agreement: "
                                + (", ".join(done) or "none"), _caveat(len(named))))


INDICATORS = (
    "funded_agreements", "joint_ventures", "pair_share", "citation_impact", "joint_centre_output",
    "company_centre_output", "listed_collaborations", "defence_research",
    "pair_investment", "baseline_share", "new_joint_funds", "disclosure", "watch_sectors", "data_sharing",
    "joint_fund_portfolio", "dragons_and_facial", "defence_soe", "named_partnerships",
)


def compute_indicators(con: duckdb.DuckDBPyConnection, q: ResearchQuery,
                       research: ResearchResult | None = None) -> list[Indicator]:
    """All 18 indicators for a query (pass `research` when it is already computed with explain=True)."""
    from techties.metrics.research import compute_research

    research = research if research is not None and _explained(research) else compute_research(con, q, explain=True)
    return indicators_of(gather(con, q, research), con)


def indicators_of(ctx: Context, con: duckdb.DuckDBPyConnection) -> list[Indicator]:
    """The 18 indicators from gathered data (compute_pair gathers once for indicators and slices)."""
    out = [funded_agreements(ctx), joint_ventures(ctx), pair_share(ctx), citation_impact(ctx, con),
           joint_centre_output(ctx), company_centre_output(ctx, con), listed_collaborations(ctx), defence_research(ctx),
           pair_investment(ctx), baseline_share(ctx), new_joint_funds(ctx), disclosure(ctx), watch_sectors(ctx),
           data_sharing(ctx), joint_fund_portfolio(ctx), dragons_and_facial(ctx), defence_soe(ctx),
           named_partnerships(ctx)]
    assert tuple(i.id for i in out) == INDICATORS
    return out


def _explained(r: ResearchResult) -> bool:
    return all(t.work_ids is not None for t in r.tables if t.name in ("yearly", "listed_collaborations"))


# -- drill-down ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IndicatorDrill:
    """What clicking an indicator's value opens: the works, deals and initiatives behind it, what they
    are of the figure (`counts`), and what cannot be opened (`note`: a denominator that is OpenAlex's
    count, not records; a value the data cannot give)."""

    id: str
    works: tuple[str, ...]
    deals: tuple[str, ...]
    initiatives: tuple[str, ...]
    counts: str
    note: str = ""

    @property
    def n(self) -> int:
        return len(self.works) + len(self.deals) + len(self.initiatives)


def _denominator_note(ctx: Context, country: str) -> str:
    """Where a share's denominator (the country's output) comes from: records, or OpenAlex's counts."""
    rows = [r for r in ctx.research.table("country_output").as_dicts() if r["country"] == country]
    counted = sorted({r["source"] for r in rows if r["source"] != "warehouse"})
    if counted:
        return (f"denominator: {country}'s output, counted by {' and '.join(counted)} (OpenAlex's counts, not "
                "records in this warehouse): it cannot be opened")
    return f"denominator: {country}'s works in this warehouse (country_output drills down to them)"


# What the records a drill-down opens are of the figure, in words ({n}: how many; {of}: the denominator):
# by the indicator's id where its records are a part of it, else by its unit, else a plain count.
_COUNTS_BY_ID = {
    "pair_share": "the {n} co-authored works of the share's numerator",
    "citation_impact": "the {n} of {of} co-authored works in the top 10% of their year",
    "disclosure": "the {n} of {of} deals with no disclosed value",
    "named_partnerships": "the {n} deals and initiatives dated after a named partnership's agreement",
}
_COUNTS_BY_UNIT = {
    "usd": "the {n} deals whose disclosed values are summed (undisclosed ones listed, with no value)",
    "pct": "the {n} deals whose disclosed values are compared",
}


def _counts(i: Indicator, n: int) -> str:
    """What the records a drill-down opens are of the figure, in words (their number equals it for counts)."""
    words = _COUNTS_BY_ID.get(i.id) or _COUNTS_BY_UNIT.get(i.unit) or "the {n} records counted"
    return words.format(n=n, of=_fmt(i.denominator or 0))


def indicator_drills(ctx: Context, indicators: Iterable[Indicator]) -> dict[str, IndicatorDrill]:
    """Indicator id -> its drill-down: its records (or, for a share of works, its numerator's works) split
    into works, deals and initiatives. Computed here, so that the dashboard only renders."""
    deal_ids = {d.deal_id for d in ctx.deals}
    initiative_ids = {i.id for i in ctx.initiatives}
    out = {}
    for i in indicators:
        ids = i.drill or i.records
        deals = tuple(r for r in ids if r in deal_ids)
        inits = tuple(r for r in ids if r in initiative_ids and r not in deal_ids)
        works = tuple(r for r in ids if r not in deal_ids and r not in initiative_ids)
        notes = [f"no value: needs {i.needs}" if i.status == "needs-data" else ""]
        if i.id == "pair_share" and i.value is not None:
            if len(works) < (ctx.research.table("summary").as_dicts()[0]["works"] or 0):  # a total counted, not fetched
                notes.append("the pair's works were counted by OpenAlex, not fetched: they cannot be opened")
            notes.append(_denominator_note(ctx, ctx.q.a))
        out[i.id] = IndicatorDrill(i.id, works, deals, inits, _counts(i, len(ids)), _join(*notes))
    return out
