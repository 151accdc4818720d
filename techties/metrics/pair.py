"""One view of a country pair: every table, indicator, note and provenance line a face shows.

INTERFACE (the report and the dashboard render slices of it; keep it stable):
    compute_pair(con, q) -> PairView
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb

from techties.metrics.indicators import Indicator, compute_indicators
from techties.metrics.provenance import warehouse_provenance
from techties.metrics.research import ResearchQuery, ResearchResult, compute_research


@dataclass
class PairView:
    query: ResearchQuery
    research: ResearchResult
    indicators: list[Indicator]
    notes: list[str] = field(default_factory=list)
    provenance: dict[str, Any] = field(default_factory=dict)


def compute_pair(con: duckdb.DuckDBPyConnection, q: ResearchQuery, explain: bool = True) -> PairView:
    research = compute_research(con, q, explain=explain)
    return PairView(query=q, research=research, indicators=compute_indicators(con, q),
                    notes=list(research.notes), provenance=warehouse_provenance(con))
