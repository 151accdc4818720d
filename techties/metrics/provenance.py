"""What a result was computed from: snapshot dates, record counts per source, runs, versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from techties.warehouse.store import versions


def warehouse_provenance(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """As-of dates and counts per source, the last runs, model versions: stated with every output."""
    sources = [
        {"source": s, "works": n, "synthetic": syn, "as_of_min": a1, "as_of_max": a2, "retrieved_max": r}
        for s, n, syn, a1, a2, r in con.execute(
            "SELECT source, count(*), count(*) FILTER (WHERE synthetic), min(as_of), max(as_of), max(retrieved_at)"
            " FROM works GROUP BY 1 ORDER BY 1"
        ).fetchall()
    ]
    runs = [
        {"run_id": r[0], "command": r[1], "finished": r[2], "status": r[3], "n_read": r[4], "n_ok": r[5],
         "n_quarantined": r[6]}
        for r in con.execute(
            "SELECT run_id, command, finished, status, n_read, n_ok, n_quarantined FROM runs"
            " ORDER BY started DESC LIMIT 10"
        ).fetchall()
    ]
    models = [m for (m,) in con.execute("SELECT DISTINCT model_version FROM ai_scores ORDER BY 1").fetchall()]
    as_of = max((s["as_of_max"] for s in sources if s["as_of_max"]), default=None)
    return {
        "generated_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "as_of": as_of,
        "sources": sources,
        "runs": runs,
        "ai_model_versions": models,
        "versions": versions(),
    }


def lists_as_of(con: duckdb.DuckDBPyConnection) -> str | None:
    """The as-of of the screening hits a warehouse holds: the latest snapshot date of the lists they
    matched (`watchlist_entries.source_date`), not the works' date. None without hits or dates."""
    return con.execute(
        "SELECT max(e.source_date) FROM watchlist_entries e WHERE EXISTS (SELECT 1 FROM screening_hits h"
        " WHERE h.entry_id = e.entry_id AND h.list_id IS NOT DISTINCT FROM e.list_id)").fetchone()[0]


def deals_as_of(con: duckdb.DuckDBPyConnection) -> str | None:
    """The as-of of the deals a warehouse holds: the latest date its sources cited by those deals were
    recorded (`sources.retrieved_on`: the curated files' curated_on when they were loaded, a Crunchbase
    export's snapshot date), so that `investments --db` dates the warehouse it read, not the curated files
    shipped now. None when no deal cites a dated source (e.g. Crunchbase rows loaded before their export
    was recorded as a source, or an older warehouse file)."""
    try:
        (got,) = con.execute(
            "SELECT max(s.retrieved_on) FROM sources s WHERE s.source_id IN (SELECT unnest(CAST(json_extract_string("
            "d.source_ids_json, '$[*]') AS VARCHAR[])) FROM deals d WHERE d.source_ids_json IS NOT NULL)").fetchone()
    except duckdb.Error:  # a warehouse file older than the column
        return None
    return got
