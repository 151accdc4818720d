"""The dashboard's "Indicators over time" data: the `techties watch` history of a pair, as stored.

A thin router (included by `create_app`): it validates the pair, reads `indicator_history` and
`watch_alerts` through its own cursor and serialises them; it computes nothing (the synthetic works behind
an alert are counted by `watch.run.alerts_synthetic`, as the Atom feed counts them).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import duckdb
from fastapi import APIRouter, HTTPException, Request

from techties.errors import TechtiesError
from techties.metrics.query import build_query
from techties.watch.feed import synthetic_note
from techties.watch.history import latest_snapshot, recent_alerts, series
from techties.watch.model import Scope
from techties.watch.run import alerts_synthetic, stored_synthetic

router = APIRouter()
MAX_ALERTS = 100  # per scope, newest first: as many as `techties watch --atom` lists


def scope_of(key: str) -> Scope:
    """The Scope a stored key names ("pair=CN-RU;baseline=US;…", `Scope.key`): an empty value is None, and a
    key written before a field existed keeps that field's default."""
    names = {f.name for f in dataclasses.fields(Scope)}
    given = dict(part.split("=", 1) for part in key.split(";") if "=" in part)
    return Scope(**{k: v or None for k, v in given.items() if k in names and k != "china_scope"},
                 **({"china_scope": given["china_scope"]} if given.get("china_scope") else {}))


def scope_alerts(cur: duckdb.DuckDBPyConnection, key: str) -> list[dict[str, Any]]:
    """The scope's stored alerts, newest first, each with the SYNTHETIC line the Atom feed gives it (or None)."""
    scope = scope_of(key)
    entries = recent_alerts(cur, scope, MAX_ALERTS)
    syn = alerts_synthetic(cur, scope, entries)
    out = []
    for snapshot_id, taken_at, a in entries:
        s, n = syn.get((snapshot_id, a.indicator), (0, 0))
        out.append({"snapshot_id": snapshot_id, "taken_at": taken_at, "rule": a.rule, "indicator": a.indicator,
                    "message": a.message, "value": a.value, "previous": a.previous, "n_records": len(a.records),
                    "synthetic": synthetic_note(a.indicator, s, n) if s else None})
    return out


def scope_synthetic(cur: duckdb.DuckDBPyConnection, key: str) -> dict[str, str]:
    """Indicator id -> the SYNTHETIC line of its newest snapshot (the card's "now" value), counted on the records
    that snapshot stored (`watch.run.stored_synthetic`, as `techties watch` prints it); only those with any."""
    snap = latest_snapshot(cur, scope_of(key))
    if snap is None:
        return {}
    return {i: synthetic_note(i, c.synthetic, c.works)
            for i, c in stored_synthetic(cur, snap.indicators).items() if c.synthetic}


@router.get("/api/watch")
def api_watch(request: Request, a: str = "CN", b: str = "RU") -> dict[str, Any]:
    """Every scope of the pair with each indicator's snapshots, oldest first, the scope's alerts, newest first,
    and the SYNTHETIC line of each indicator now resting on synthetic works (empty before any watch run)."""
    try:  # the CLI's validation and message, as every other endpoint (XX: not a country code)
        q = build_query(a, b)
    except TechtiesError as exc:
        raise HTTPException(400, str(exc)) from None
    cur = request.app.state.con.cursor()
    try:
        scopes = series(cur, pair=f"{q.a}-{q.b}")
        return {"pair": f"{q.a}-{q.b}", "scopes": [{**s, "alerts": scope_alerts(cur, s["scope"]),
                                                     "synthetic": scope_synthetic(cur, s["scope"])} for s in scopes]}
    finally:
        cur.close()
