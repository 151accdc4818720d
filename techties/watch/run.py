"""One watch run: the pair view of `metrics/` (its indicators, and the pair's co-authored works from its
research tables), stored as a snapshot, compared with the previous snapshot of the same scope and with
the rules; the alerts stored beside it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb

from techties.metrics.pair import compute_pair
from techties.metrics.research import ResearchQuery, ResearchResult
from techties.metrics.synthetic import SyntheticCount, indicator_synthetic, synthetic_count
from techties.warehouse.store import Warehouse, now_iso, transaction
from techties.watch.history import as_stored, latest_snapshot, snapshot_indicators, store_alerts, store_snapshot
from techties.watch.model import Alert, Change, Scope, Snapshot, StoredIndicator
from techties.watch.rules import Rule, evaluate


@dataclass
class WatchResult:
    snapshot: Snapshot
    previous: Snapshot | None
    changes: list[Change]
    alerts: list[Alert]
    skipped: list[str] = field(default_factory=list)
    synthetic: dict[str, tuple[int, int]] = field(default_factory=dict)  # id -> (synthetic, works) behind it
    versions: str = ""  # "AI model: …; techties 0.1.0, duckdb …": what computed the values, as every output says
    empty: str = ""  # metrics' "EMPTY: no works match …": a scope of zeros (`--years 1800-1900`) says why


def versions_text(provenance: dict) -> str:
    """The AI model and software versions of a run, in one line."""
    models = ", ".join(provenance.get("ai_model_versions") or []) or "none (no classifier scores)"
    software = ", ".join(f"{k} {v}" for k, v in (provenance.get("versions") or {}).items())
    return f"AI model: {models}; software: {software}"


def scope_of(q: ResearchQuery) -> Scope:
    """The part of a query that makes two snapshots comparable (not `top`, which only cuts tables)."""
    years = None if q.years is None else f"{q.years[0]}-{q.years[1]}"
    area = None if q.area is None else f"{q.area}@{q.ai_threshold}" if q.ai_threshold is not None else q.area
    return Scope(pair=f"{q.a}-{q.b}", baseline=q.baseline, area=area, years=years, language=q.language,
                 china_scope=q.china_scope)


PAIR_WORKS = "pair_works"


def pair_works_from_research(research: ResearchResult, q: ResearchQuery) -> StoredIndicator | None:
    """The pair's co-authored works as metrics counted them: the `works` of the pair's row in the research
    summary, with the work ids metrics listed behind each year of `yearly` (read, not recounted). It is
    the headline the default rules start from; the brief's 18 indicators give it only as a denominator."""
    label = f"{q.a}-{q.b}"
    summary = research.table("summary")
    row = next((r for r in summary.as_dicts() if r.get("pair") == label), None)
    if row is None or row.get("works") is None:
        return None
    yearly = research.table("yearly")
    ids = sorted({w for r, ws in zip(yearly.rows, yearly.work_ids or [], strict=False) if r[0] == label for w in ws})
    return StoredIndicator(id=PAIR_WORKS, name=f"{q.a}–{q.b} co-authored works", value=float(row["works"]),
                           unit="works", kind="research", records=tuple(ids))


def watched_indicators(indicators: Sequence[object], research: ResearchResult,
                       q: ResearchQuery) -> list[StoredIndicator]:
    """The indicators of the pair view as the history stores them, led by the pair's co-authored works
    when metrics does not list it itself."""
    out = [as_stored(i) for i in indicators]
    if not any(i.id == PAIR_WORKS for i in out):
        works = pair_works_from_research(research, q)
        out = ([works] if works is not None else []) + out
    return out


def compare(current: Snapshot, previous: Snapshot | None) -> list[Change]:
    """Each current indicator with its value in the previous snapshot (None when it had none)."""
    out = []
    for i in current.indicators:
        before = previous.get(i.id) if previous is not None else None
        out.append(Change(id=i.id, name=i.name, value=i.value, previous=before.value if before else None,
                          status=i.status, unit=i.unit, denominator=i.denominator))
    return out


def stored_synthetic(con: duckdb.DuckDBPyConnection,
                     indicators: Sequence[StoredIndicator]) -> dict[str, SyntheticCount]:
    """Indicator id -> the synthetic works behind it (metrics' count; a share of the pair's works rests on
    the pair's works)."""
    pair = next((i for i in indicators if i.id == PAIR_WORKS), None)
    return indicator_synthetic(con, indicators, synthetic_count(con, [list(pair.records)]) if pair else None)


def alerts_synthetic(con: duckdb.DuckDBPyConnection, scope: Scope,
                     entries: Sequence[tuple[str, str, Alert]]) -> dict[tuple[str, str], tuple[int, int]]:
    """(snapshot id, indicator id) -> (synthetic, works) behind each listed alert's indicator, read from the
    records its snapshot stored (an older alert counted the works of its own snapshot); only those with any."""
    out: dict[tuple[str, str], tuple[int, int]] = {}
    for snapshot_id in dict.fromkeys(e[0] for e in entries):
        for ind, c in stored_synthetic(con, snapshot_indicators(con, scope, snapshot_id)).items():
            if c.synthetic:
                out[(snapshot_id, ind)] = (c.synthetic, c.works)
    return out


def run_watch(wh: Warehouse, q: ResearchQuery, rules: Sequence[Rule], taken_at: str | None = None) -> WatchResult:
    """Store a dated snapshot of the query's indicators and return it with its changes and alerts.
    The snapshot, its alerts and its run row are written together or not at all."""
    con = wh.con
    scope = scope_of(q)
    params = {"pair": scope.pair, "baseline": q.baseline, "area": q.area, "years": scope.years,
              "language": q.language, "china_scope": q.china_scope, "rules": [r.id for r in rules]}
    run_id = wh.start_run("techties watch", params, [])
    try:
        view = compute_pair(con, q)
        indicators = watched_indicators(view.indicators, view.research, q)
        as_of = view.provenance.get("as_of")
        syn = stored_synthetic(con, indicators)
        with transaction(con):
            previous = latest_snapshot(con, scope)
            snapshot = store_snapshot(con, scope, indicators, run_id, taken_at or now_iso(), as_of, run_id)
            evaluation = evaluate(rules, snapshot, previous)
            store_alerts(con, snapshot, evaluation.alerts)
    except BaseException:
        wh.finish_run(run_id, "failed", 0, 0, 0)
        raise
    wh.finish_run(run_id, "ok", len(indicators), len(indicators), 0)
    return WatchResult(snapshot, previous, compare(snapshot, previous), evaluation.alerts, evaluation.skipped,
                       {k: (c.synthetic, c.works) for k, c in syn.items() if c.synthetic},
                       versions_text(view.provenance),
                       next((n for n in view.research.notes if n.startswith("EMPTY")), ""))
