"""The research brief, regenerated: gather every section from the warehouse and the curated data,
then write one self-contained HTML file, Markdown, one CSV per table and the figures as SVG.

Why one `Brief` object: the HTML, the Markdown and the CSVs must say the same thing, and the
dashboard's JSON API reuses the same sections. Every piece of text that comes from data (titles,
names, sectors) is untrusted: the templates autoescape it and the CSVs go through `write_csv`.

`--area ai` needs classifier scores; when the warehouse has none the brief falls back to the
taxonomy-based `ai-fields` area and says so at the top of the report (a brief that silently
changes its selection would be wrong; one that refuses to run on a fresh warehouse is useless).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape

from techties.metrics.provenance import warehouse_provenance
from techties.metrics.research import MetricTable, ResearchQuery, Selection, compute_research, pair_label, selection
from techties.report import figures
from techties.safety import write_csv

NO_DATA = "no data in this warehouse"
_PAIR_SQL = "SELECT cx.work_id FROM {wc} cx JOIN {wc} cy USING (work_id) WHERE cx.country = ? AND cy.country = ?"
AI_DRAGONS = {"SenseTime": r"sensetime|商汤", "Megvii": r"megvii|face\+\+|旷视", "Yitu": r"yitu|依图",
              "CloudWalk": r"cloudwalk|云从"}
WATCH_SECTORS = {
    "facial recognition": r"facial|face recognition|face\+\+|megvii|sensetime|ntechlab|findface|vision ?labs",
    "autonomous vehicles": r"autonomous|driverless|self-driving|unmanned vehicle|robotaxi",
    "smart cities": r"smart cit|safe cit|urban",
    "telecom": r"telecom|5g|huawei|zte|mobile network",
    "language models": r"language model|\bllm\b|natural language|speech|translation|gigachat|yandexgpt|ernie",
    "military AI": r"military|defen[cs]e|weapon|army|armed forces",
}
DEFENCE_SOE = r"rostec|rostekh|norinco|cetc|avic|casic|casc|almaz|kalashnikov|uralvagon|united aircraft|" \
              r"china electronics technology|china north industries|aviation industry corporation|" \
              r"ministry of defen[cs]e|central military commission|national university of defense technology|" \
              r"harbin institute of technology|beihang|northwestern polytechnical|bauman"


# -- records ---------------------------------------------------------------------------------------
@dataclass
class Table:
    """A table as the report shows it (and writes it to `<name>.csv`)."""

    name: str
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]
    note: str = ""
    work_ids: list[list[str]] | None = None


@dataclass
class Indicator:
    name: str
    value: str
    trend: str
    status: str  # computed | no data
    basis: str


@dataclass
class Brief:
    query: ResearchQuery
    area_requested: str | None
    area_used: str | None
    area_note: str
    command: str
    tables: dict[str, Table] = field(default_factory=dict)
    figures: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (caption, svg)
    indicators: list[Indicator] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def area_title(self) -> str | None:
        """How the area reads in a title: `AI` for the classifier, `AI fields` for the taxonomy."""
        return {"ai": "AI", "ai-fields": "AI fields"}.get(self.area_used or "", self.area_used)


# -- area --------------------------------------------------------------------------------------------
def resolve_area(con: duckdb.DuckDBPyConnection, area: str | None) -> tuple[str | None, str]:
    """`ai` falls back to `ai-fields` when the warehouse has no AI scores (and says so)."""
    if area == "ai":
        n = con.execute("SELECT count(*) FROM ai_scores WHERE area = 'ai'").fetchone()[0]
        if not n:
            return "ai-fields", ("No AI classifier scores in this warehouse (run `techties classify apply`): "
                                 "AI works are selected by taxonomy fields instead (--area ai-fields).")
    return area, ""


# -- helpers -----------------------------------------------------------------------------------------
def _table(t: MetricTable) -> Table:
    return Table(t.name, t.title, list(t.columns), t.as_dicts(), t.note, t.work_ids)


def _trend(values: list[float]) -> str:
    """Mean of the last third of the series against the first third: rising / falling / flat."""
    vals = [v for v in values if v is not None]
    if len(vals) < 2:
        return "n/a (fewer than two points)"
    k = max(len(vals) // 3, 1)
    early, late = sum(vals[:k]) / k, sum(vals[-k:]) / k
    if early == late:
        return "flat"
    if early == 0:
        return "rising (from zero)"
    change = 100 * (late - early) / abs(early)
    word = "rising" if change > 10 else "falling" if change < -10 else "flat"
    return f"{word} ({change:+.0f}% last vs first third of the years)"


def _money(v: float) -> str:
    return f"${v / 1e6:,.1f}M"


def _matches(pattern: str, *texts: str | None) -> bool:
    return any(t and re.search(pattern, t, re.IGNORECASE) for t in texts)


# -- research ----------------------------------------------------------------------------------------
def research_section(con: duckdb.DuckDBPyConnection, q: ResearchQuery) -> tuple[dict[str, Table], list[str]]:
    result = compute_research(con, q, explain=True)
    tables = {t.name: _table(t) for t in result.tables}
    non_en = ResearchQuery(**{**q.__dict__, "language": "non-en"})
    sub = compute_research(con, non_en, explain=True).table("top_institution_pairs")
    t1a = _table(sub)
    t1a.name, t1a.title = "non_english_institution_pairs", "Organisations in the non-English subset (Table 1A)"
    tables[t1a.name] = t1a
    return tables, result.notes


def yearly_figures(b: Brief) -> None:
    yearly = b.tables["yearly"].rows
    series: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for r in yearly:
        series[r["pair"]].append((r["year"], r["works"]))
    main = pair_label(b.query.a, b.query.b)
    b.figures["fig_pair_yearly"] = (f"Co-authored works per year, {main}",
                                    figures.line_chart({main: series.get(main, [])},
                                                       f"{main}: co-authored works per year", "works"))
    if len(series) > 1:
        b.figures["fig_baselines_yearly"] = (
            "Co-authored works per year, the pair and its baselines",
            figures.line_chart(dict(series), "The pair against its baselines", "works"))


# -- investment --------------------------------------------------------------------------------------
def load_deals(con: duckdb.DuckDBPyConnection, curated: Any) -> list[Any]:
    """Curated deals plus any other deals in the warehouse (e.g. Crunchbase imports), as DealRecords."""
    from techties.metrics.investment import deals_from_curated
    from techties.warehouse.loaders import deals_from_warehouse

    deals = deals_from_curated(curated) if curated is not None else []
    seen = {d.deal_id for d in deals}
    return deals + [d for d in deals_from_warehouse(con, curated) if d.deal_id not in seen]


def investment_section(b: Brief, deals: list[Any], curated: Any) -> Any:
    from techties.metrics.investment import investment_report

    rep = investment_report(deals, pair=(b.query.a, b.query.b), baseline=b.query.baseline, rule="whole",
                            years=None, curated=curated, ai_only=b.area_used in ("ai", "ai-fields"))
    rows = [{"direction": r.direction, "year": r.year, "value_usd": r.value_usd, "deals_disclosed": r.n_disclosed,
             "deals_undisclosed": r.n_undisclosed, "deal_ids": " ".join(r.deal_ids)} for r in rep.rows]
    b.tables["investment_by_direction"] = Table(
        "investment_by_direction", "Investment by direction and year (USD)",
        ["direction", "year", "value_usd", "deals_disclosed", "deals_undisclosed", "deal_ids"], rows,
        note=f"Attribution rule: {rep.rule_text}." + ("" if rows else f" {NO_DATA}."))
    b.tables["top_deals"] = Table("top_deals", "Largest deals between the pair",
                                  ["deal_id", "year", "direction", "target", "investors", "value_usd"],
                                  rep.top_deals)
    if rows:
        years_all = sorted({r["year"] for r in rows})
        dirs = [d for d in rep.totals if rep.totals[d]["n_disclosed"] or rep.totals[d]["n_undisclosed"]]
        val = {d: [sum(r["value_usd"] for r in rows if r["direction"] == d and r["year"] == y) / 1e6
                   for y in years_all] for d in dirs}
        b.figures["fig_investment"] = ("Disclosed investment by direction and year (USD millions, whole-round rule)",
                                       figures.grouped_bars(years_all, val, "Investment by direction", "USD M"))
    portfolio = []
    if curated is not None:
        funds = {o.org_id for o in curated.organisations.values() if o.type == "fund"}
        for d in curated.deals:
            for inv in d.investors:
                if inv.org in funds:
                    portfolio.append({"fund": curated.org(inv.org).name, "deal_id": d.deal_id,
                                      "announced_on": d.announced_on, "target": curated.org(d.target).name,
                                      "amount": d.amount, "currency": d.currency or "",
                                      "sectors": "; ".join(d.sectors), "sources": "; ".join(d.sources)})
    b.tables["fund_portfolio"] = Table("fund_portfolio", "Fund portfolio: deals of joint and state funds",
                                       ["fund", "deal_id", "announced_on", "target", "amount", "currency",
                                        "sectors", "sources"], sorted(portfolio, key=lambda r: r["announced_on"]),
                                       note="" if portfolio else NO_DATA)
    return rep


# -- initiatives ---------------------------------------------------------------------------------------
def initiatives_section(b: Brief, curated: Any) -> list[Any]:
    if curated is None:
        b.tables["initiatives"] = Table("initiatives", "Initiatives", ["id"], [], note=NO_DATA)
        return []
    from techties.metrics.initiatives import INITIATIVE_COLUMNS, initiative_rows, timeline

    mine = [i for i in curated.initiatives
            if {b.query.a, b.query.b} <= ({curated.org(p.org).country for p in i.parties}
                                          | {curated.ultimate_parent(p.org).country for p in i.parties})]
    mine.sort(key=lambda i: (i.started_on or "9999", i.initiative_id))
    b.tables["initiatives"] = Table("initiatives", "Initiatives between the pair (curated, with sources)",
                                    list(INITIATIVE_COLUMNS), initiative_rows(mine, curated, flat=True),
                                    note="" if mine else NO_DATA)
    for by in ("kind", "sector"):
        tl = timeline(mine, by=by)
        b.tables[f"initiatives_by_{by}"] = Table(f"initiatives_by_{by}", f"Initiatives per start year and {by}",
                                                 ["year", by, "count"], tl)
        years = sorted({r["year"] for r in tl if r["year"] is not None})
        keys = sorted({r[by] for r in tl})
        if years:
            series = {k: [sum(r["count"] for r in tl if r["year"] == y and r[by] == k) for y in years] for k in keys}
            b.figures[f"fig_initiatives_{by}"] = (f"Initiatives per start year, by {by}",
                                                  figures.stacked_bars(years, series, f"Initiatives by {by}", "count"))
    return mine


# -- screening -----------------------------------------------------------------------------------------
def screening_section(b: Brief, con: duckdb.DuckDBPyConnection) -> None:
    rows = [dict(zip(("list", "hits", "confirmed", "subjects"), r, strict=True)) for r in con.execute(
        "SELECT coalesce(list_id, '?'), count(*), count(*) FILTER (WHERE decision = 'confirmed'),"
        " count(DISTINCT subject_id) FROM screening_hits WHERE coalesce(decision, '') <> 'rejected'"
        " GROUP BY 1 ORDER BY 2 DESC").fetchall()]
    b.tables["screening_by_list"] = Table("screening_by_list", "Screening hits per list (not rejected)",
                                          ["list", "hits", "confirmed", "subjects"], rows,
                                          note="" if rows else f"{NO_DATA}: run `techties screen`")


# -- indicators ----------------------------------------------------------------------------------------
def _per_year(rows: list[dict[str, Any]], key: str, match: str, value: str = "works") -> dict[int, float]:
    return {r["year"]: r[value] for r in rows if r[key] == match}


def research_indicators(b: Brief, con: duckdb.DuckDBPyConnection, sel: Selection) -> list[Indicator]:
    q = b.query
    main = pair_label(q.a, q.b)
    yearly = _per_year(b.tables["yearly"].rows, "pair", main)
    out = []
    for c in (q.a, q.b):
        totals = _per_year(b.tables["country_output"].rows, "country", c)
        shares = [100 * yearly.get(y, 0) / totals[y] for y in sorted(totals) if totals[y]]
        total = sum(yearly.values())
        denom = None if None in totals.values() else sum(totals.values())  # an unknown year: no share
        out.append(Indicator(
            f"Share of {main} co-authored works in {c}'s output",
            f"{100 * total / denom:.2f}% ({total} of {denom})" if denom else NO_DATA,
            _trend(shares) if denom else "n/a", "computed" if denom else "no data",
            "co-authored works / all selected works with a(n) " + c + " author, per year"))
    cit = {r["group"]: r for r in b.tables["citation_impact"].rows}
    pair_cit, all_cit = cit.get(main), cit.get("all selected works")
    if pair_cit and pair_cit["works"]:
        per_year = con.execute(
            f"WITH pw AS ({_PAIR_SQL.format(wc=sel.countries)}),"  # noqa: S608 (constant SQL; values are parameters)
            f" ym AS (SELECT year, avg(coalesce(cited_by_count, 0)) AS m FROM {sel.works} GROUP BY 1)"  # noqa: S608
            " SELECT s.year, avg(coalesce(s.cited_by_count, 0)) / nullif(max(ym.m), 0)"
            f" FROM {sel.works} s JOIN pw USING (work_id) JOIN ym USING (year) GROUP BY 1 ORDER BY 1",
            [q.a, q.b]).fetchall()
        base = all_cit["mean_citations"] if all_cit else None
        rel = (pair_cit["mean_citations"] or 0) / base if base else None
        out.append(Indicator(
            "Citation impact of co-authored works",
            f"mean {pair_cit['mean_citations']} citations ({rel:.2f}× all selected works); "
            f"{pair_cit['top10_pct']}% in their year's top 10%" if rel is not None
            else f"mean {pair_cit['mean_citations']}",
            _trend([r[1] for r in per_year if r[1] is not None]), "computed",
            "mean citations relative to all selected works of the same year; trend of that ratio (recent years "
            "have had less time to be cited)"))
    else:
        out.append(Indicator("Citation impact of co-authored works", NO_DATA, "n/a", "no data", "citation_impact"))
    listed = b.tables["listed_collaborations"]
    n_hits = con.execute("SELECT count(*) FROM screening_hits").fetchone()[0]
    if n_hits:
        per = defaultdict(int)
        for r in listed.rows:
            per[r["year"]] += r["works"]
        ids = {w for wl in (listed.work_ids or []) for w in wl}
        out.append(Indicator("Co-authored works with a listed institution", f"{len(ids)} works",
                             _trend([per.get(y, 0) for y in sorted(yearly)]), "computed",
                             "screening hits on institutions (not rejected), per list: see the flagged table"))
    else:
        out.append(Indicator("Co-authored works with a listed institution", NO_DATA, "n/a", "no data",
                             "run `techties screen` to load screening hits"))
    return out


def investment_indicators(b: Brief, rep: Any, deals: list[Any], initiatives: list[Any], curated: Any,
                          con: duckdb.DuckDBPyConnection, sel: Selection) -> list[Indicator]:
    q = b.query
    out = []
    pair_dirs = [f"{q.a}→{q.b}", f"{q.b}→{q.a}"]
    if rep is not None and rep.n_deals:
        value = sum(rep.totals[d]["value_usd"] for d in pair_dirs)
        n_dis = sum(rep.totals[d]["n_disclosed"] for d in pair_dirs)
        n_und = sum(rep.totals[d]["n_undisclosed"] for d in pair_dirs)
        by_year: dict[int, float] = defaultdict(float)
        for r in rep.rows:
            if r.direction in pair_dirs:
                by_year[r.year] += r.value_usd
        years = range(min(by_year), max(by_year) + 1) if by_year else []
        out.append(Indicator("Disclosed investment between the pair (both directions)",
                             f"{_money(value)} in {n_dis} disclosed deals; {n_und} undisclosed",
                             _trend([by_year.get(y, 0.0) for y in years]), "computed", rep.rule_text))
    else:
        out.append(Indicator("Disclosed investment between the pair", NO_DATA, "n/a", "no data", "deals"))
    funds = [i for i in initiatives if i.kind == "fund"]
    if curated is not None:
        fy = Counter(i.year for i in funds if i.year)
        latest = max(fy) if fy else None
        value = f"{len(funds)} funds" + (f", latest started {latest}" if latest else "")
        out.append(Indicator("New joint funds", value,
                             _trend([fy.get(y, 0) for y in range(min(fy), max(fy) + 1)]) if fy else "n/a",
                             "computed" if funds else "no data", "curated initiatives of kind 'fund' with both "
                             "countries among the parties"))
    else:
        out.append(Indicator("New joint funds", NO_DATA, "n/a", "no data", "curated initiatives"))
    pair = {q.a, q.b}
    for sector, pattern in WATCH_SECTORS.items():
        hits_d = [d for d in deals if {d.target_country, *(i.country for i in d.investors)} >= pair
                  and _matches(pattern, d.target, " ".join(d.sectors), *(i.name for i in d.investors))]
        hits_i = [i for i in initiatives if _matches(pattern, i.title, i.summary, " ".join(i.sectors))]
        status = "computed" if (deals or initiatives) else "no data"
        years = sorted({int(d.announced_on[:4]) for d in hits_d if d.announced_on} | {i.year for i in hits_i if i.year})
        out.append(Indicator(
            f"Investment and initiatives in {sector}",
            f"{len(hits_d)} deals, {len(hits_i)} initiatives" if status == "computed" else NO_DATA,
            f"years {years[0]}–{years[-1]}" if years else "none found", status,
            f"keyword match on deal targets/sectors/investors and initiative titles/summaries: /{pattern}/"))
    for label, pattern in (("Partnerships with the four AI dragons", "|".join(AI_DRAGONS.values())),
                           ("Collaboration with defence SOEs and defence-linked universities", DEFENCE_SOE)):
        n_works = con.execute(
            f"WITH pw AS ({_PAIR_SQL.format(wc=sel.countries)})"  # noqa: S608 (constant SQL; values are parameters)
            " SELECT count(DISTINCT a.work_id) FROM authorships a JOIN pw USING (work_id)"
            " LEFT JOIN institutions i ON i.institution_id = a.institution_id"
            " WHERE regexp_matches(lower(coalesce(i.name, a.raw_affiliation, '')), ?)",
            [q.a, q.b, pattern]).fetchone()[0]
        n_init = sum(1 for i in initiatives if _matches(pattern, i.title, i.summary,
                                                         *(curated.org(p.org).name for p in i.parties)))
        n_deal = sum(1 for d in deals if {d.target_country, *(i.country for i in d.investors)} >= pair
                     and _matches(pattern, d.target, *(i.name for i in d.investors)))
        out.append(Indicator(label, f"{n_works} co-authored works, {n_deal} deals, {n_init} initiatives",
                             "see the tables for years", "computed",
                             f"name match on institutions of co-authored works, deal parties and initiative "
                             f"parties: /{pattern[:80]}…/" if len(pattern) > 80 else f"name match: /{pattern}/"))
    return out


# -- build ---------------------------------------------------------------------------------------------
def build_brief(con: duckdb.DuckDBPyConnection, q: ResearchQuery, command: str, curated: Any = "default") -> Brief:
    """Every section of the brief for query `q` (area already resolved or not: `ai` may fall back)."""
    if curated == "default":
        from techties.sources.curated import load_curated_dir
        curated = load_curated_dir()
    area_used, area_note = resolve_area(con, q.area)
    used = ResearchQuery(**{**q.__dict__, "area": area_used})
    b = Brief(query=used, area_requested=q.area, area_used=area_used, area_note=area_note, command=command)
    b.tables, b.notes = research_section(con, used)
    yearly_figures(b)
    deals = load_deals(con, curated)
    rep = investment_section(b, deals, curated) if deals else None
    if rep is None:
        b.tables["investment_by_direction"] = Table("investment_by_direction", "Investment by direction and year",
                                                    ["direction", "year", "value_usd"], [], note=NO_DATA)
    initiatives = initiatives_section(b, curated)
    screening_section(b, con)
    with selection(con, used) as sel:  # the metrics' temp tables, unique to this call and dropped after
        b.indicators = (research_indicators(b, con, sel)
                        + investment_indicators(b, rep, deals, initiatives, curated, con, sel))
    b.provenance = warehouse_provenance(con)
    if curated is not None:
        b.provenance["curated_on"] = curated.curated_on
    b.provenance["attribution_rule"] = (
        "papers: a work counts for a pair when it has at least one author affiliated in each country "
        "(whole counting, countries from institutions or parsed affiliation strings); investment: "
        + (rep.rule_text if rep else "n/a"))
    return b


def write_brief(b: Brief, out: Path) -> list[Path]:
    """brief.html (self-contained), report.md, one CSV per table, one SVG per figure."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for t in b.tables.values():
        rows = t.rows
        cols = list(t.columns)
        if t.work_ids is not None and len(t.work_ids) == len(rows):
            rows = [{**r, "work_ids": " ".join(ids)} for r, ids in zip(rows, t.work_ids, strict=True)]
            cols.append("work_ids")
        path = out / f"{t.name}.csv"
        write_csv(path, rows, cols)
        written.append(path)
    for name, (_caption, svg) in b.figures.items():
        path = out / f"{name}.svg"
        path.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + svg, encoding="utf-8")
        written.append(path)
    env = Environment(loader=PackageLoader("techties.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True))
    env.filters["cell"] = _cell
    ctx = {"b": b, "q": b.query, "main": pair_label(b.query.a, b.query.b),
           "generated": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()}
    html = env.get_template("brief.html.j2").render(**ctx, svg=_safe_svg)
    (out / "brief.html").write_text(html, encoding="utf-8")
    md_env = Environment(loader=PackageLoader("techties.report", "templates"), autoescape=False)
    md_env.filters["cell"] = _md_cell
    (out / "report.md").write_text(md_env.get_template("report.md.j2").render(**ctx), encoding="utf-8")
    return [out / "brief.html", out / "report.md", *written]


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:,.2f}"
    return str(v)


def _md_cell(v: Any) -> str:
    """Markdown table cell: text escaped so a name cannot break the table or inject HTML."""
    text = _cell(v)
    for ch in "\\|*_`[]<>#":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", " ")


def _safe_svg(svg: str) -> Any:
    """Our own matplotlib SVG (text inside is escaped by matplotlib) marked safe for inlining."""
    from markupsafe import Markup

    if re.search(r"<script|javascript:|https?://(?!www\.w3\.org)", svg, re.IGNORECASE):
        raise ValueError("refusing to inline an SVG with a script or an external reference")
    return Markup(svg)
