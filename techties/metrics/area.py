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


def unclassified_notes(con: duckdb.DuckDBPyConnection, area: str | None, countries: list[str],
                       years: tuple[int, int] | None, language: str | None = None) -> list[str]:
    """For a classifier area: per country, how many of its works (the query's years and language) have no
    score of the version the query uses. Why: a work without title and abstract is left unclassified
    (`classify.apply.has_text`), so it is in neither the country's area works nor the warehouse output
    its share is out of; the share's denominator says how many were left out. Empty otherwise."""
    from techties.metrics.research import language_filter  # the selection's own language rule

    version = con.execute("SELECT model_version FROM ai_scores WHERE area = ? GROUP BY 1"
                          " ORDER BY count(*) DESC, 1 DESC LIMIT 1", [area or ""]).fetchone()
    if version is None or not countries:
        return []
    lang_sql, lang_params = language_filter(language)
    year_sql, year_params = ("w.year BETWEEN ? AND ?", list(years)) if years else ("TRUE", [])
    marks = ", ".join("?" * len(countries))  # placeholders only: the values are parameters
    rows = con.execute(
        "WITH c AS (SELECT DISTINCT a.country_code AS country, w.work_id FROM works w"  # noqa: S608
        f" JOIN authorships a USING (work_id) WHERE a.country_code IN ({marks}) AND {year_sql} AND {lang_sql})"
        " SELECT country, count(*), count(*) FILTER (WHERE work_id NOT IN (SELECT work_id FROM ai_scores"
        "   WHERE area = ? AND model_version = ?)) FROM c GROUP BY 1 ORDER BY 1",
        [*countries, *year_params, *lang_params, area, version[0]]).fetchall()
    span = f"{years[0]}–{years[1]}" if years else "all years"
    return [f"denominator {country}: {n_out} of its {n} works ({span}) have no {area} score (no title or abstract, "
            f"or stored after the last `techties classify apply`): unclassified, in neither its {area} works nor "
            "this denominator" for country, n, n_out in rows if n_out]
