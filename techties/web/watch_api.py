"""The dashboard's "Indicators over time" data: the `techties watch` history of a pair, as stored.

A thin router (included by `create_app`): it validates the pair, reads `indicator_history` through its
own cursor and serialises it; it computes nothing.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, HTTPException, Request

from techties.watch.history import series

router = APIRouter()
_CODE = re.compile(r"[A-Za-z]{2}")


@router.get("/api/watch")
def api_watch(request: Request, a: str = "CN", b: str = "RU") -> dict[str, Any]:
    """Every scope of the pair with each indicator's snapshots, oldest first (empty before any watch run)."""
    for name, code in (("a", a), ("b", b)):
        if not _CODE.fullmatch(code or ""):
            raise HTTPException(400, f"{name} must be a two-letter country code, got {code[:10]!r}")
    cur = request.app.state.con.cursor()
    try:
        return {"pair": f"{a.upper()}-{b.upper()}", "scopes": series(cur, pair=f"{a.upper()}-{b.upper()}")}
    finally:
        cur.close()
