"""The indicators to watch (the research brief's conclusion): one value each, with its denominator,
trend, status and the records behind it. The report, the dashboard and `techties watch` render or
store these; they compute nothing themselves.

INTERFACE (shared by the report, the dashboard and `watch`; keep it stable):
    compute_indicators(con, q) -> list[Indicator]
Every indicator appears in every result: where the data cannot answer, `status` is "needs-data"
and `needs` says what data would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from techties.metrics.research import ResearchQuery


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


INDICATOR_COLUMNS = ("id", "name", "value", "denominator", "trend", "status", "needs")


def indicator_row(i: Indicator) -> dict[str, object]:
    """The columns of `indicators.csv`."""
    return {"id": i.id, "name": i.name, "value": i.value, "denominator": i.denominator, "trend": i.trend,
            "status": i.status, "needs": i.needs}


def compute_indicators(con: duckdb.DuckDBPyConnection, q: ResearchQuery) -> list[Indicator]:
    """All indicators for a query. (Skeleton: the pair's co-authored works only; the metrics work
    fills in all 18.)"""
    from techties.metrics.research import compute_research

    result = compute_research(con, q, explain=True)
    yearly = result.table("yearly")
    label = f"{q.a}-{q.b}"
    ids = sorted({w for r, ws in zip(yearly.rows, yearly.work_ids or [], strict=False) if r[0] == label for w in ws})
    total = sum(r[2] for r in yearly.rows if r[0] == label)
    return [Indicator(id="pair_works", name=f"{q.a}–{q.b} co-authored works", kind="research",
                      value=float(total), unit="works", records=tuple(ids))]
