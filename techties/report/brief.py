"""The research brief: render one view of a country pair (`metrics.pair.compute_pair`) and the
investment, initiative and screening slices of the same query, as one self-contained HTML file,
Markdown, one CSV per table and the figures as SVG.

Why it computes nothing: the brief, the dashboard and `techties watch` must quote the same
numbers, so every figure comes from `techties.metrics`; this module only arranges, words and
formats them. Every piece of text that comes from data (titles, names, sectors) is untrusted:
the templates autoescape it, the CSVs go through `write_csv`, and only https links are made.

`--area ai` on a warehouse without classifier scores falls back to `ai-fields`
(`metrics.area.area_with_fallback`), and the brief says so at the top.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import duckdb
from jinja2 import Environment, PackageLoader, select_autoescape

from techties.metrics.denominators import ShareDenominator
from techties.metrics.export import indicator_csv
from techties.metrics.indicators import Indicator
from techties.metrics.research import MetricTable, ResearchQuery, empty_reason, pair_label
from techties.metrics.synthetic import SyntheticCount, indicator_synthetic, synthetic_count, works_phrase
from techties.report import figures
from techties.safety import write_csv
from techties.terminal import safe

DEFAULT_RULE = "whole"
SAFE_URL = re.compile(r"https://[^\s<>\"'`\\]+")  # a link we print: https, nothing that could end the markup


# -- records ---------------------------------------------------------------------------------------
@dataclass
class Table:
    """A table as the report shows it: `rows` are written to `<name>.csv` with `columns`; the page
    shows `show_columns` of `shown` (formatted cells; default: the rows as they are)."""

    name: str
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]
    note: str = ""
    work_ids: list[list[str]] | None = None
    synthetic: SyntheticCount | None = None
    empty_why: str = ""          # said instead of an empty table
    show_columns: list[str] | None = None
    shown: list[dict[str, Any]] | None = None

    @property
    def display_columns(self) -> list[str]:
        return self.show_columns or self.columns

    @property
    def display_rows(self) -> list[dict[str, Any]]:
        return self.shown if self.shown is not None else self.rows

    @property
    def synthetic_note(self) -> str:
        return self.synthetic.sentence() if self.synthetic else ""


@dataclass(frozen=True)
class SourceRef:
    """One entry of the numbered source list."""

    number: int
    source_id: str
    title: str
    publisher: str | None
    published_on: str | None
    url: str | None  # https only
    cited_in: str | None = None  # where the seed documents cite it, e.g. "ASPI 2019 note 42"


@dataclass
class Brief:
    query: ResearchQuery
    area_requested: str | None
    area_used: str | None
    area_note: str
    command: str
    rule: str = DEFAULT_RULE
    rule_text: str = ""
    tables: dict[str, Table] = field(default_factory=dict)
    figures: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (caption, svg)
    indicators: list[Indicator] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)
    sources: list[SourceRef] = field(default_factory=list)
    pair_synthetic: SyntheticCount | None = None  # the main pair's co-authored works
    indicator_synthetic: dict[str, SyntheticCount] = field(default_factory=dict)  # id -> synthetic works behind it

    @property
    def csv_stamp(self) -> dict[str, str]:
        """The stamp's as-of date, data and versions as the columns that end every row of the brief's CSVs
        (before `work_ids`), named as `research --format csv` names them: a CSV opened alone, like a table
        cut out of the page, says what it rests on."""
        p = self.provenance
        data = "; ".join(f"{s.get('source')} as of {s.get('as_of_max') or 'unknown'}" for s in p.get("sources", []))
        curated = max((d for d in (p.get("curated_on") or {}).values() if d), default=None)
        return {"as_of": p.get("as_of") or "unknown",
                "data": (data or "none") + (f"; curated data {curated}" if curated else ""),
                "ai_model": ", ".join(p.get("ai_model_versions") or []) or "none",
                "techties_version": (p.get("versions") or {}).get("techties", "?")}

    @property
    def stamp(self) -> str:
        """One line under every table and figure: as-of date, data and model versions, denominator method,
        so a table cut out of the brief still says what it rests on."""
        c = self.csv_stamp
        denominators = "; ".join(n.removeprefix("denominator ") for n in self.notes if n.startswith("denominator "))
        return (f"As of {c['as_of']} · data: {c['data']} · AI model: {c['ai_model']}"
                f" · techties {c['techties_version']} · denominators: {denominators or 'none'}")

    def indicator_synthetic_note(self, indicator_id: str) -> str:
        """'SYNTHETIC: 3 of the 5 works behind it' for an indicator resting on synthetic works, else ''."""
        c = self.indicator_synthetic.get(indicator_id)
        if not c or not c.synthetic:
            return ""
        return f"SYNTHETIC: {works_phrase(c.synthetic, c.works)} behind it"

    @property
    def area_title(self) -> str | None:
        """How the area reads in a title: `AI` for the classifier, `AI fields` for the taxonomy."""
        return {"ai": "AI", "ai-fields": "AI fields"}.get(self.area_used or "", self.area_used)

    @property
    def years_text(self) -> str:
        return years_text(self.query.years)

    @property
    def source_numbers(self) -> dict[str, int]:
        return {s.source_id: s.number for s in self.sources}

    def cite(self, source_ids: list[str], known: dict[str, Any]) -> list[str]:
        """Number the sources in order of first citation; returns the ids kept (known ones)."""
        have = self.source_numbers
        for sid in source_ids:
            if sid in known and sid not in have:
                s = known[sid]
                url = s.url if isinstance(s.url, str) and SAFE_URL.fullmatch(s.url) else None
                ref = SourceRef(len(self.sources) + 1, sid, s.title, s.publisher, s.published_on, url,
                                getattr(s, "cited_in", None))
                self.sources.append(ref)
                have[sid] = ref.number
        return [s for s in source_ids if s in have]


def years_text(years: tuple[int, int] | None) -> str:
    """`(2010, 2019)` -> "2010–2019"; one year alone; None -> "all years"."""
    if not years:
        return "all years"
    return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"


def _scope(b: Brief) -> str:
    q = b.query
    return f"{q.a}–{q.b}, {b.area_title or 'all areas'}, {b.years_text}"


# -- research ----------------------------------------------------------------------------------------
RESEARCH_EMPTY = {
    "top_fields": "the selected works carry no field data",
    "companies": "no co-author of the pair's works is a company (OpenAlex type or a company name pattern)",
    "top_funders": "the pair's works name no funder",
    "top_institution_pairs": "the pair's works carry no institution ids",
    "listed_collaborations": "no co-authored work has an institution on a restricted-party list",
}


def _table(con: duckdb.DuckDBPyConnection, t: MetricTable, why: str = "") -> Table:
    """A metrics table for the page: the synthetic works behind it counted, a per-row count
    added where any is synthetic (so a synthetic funder never reads as a real one).

    The CSV carries the count whenever a work behind the table is synthetic, as `research --output`
    writes it (`metrics.export.with_synthetic_column`): a CSV opened alone must not pass a demo count
    for a real one. The page leaves the column out where all are synthetic: its banner says so once."""
    rows = t.as_dicts()
    columns = list(t.columns)
    shown_columns = None
    syn = synthetic_count(con, t.work_ids) if t.work_ids is not None else None
    if syn and syn.synthetic and "synthetic_works" not in columns:
        shown_columns = list(columns) if syn.all_synthetic else None
        columns.append("synthetic_works")
        rows = [{**r, "synthetic_works": n} for r, n in zip(rows, syn.per_row, strict=True)]
    return Table(t.name, t.title, columns, rows, t.note, t.work_ids, syn, empty_why=why, show_columns=shown_columns)


def research_section(con: duckdb.DuckDBPyConnection, b: Brief, view: Any) -> None:
    for t in view.research.tables:
        b.tables[t.name] = _table(con, t, RESEARCH_EMPTY.get(t.name, ""))
    yearly = b.tables["yearly"]
    main = pair_label(b.query.a, b.query.b)
    b.pair_synthetic = synthetic_count(con, [ids for r, ids in zip(yearly.rows, yearly.work_ids or [], strict=False)
                                             if r["pair"] == main])
    if "summary" in b.tables:  # the summary's counts are the yearly table's
        b.tables["summary"].synthetic = yearly.synthetic
    if "citation_impact" in b.tables and "country_output" in b.tables:  # its groups: the countries' works
        b.tables["citation_impact"].synthetic = b.tables["country_output"].synthetic
    _summary_denominators(b, view.shares, getattr(view, "pair_works", []))
    _non_english_pairs(con, b)
    _cnki_method(con, b)
    if why := empty_reason(view.research.notes):  # the selection's own reason before any table's
        for name in [t.name for t in view.research.tables] + ["non_english_institution_pairs", "cnki_method"]:
            if name in b.tables and not b.tables[name].rows:
                b.tables[name].empty_why = why


def _summary_denominators(b: Brief, shares: list[ShareDenominator], estimated: list[Any] | None = None) -> None:
    """Shares shown with what metrics says they are out of (`PairView.shares`: "22 of 28", the 95%
    interval of an estimated output), growth with the two counts it rests on, and the works and
    ratio of a baseline pair whose records were not fetched with how they were had and their 95%
    interval (`PairView.pair_works`). Nothing is computed here: an unknown denominator leaves the
    share as the summary has it (empty; its note says why)."""
    t = b.tables.get("summary")
    if t is None:
        return
    by = {(s.pair, s.column): s for s in shares}
    had = {p.pair: p for p in estimated or []}
    shown = []
    for r in t.rows:
        s = dict(r)
        for col in ("share_of_first_pct", "share_of_second_pct"):
            d = by.get((r["pair"], col))
            if d is not None and d.share_pct is not None and d.denominator is not None:
                s[col] = f"{d.share_pct:.2f}% ({d.works} of {_number(d.denominator)} {d.country} works{_interval(d)})"
        if r.get("growth_factor") is not None:
            s["growth_factor"] = f"{r['growth_factor']} ({r['first_year_works']} → {r['last_year_works']} works)"
        p = had.get(r["pair"])
        if p is not None and p.works is not None:
            bounds = (f"; 95% interval {_number(round(p.low, 2))}–{_number(round(p.high, 2))} works"
                      if "sample-estimate" in p.sources else "")
            s["works"] = f"{r['works']} ({p.method}{bounds})"
            if r.get("ratio_main_to_pair") is not None and p.ratio_low is not None and bounds:
                s["ratio_main_to_pair"] = (f"{r['ratio_main_to_pair']} (95% interval {p.ratio_low}–"
                                           f"{'?' if p.ratio_high is None else p.ratio_high})")
        elif p is not None:
            s["works"] = f"unknown ({p.method}: {p.reason})"
        shown.append(s)
    t.shown = shown


def _interval(d: ShareDenominator) -> str:
    """"; 95% interval 300–360 works, share 1.94–2.33%" where the output is partly a sample estimate;
    "; share 95% interval 1.94–2.33%" where only the pair's works are (a baseline pair estimated)."""
    high = "?" if d.share_high is None else f"{d.share_high:.2f}"  # an output that may be 0: no upper share
    share = "" if d.share_low is None else f"{d.share_low:.2f}–{high}%"
    if d.low is None or d.high is None:
        return f"; share 95% interval {share}" if share else ""
    return f"; 95% interval {_number(d.low)}–{_number(d.high)} works" + (f", share {share}" if share else "")


def _non_english_pairs(con: duckdb.DuckDBPyConnection, b: Brief) -> None:
    """Table 1A: the institution pairs of the pair's non-English works."""
    from techties.metrics.research import compute_research

    q = replace(b.query, language="non-en")
    t = _table(con, compute_research(con, q, explain=True).table("top_institution_pairs"))
    t.name, t.title = "non_english_institution_pairs", "Institution pairs in the non-English subset"
    langs = b.tables.get("by_language")
    n_non_en = sum(r["works"] for r in langs.rows if r["language"] != "en") if langs else 0
    t.empty_why = ("none of the pair's works in this selection is in a language other than English"
                   if not n_non_en else "the pair's non-English works carry no institution ids")
    b.tables[t.name] = t


def _cnki_method(con: duckdb.DuckDBPyConnection, b: Brief) -> None:
    """Table 1C: the CNKI method's count, its own table (never added into the pair's counts); pairs with China only."""
    from techties.metrics.cnki import compute_cnki_method

    t = compute_cnki_method(con, b.query)
    if t is not None:
        b.tables[t.name] = _table(con, t, "no Chinese-language work in this selection names the other country "
                                          "in Chinese")


def yearly_figures(b: Brief) -> None:
    series: dict[str, list[tuple[int, float]]] = defaultdict(list)
    yearly = b.tables["yearly"]
    for r in yearly.rows:
        if r["works"] is not None:  # a year of a pair not fetched with no stored count: unknown, not 0
            series[r["pair"]].append((r["year"], r["works"]))
    main = pair_label(b.query.a, b.query.b)
    syn = b.pair_synthetic
    flag = ("" if not syn or not syn.synthetic else f" (all {syn.works} works synthetic: not real figures)"
            if syn.all_synthetic else f" ({syn.synthetic} of {syn.works} works synthetic)")
    b.figures["fig_pair_yearly"] = (f"Co-authored works per year, {main}, {b.years_text}{flag}",
                                    figures.line_chart({main: series.get(main, [])},
                                                       f"{main}: co-authored works per year", "works"))
    if len(series) > 1:
        b.figures["fig_baselines_yearly"] = (
            f"Co-authored works per year, the pair and its baselines, {b.years_text}. "
            + (yearly.synthetic.sentence("this figure") if yearly.synthetic else ""),
            figures.line_chart(dict(series), "The pair against its baselines", "works"))


# -- investment --------------------------------------------------------------------------------------
def _money(v: float | None) -> str:
    """USD in millions; None is an undisclosed amount, never "$0.0M"."""
    if v is None:
        return "undisclosed"
    return "$0" if v == 0 else f"${v / 1e6:,.1f}M"


def _amount(d: Any) -> str:
    if not d.disclosed or d.amount is None:
        return "undisclosed"
    return f"{d.currency or 'USD'} {d.amount / 1e6:,.1f}M"


def investment_section(b: Brief, view: Any, curated: Any) -> None:
    """The view's investment report (deals of the years and area, under the rule) and the pair's deals."""
    from techties.metrics.investment import RULE_TEXT, disclosed_value

    q = b.query
    rep = view.investment
    b.rule_text = RULE_TEXT[b.rule]
    default = " (the default)" if b.rule == DEFAULT_RULE else ""
    rule_note = f"Attribution rule{default}, --rule {b.rule}: {b.rule_text}."
    rows = [{"direction": r.direction, "year": r.year, "value_usd": disclosed_value(r.value_usd, r.n_disclosed),
             "deals_disclosed": r.n_disclosed, "deals_undisclosed": r.n_undisclosed, "deal_ids": " ".join(r.deal_ids)}
            for r in (rep.rows if rep else [])]
    shown = [{**r, "value_usd": _money(r["value_usd"])} for r in rows]
    b.tables["investment_by_direction"] = Table(
        "investment_by_direction", f"Investment by direction and year, {b.years_text}",
        ["direction", "year", "value_usd", "deals_disclosed", "deals_undisclosed", "deal_ids"], rows,
        note=rule_note, shown=shown,
        empty_why=f"no deal in this warehouse for {_scope(b)}" if rep else
        "no deals in this warehouse (load them with `techties ingest-curated` or `techties ingest-crunchbase`)")
    pair_dirs = {f"{q.a}→{q.b}", f"{q.b}→{q.a}"}
    between = {i for r in (rep.rows if rep else []) if r.direction in pair_dirs for i in r.deal_ids}
    known = curated.sources if curated is not None else {}
    deal_rows, deal_shown = [], []
    for d in sorted(view.deals, key=lambda d: (d.announced_on or "9999", d.deal_id)):  # by date, to read
        if d.deal_id not in between:
            continue
        row = {"deal_id": d.deal_id, "announced_on": d.announced_on or "undated", "target": d.target,
               "target_country": d.target_country, "round": d.round,
               "investors": "; ".join(f"{i.name} ({i.country or '?'})" for i in d.investors),
               "amount": d.amount if d.disclosed else None, "currency": d.currency if d.disclosed else None,
               "disclosed": d.disclosed, "sources": "; ".join(d.source_ids)}
        deal_rows.append(row)
        deal_shown.append({**row, "target": f"{d.target} ({d.target_country or '?'})", "amount": _amount(d),
                           "sources": b.cite(list(d.source_ids), known)})
    b.tables["pair_deals"] = Table(
        "pair_deals", f"Deals between {q.a} and {q.b}, {b.years_text}" + (f", {b.area_title}" if b.area_used else ""),
        list(deal_rows[0]) if deal_rows else ["deal_id"], deal_rows,
        show_columns=["announced_on", "target", "round", "investors", "amount", "sources"], shown=deal_shown,
        empty_why=f"no deal between {q.a} and {q.b} in scope ({_scope(b)})")
    if any(r["value_usd"] for r in rows):
        years_all = sorted({r["year"] for r in rows})
        dirs = list(dict.fromkeys(r["direction"] for r in rows))
        val = {d: [sum(r["value_usd"] or 0 for r in rows if r["direction"] == d and r["year"] == y) / 1e6
                   for y in years_all] for d in dirs}
        b.figures["fig_investment"] = (
            f"Disclosed investment by direction and year, {b.years_text} (USD millions, rule: {b.rule})",
            figures.grouped_bars(years_all, val, "Investment by direction", "USD M"))


# -- initiatives ---------------------------------------------------------------------------------------
SHOWN_INITIATIVE_COLUMNS = ["started_on", "kind", "title", "parties", "status", "sources"]
# the columns the brief always wrote, then those of `techties initiatives --format csv` it lacked (at the end,
# so that a reader of the older file finds every column where it was)
INITIATIVE_CSV_COLUMNS = ["id", "kind", "title", "started_on", "status", "sectors", "parties", "amount_usd",
                          "sources", "summary", "area", "countries", "amount", "currency"]


def _initiative_row(i: Any, curated: Any) -> dict[str, Any]:
    """One initiative of the view, with its start date, sources, area, countries and stated amount from
    the curated record of the same id, as `techties initiatives` gives them (the warehouse keeps the year
    and the amount in USD; the brief cites the sources)."""
    from techties.metrics.initiatives import initiative_rows
    from techties.sources.curated import AREA_OF_KIND

    rec = next((c for c in curated.initiatives if c.initiative_id == i.id), None) if curated is not None else None
    same = initiative_rows([rec], curated, flat=True)[0] if rec else {}
    return {"id": i.id, "kind": i.kind, "title": i.title,
            "started_on": (rec.started_on if rec else None) or (str(i.year) if i.year else "undated"),
            "status": i.status, "sectors": "; ".join(i.sectors),
            "parties": _parties(i, rec, curated),
            "amount_usd": i.amount_usd, "sources": "; ".join(rec.sources if rec else []), "summary": i.summary,
            "area": same.get("area", AREA_OF_KIND.get(i.kind, "")),
            "countries": same.get("countries", "; ".join(sorted({c for _, c in i.parties if c}))),
            "amount": same.get("amount"), "currency": same.get("currency")}


def _parties(i: Any, rec: Any, curated: Any) -> str:
    """The parties as "name (country)", each in its own country (`metrics.initiatives.party_labels`)."""
    from techties.metrics.initiatives import party_labels

    return "; ".join(p["label"] for p in party_labels(i.parties, rec, curated))


def initiatives_section(b: Brief, view: Any, curated: Any) -> None:
    q = b.query
    rows = sorted((_initiative_row(i, curated) for i in [*view.initiatives, *view.initiatives_undated]),
                  key=lambda r: (r["started_on"] == "undated", r["started_on"], r["id"]))  # by date, undated last
    known = curated.sources if curated is not None else {}
    shown = [{**r, "sources": b.cite(r["sources"].split("; ") if r["sources"] else [], known)} for r in rows]
    n_undated = len(view.initiatives_undated)
    note = (f"The last {n_undated} have no start date: no year range can place them. " if n_undated else "")
    b.tables["initiatives"] = Table(
        "initiatives", f"Initiatives between {q.a} and {q.b}, {b.years_text}"
        + (f", {b.area_title}" if b.area_used else "") + " (curated, with sources)",
        INITIATIVE_CSV_COLUMNS, rows, note=note + "The CSV has every column, summaries included.",
        show_columns=SHOWN_INITIATIVE_COLUMNS, shown=shown,
        empty_why=f"no curated initiative between {q.a} and {q.b} in scope ({_scope(b)}); "
                  "load the curated data with `techties ingest-curated`")
    points: dict[tuple[str, int], int] = defaultdict(int)
    for i in view.initiatives:
        if i.year is not None:
            points[(i.kind, i.year)] += 1
    if points:
        b.figures["fig_initiatives_timeline"] = (
            f"Initiatives by start year and kind, {b.years_text} (dot size: how many started that year)",
            figures.timeline([(k, y, n) for (k, y), n in sorted(points.items())], "Initiatives by start year"))


# -- screening -----------------------------------------------------------------------------------------
def screening_section(b: Brief, con: duckdb.DuckDBPyConnection) -> None:
    """The listed institutions among the pair's co-authors in scope, with their list entries."""
    from techties.metrics.screening import listed_institutions

    yearly = b.tables["yearly"]
    main = pair_label(b.query.a, b.query.b)
    pair_ids = sorted({w for r, ids in zip(yearly.rows, yearly.work_ids or [], strict=False)
                       if r["pair"] == main for w in ids})
    t = _table(con, listed_institutions(con, pair_ids))
    n_hits = con.execute("SELECT count(*) FROM screening_hits").fetchone()[0]
    listed = b.tables.get("listed_collaborations")
    n_listed = len({w for ids in (listed.work_ids or []) for w in ids}) if listed else 0
    t.note = (f"{n_listed} of the {len(pair_ids)} {main} co-authored works in scope ({_scope(b)}) have an author "
              "at a listed institution (hits rejected by an analyst are left out); per list and year in "
              "the table 'Co-authored works with a listed institution' above. 'listed on' is the entry's "
              "listing date, where the list gives one: works before it predate the listing.") if n_hits else ""
    t.empty_why = ("no screening results in this warehouse: run `techties screen --warehouse`" if not n_hits
                   else f"no listed institution among the co-authors of {_scope(b)}")
    b.tables[t.name] = t


# -- build ---------------------------------------------------------------------------------------------
def build_brief(con: duckdb.DuckDBPyConnection, q: ResearchQuery, command: str, curated: Any = "default",
                rule: str = DEFAULT_RULE) -> Brief:
    """Every section of the brief for query `q` (area already resolved or not: `ai` may fall back)."""
    from techties.metrics.area import area_with_fallback
    from techties.metrics.pair import compute_pair

    if curated == "default":
        from techties.sources.curated import load_curated_dir
        curated = load_curated_dir()
    area_used, area_note = area_with_fallback(con, q.area)
    used = replace(q, area=area_used)
    b = Brief(query=used, area_requested=q.area, area_used=area_used, area_note=area_note, command=command, rule=rule)
    view = compute_pair(con, used, rule=rule)
    research_section(con, b, view)
    b.notes = list(view.notes)
    b.indicators = list(view.indicators)
    # an indicator's records are work, deal or initiative ids: only works can be synthetic
    b.indicator_synthetic = indicator_synthetic(con, b.indicators, b.pair_synthetic)
    yearly_figures(b)
    investment_section(b, view, curated)
    initiatives_section(b, view, curated)
    screening_section(b, con)
    b.provenance = dict(view.provenance)
    if curated is not None:
        b.provenance["curated_on"] = curated.curated_on
    b.provenance["attribution_rule"] = (
        f"{view.provenance.get('counting', '')}; investment (--rule {rule}"
        f"{', the default' if rule == DEFAULT_RULE else ''}): {b.rule_text}")
    return b


def brief_files(b: Brief) -> list[str]:
    """The names `write_brief` writes into its folder."""
    return (["brief.html", "report.md"] + [f"{t.name}.csv" for t in b.tables.values()]
            + ["indicators.csv", "sources.csv"] + [f"{name}.svg" for name in b.figures])


def files_in_the_way(b: Brief, out: Path) -> list[str]:
    """Files of `out` the brief would replace though `out` holds no earlier brief (no brief.html): a user's
    own summary.csv in the folder given to --out was silently overwritten."""
    if not out.is_dir() or (out / "brief.html").exists():
        return []
    return [n for n in brief_files(b) if (out / n).exists()]


def write_brief(b: Brief, out: Path) -> list[Path]:
    """brief.html (self-contained), report.md, one CSV per table, one SVG per figure."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    stamp = b.csv_stamp
    for t in b.tables.values():
        rows, cols = t.rows, list(t.columns)
        if t.work_ids is not None:  # a table counting the warehouse's works: its rows say what they rest on
            rows, cols = [{**r, **stamp} for r in rows], [*cols, *stamp]
        if t.work_ids is not None and len(t.work_ids) == len(rows):
            rows = [{**r, "work_ids": " ".join(ids)} for r, ids in zip(rows, t.work_ids, strict=True)]
            cols.append("work_ids")
        path = out / f"{t.name}.csv"
        write_csv(path, rows, cols)
        written.append(path)
    path = out / "indicators.csv"
    write_csv(path, *indicator_csv(b.indicators, b.indicator_synthetic, stamp))
    written.append(path)
    path = out / "sources.csv"
    write_csv(path, [s.__dict__ for s in b.sources], ["number", "source_id", "title", "publisher", "published_on",
                                                      "url", "cited_in"])
    written.append(path)
    for name, (_caption, svg) in b.figures.items():
        path = out / f"{name}.svg"
        path.write_text('<?xml version="1.0" encoding="utf-8"?>\n' + svg, encoding="utf-8")
        written.append(path)
    env = Environment(loader=PackageLoader("techties.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True))
    env.filters["cell"] = _cell
    env.filters["ivalue"] = indicator_value
    ctx = {"b": b, "q": b.query, "main": pair_label(b.query.a, b.query.b), "numbers": b.source_numbers,
           "generated": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()}
    html = env.get_template("brief.html.j2").render(**ctx, svg=_safe_svg)
    (out / "brief.html").write_text(html, encoding="utf-8")
    md_env = Environment(loader=PackageLoader("techties.report", "templates"), autoescape=False)
    md_env.filters["cell"] = _md_cell
    md_env.filters["ivalue"] = lambda i: _md_cell(indicator_value(i))
    (out / "report.md").write_text(md_env.get_template("report.md.j2").render(**ctx), encoding="utf-8")
    return [out / "brief.html", out / "report.md", *written]


def _number(v: float) -> str:
    """At most two decimals and none added: metrics rounds a share to 17.2 (5 of 29 is 17.24%), and
    "17.20%" would claim a digit it does not have."""
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def indicator_value(i: Indicator) -> str:
    """An indicator's value as a reader reads it: with its unit and denominator, or what it needs."""
    if i.value is None:
        return "no data"
    if i.unit == "pct":
        text = f"{_number(i.value)}%"
    elif i.unit == "usd":
        text = _money(i.value)
    elif i.unit == "ratio":
        text = f"{_number(i.value)}×"
    else:
        text = f"{_number(i.value)} {i.unit}" if i.unit not in ("count", "") else _number(i.value)
    if i.denominator is not None:
        text += f" (of {_number(i.denominator)})"
    return text


def _cell(v: Any) -> str:
    """A cell as text; control characters from the data (ESC…) shown as escapes (`\\x1b`), as on the
    terminal: raw, they reached report.md (and `cat report.md` ran them) and brief.html."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):  # at most two decimals, none added: 31.0 (9 of 29, 31.03) is not "31.00"
        return f"{v:,.2f}".rstrip("0").rstrip(".")
    if isinstance(v, list | tuple):
        return safe("; ".join(str(x) for x in v), one_line=False)
    return safe(v, one_line=False)


def _md_cell(v: Any) -> str:
    """Markdown table cell: text escaped so a name cannot break the table or inject HTML."""
    text = _cell(v)
    for ch in "\\|*_`[]<>#":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", " ")


SVG_ID = re.compile(r'\bid="([^"]+)"')


def scope_svg_ids(svg: str, prefix: str) -> str:
    """Every id of one SVG, and every reference to it (`url(#…)`, `href="#…"`), prefixed with `prefix-`.

    Why: matplotlib numbers the ids of each figure from 1 (`figure_1`, `axes_1`, `patch_1`…), so the
    brief's four inline SVGs repeated 59 ids in one page, and a reference could resolve into another
    figure. References to ids the SVG does not define are left as they are."""
    ids = set(SVG_ID.findall(svg))
    if not ids:
        return svg

    def ref(m: re.Match[str]) -> str:
        target = m.group(2)
        return f"{m.group(1)}{prefix}-{target}{m.group(3)}" if target in ids else m.group(0)

    svg = SVG_ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"(url\(#)([^)\s]+)(\))", ref, svg)
    return re.sub(r'(href="#)([^"]+)(")', ref, svg)


def _safe_svg(svg: str, prefix: str = "") -> Any:
    """Our own matplotlib SVG (text inside is escaped by matplotlib) marked safe for inlining, its ids
    scoped by `prefix` (the figure's name) so that several SVGs share one page."""
    from markupsafe import Markup

    if re.search(r"<script|javascript:|https?://(?!www\.w3\.org)", svg, re.IGNORECASE):
        raise ValueError("refusing to inline an SVG with a script or an external reference")
    return Markup(scope_svg_ids(svg, prefix) if prefix else svg)
