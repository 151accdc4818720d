"""Which area a brief can measure on this warehouse. Why: `--area ai` needs classifier scores; a
brief on a fresh warehouse falls back to the taxonomy-based `ai-fields` area and says so (a brief
that silently changed its selection would be wrong; one that refused to run would be useless)."""

from __future__ import annotations

import duckdb

FALLBACK_NOTE = ("No AI classifier scores in this warehouse (run `techties classify apply`): "
                 "AI works are selected by taxonomy fields instead (--area ai-fields).")


def area_with_fallback(con: duckdb.DuckDBPyConnection, area: str | None) -> tuple[str | None, str]:
    """The area to measure and, when it differs from the one asked, the note that says why."""
    if area == "ai":
        n = con.execute("SELECT count(*) FROM ai_scores WHERE area = 'ai'").fetchone()[0]
        if not n:
            return "ai-fields", FALLBACK_NOTE
    return area, ""
