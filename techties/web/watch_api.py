"""The dashboard's "Indicators over time" data: the `techties watch` history of a pair, as stored.

A thin router (included by `create_app`): it validates the pair, reads `indicator_history` through its
own cursor and serialises it; it computes nothing.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request

from techties.errors import TechtiesError
from techties.metrics.query import build_query
from techties.watch.history import series

router = APIRouter()


@router.get("/api/watch")
def api_watch(request: Request, a: str = "CN", b: str = "RU") -> dict[str, Any]:
    """Every scope of the pair with each indicator's snapshots, oldest first (empty before any watch run)."""
    try:  # the CLI's validation and message, as every other endpoint (XX: not a country code)
        q = build_query(a, b)
    except TechtiesError as exc:
        raise HTTPException(400, str(exc)) from None
    cur = request.app.state.con.cursor()
    try:
        return {"pair": f"{q.a}-{q.b}", "scopes": series(cur, pair=f"{q.a}-{q.b}")}
    finally:
        cur.close()
