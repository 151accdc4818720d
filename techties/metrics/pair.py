"""One view of a country pair: every table, indicator, note and provenance line a face shows.

INTERFACE (the report and the dashboard render slices of it; keep it stable):
    compute_pair(con, q, explain=True, rule="whole") -> PairView

What a PairView holds, all for the query's pair, baseline, years and area:
- `research`: the research tables (`compute_research`, work ids behind each row when explain);
- `shares`: each share of the summary with its denominator, the denominator's sources and, for
  sample estimates, its bounds (`denominators.share_denominators`);
- `pair_works`: the baseline pairs whose records `techties collect` did not fetch, each with how
  its works were had (counts, or a sample of N per year) and the 95% bounds of its works and of the
  main pair's ratio to it (`count_series.pair_works`); empty when every pair was fetched;
- `indicators`: the 18 indicators (`compute_indicators`), in `INDICATORS` order;
- `investment`: `InvestmentReport` of the deals in scope under `rule` (whole | equal-split |
  look-through; ownership from the warehouse), `deals` the DealRecords behind it;
- `initiatives`: the pair's curated initiatives started in the years and of the area (joint funds
  whatever their sectors), `initiatives_undated` those without a start date;
- `notes`: what an analyst must read beside the numbers (selection, synthetic works, empty
  selection, the attribution rule, undated initiatives);
- `provenance`: as-of dates, runs, versions (`warehouse_provenance`), the rule and the counting method.
Nothing here is computed by a face: render these values as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from techties.metrics.count_series import PairWorks, pair_works
from techties.metrics.denominators import ShareDenominator, share_denominators
from techties.metrics.indicators import (
    Indicator,
    IndicatorDrill,
    Initiative,
    deals_in_scope,
    gather,
    indicator_drills,
    indicators_of,
    initiatives_in_scope,
)
from techties.metrics.investment import RULE_TEXT, RULES, InvestmentReport, investment_report
from techties.metrics.provenance import warehouse_provenance
from techties.metrics.research import ResearchQuery, ResearchResult, compute_research

COUNTING = ("papers: a work counts for a pair when it has at least one author affiliated in each country "
            "(whole counting; countries from institutions or parsed affiliation strings)")


@dataclass
class PairView:
    query: ResearchQuery
    research: ResearchResult
    indicators: list[Indicator]
    notes: list[str] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)
    rule: str = "whole"
    investment: InvestmentReport | None = None     # None: no deals in the warehouse
    deals: list[Any] = field(default_factory=list)  # DealRecords of the years and area
    initiatives: list[Initiative] = field(default_factory=list)
    initiatives_undated: list[Initiative] = field(default_factory=list)
    shares: list[ShareDenominator] = field(default_factory=list)
    pair_works: list[PairWorks] = field(default_factory=list)
    drills: dict[str, IndicatorDrill] = field(default_factory=dict)  # indicator id -> the records it opens


def compute_pair(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool = True,
                 rule: str = "whole") -> PairView:
    """Every number of a brief or dashboard for one query, computed once (read-only on `con`)."""
    if rule not in RULES:
        raise ValueError(f"--rule {rule!r}: use one of {', '.join(RULES)}")
    research = compute_research(con, q, explain=True)
    ctx = gather(con, q, research)
    indicators = indicators_of(ctx, con)
    deals = deals_in_scope(ctx)
    investment = None
    if ctx.deals:
        years = set(range(ctx.years[0], ctx.years[1] + 1)) if ctx.years else None
        investment = investment_report(deals, (q.a, q.b), q.baseline, rule, years=years, curated=ctx.ownership)
    initiatives, undated = initiatives_in_scope(ctx)
    summary_rows = research.table("summary").as_dicts()
    left = next((t for t in research.tables if t.name == "pair_output"), None)
    estimated = pair_works(summary_rows, left.as_dicts()) if left is not None else []
    shares = share_denominators(summary_rows, research.table("country_output").as_dicts(),
                                {p.pair: (p.low, p.high) for p in estimated
                                 if "sample-estimate" in p.sources and p.low is not None and p.high is not None})
    notes = list(research.notes)
    notes.append(f"Investment: {RULE_TEXT[rule]}." if ctx.deals else "Investment: no deals in this warehouse.")
    if undated:
        notes.append(f"{len(undated)} initiatives of the pair have no start date and are listed apart.")
    small = [i.id for i in indicators if i.status == "small-numbers"]
    if small:
        notes.append(f"{len(small)} of {len(indicators)} indicators rest on fewer than 10 records: read them as "
                     "indicative.")
    provenance = {**warehouse_provenance(con), "attribution_rule": rule, "rule_text": RULE_TEXT[rule],
                  "counting": COUNTING}
    if not explain:
        for t in research.tables:
            t.work_ids = None
    return PairView(query=q, research=research, indicators=indicators, notes=notes, provenance=provenance,
                    rule=rule, investment=investment, deals=deals, initiatives=initiatives,
                    initiatives_undated=undated, shares=shares, pair_works=estimated,
                    drills=indicator_drills(ctx, indicators) if explain else {})
