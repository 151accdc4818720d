"""The indicator history: snapshots and alerts stored in the warehouse, insert-only.

A snapshot keeps every indicator's value, denominator and status, and the ids of the records behind
it, so that the next run can tell which records are new. Nothing here updates or deletes a row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import duckdb

from techties.watch.model import Alert, Scope, Snapshot, StoredIndicator

_INSERT = ("INSERT INTO indicator_history (snapshot_id, run_id, seq, taken_at, as_of, scope, pair, baseline, area,"
           " years, indicator_id, name, kind, unit, value, denominator, status, trend, needs, records_json)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_SELECT = ("SELECT indicator_id, name, kind, unit, value, denominator, status, trend, needs, records_json"
           " FROM indicator_history WHERE scope = ? AND seq = ? ORDER BY indicator_id")


def as_stored(indicator: Any) -> StoredIndicator:
    """A metrics `Indicator` as the history keeps it. Reads fields by name and ignores any others,
    so the history survives new fields on the metrics side."""
    def get(name: str, default: Any = None) -> Any:
        return getattr(indicator, name, default)

    value = get("value")
    denominator = get("denominator")
    return StoredIndicator(
        id=str(get("id")), name=str(get("name", get("id"))), value=None if value is None else float(value),
        unit=str(get("unit", "count") or "count"), status=str(get("status", "computed") or "computed"),
        denominator=None if denominator is None else float(denominator), kind=str(get("kind", "") or ""),
        trend=str(get("trend", "") or ""), needs=str(get("needs", "") or ""),
        records=tuple(str(r) for r in (get("records") or ())))


def has_history(con: duckdb.DuckDBPyConnection) -> bool:
    """False on a warehouse made before `techties watch` existed (opened read-only, never upgraded)."""
    return bool(con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'indicator_history'").fetchone()[0])


def store_snapshot(con: duckdb.DuckDBPyConnection, scope: Scope, indicators: Iterable[StoredIndicator],
                   snapshot_id: str, taken_at: str, as_of: str | None, run_id: str | None = None) -> Snapshot:
    """Insert one snapshot (the next in its scope's order) and return it."""
    items = tuple(indicators)
    seq = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM indicator_history WHERE scope = ?",
                      [scope.key]).fetchone()[0]
    rows = [[snapshot_id, run_id, seq, taken_at, as_of, scope.key, scope.pair, scope.baseline, scope.area, scope.years,
             i.id, i.name, i.kind, i.unit, i.value, i.denominator, i.status, i.trend, i.needs,
             json.dumps(sorted(set(i.records)))] for i in items]
    if rows:
        con.executemany(_INSERT, rows)
    return Snapshot(snapshot_id, seq, taken_at, as_of, scope, items)


def latest_snapshot(con: duckdb.DuckDBPyConnection, scope: Scope, before_seq: int | None = None) -> Snapshot | None:
    """The newest snapshot of the scope (before `before_seq` when given), or None."""
    row = con.execute(
        "SELECT snapshot_id, seq, taken_at, as_of FROM indicator_history WHERE scope = ? AND seq < ?"
        " ORDER BY seq DESC LIMIT 1", [scope.key, before_seq if before_seq is not None else 2**31 - 1]).fetchone()
    if row is None:
        return None
    snapshot_id, seq, taken_at, as_of = row
    items = tuple(_stored(r) for r in con.execute(_SELECT, [scope.key, seq]).fetchall())
    return Snapshot(snapshot_id, seq, taken_at, as_of, scope, items)


def snapshot_indicators(con: duckdb.DuckDBPyConnection, scope: Scope, snapshot_id: str) -> tuple[StoredIndicator, ...]:
    """The indicators one snapshot of the scope stored, with their records (what an old alert counted)."""
    rows = con.execute(
        "SELECT indicator_id, name, kind, unit, value, denominator, status, trend, needs, records_json"
        " FROM indicator_history WHERE scope = ? AND snapshot_id = ? ORDER BY indicator_id",
        [scope.key, snapshot_id]).fetchall()
    return tuple(_stored(r) for r in rows)


def _stored(r: tuple[Any, ...]) -> StoredIndicator:
    return StoredIndicator(id=r[0], name=r[1], kind=r[2] or "", unit=r[3] or "count", value=r[4], denominator=r[5],
                           status=r[6] or "computed", trend=r[7] or "", needs=r[8] or "",
                           records=tuple(json.loads(r[9] or "[]")))


def store_alerts(con: duckdb.DuckDBPyConnection, snapshot: Snapshot, alerts: Iterable[Alert]) -> None:
    rows = [[snapshot.snapshot_id, snapshot.taken_at, snapshot.scope.key, a.rule, a.indicator, a.message, a.value,
             a.previous, json.dumps(list(a.records))] for a in alerts]
    if rows:
        con.executemany(
            "INSERT INTO watch_alerts (snapshot_id, taken_at, scope, rule, indicator_id, message, value, previous,"
            " records_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def recent_alerts(con: duckdb.DuckDBPyConnection, scope: Scope, limit: int = 100) -> list[tuple[str, str, Alert]]:
    """(snapshot_id, taken_at, alert) of the scope, newest first: what the Atom feed lists."""
    rows = con.execute(
        "SELECT a.snapshot_id, a.taken_at, a.rule, a.indicator_id, a.message, a.value, a.previous, a.records_json"
        " FROM watch_alerts a LEFT JOIN (SELECT DISTINCT snapshot_id, seq FROM indicator_history WHERE scope = ?) h"
        " USING (snapshot_id) WHERE a.scope = ? ORDER BY h.seq DESC NULLS LAST, a.taken_at DESC, a.rule LIMIT ?",
        [scope.key, scope.key, limit]).fetchall()
    return [(r[0], r[1], Alert(rule=r[2], indicator=r[3] or "", message=r[4] or "", value=r[5], previous=r[6],
                               records=tuple(json.loads(r[7] or "[]")))) for r in rows]


def series(con: duckdb.DuckDBPyConnection, pair: str | None = None, limit_points: int = 200) -> list[dict[str, Any]]:
    """Each scope's indicators over time (for the dashboard): scope → indicator → points, oldest first."""
    if not has_history(con):
        return []
    rows = con.execute(
        "SELECT scope, pair, baseline, area, years, indicator_id, name, unit, seq, taken_at, as_of, value, status"
        " FROM (SELECT *, row_number() OVER (PARTITION BY scope, indicator_id ORDER BY seq DESC) AS rn"
        "       FROM indicator_history WHERE ? IS NULL OR pair = ?)"
        " WHERE rn <= ? ORDER BY scope, indicator_id, seq", [pair, pair, limit_points]).fetchall()
    scopes: dict[str, dict[str, Any]] = {}
    for scope, p, baseline, area, years, ind, name, unit, seq, taken_at, as_of, value, status in rows:
        s = scopes.setdefault(scope, {"scope": scope, "pair": p, "baseline": baseline, "area": area, "years": years,
                                      "indicators": {}})
        entry = s["indicators"].setdefault(ind, {"id": ind, "name": name, "unit": unit, "points": []})
        entry["name"] = name  # the newest name wins (rows come oldest first)
        entry["points"].append({"seq": seq, "taken_at": taken_at, "as_of": as_of, "value": value, "status": status})
    return [{**s, "indicators": list(s["indicators"].values())} for s in scopes.values()]
