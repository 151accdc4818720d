"""Screening results as the faces show them: the listed institutions behind a selection's works,
and each hit explained in words (alias, features, list, listing date). Why here: the report and
the dashboard must read the same rows, and neither may query the warehouse itself."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import duckdb

from techties.metrics.research import MetricTable

LISTED_COLUMNS = ["institution", "country", "list", "entry", "listed_on", "works"]


def listed_institutions(con: duckdb.DuckDBPyConnection, work_ids: Sequence[str]) -> MetricTable:
    """Institutions of `work_ids` (or their top parent) with a screening hit not rejected by an
    analyst: the list entry they matched, its listing date, and how many of the works they are on."""
    rows: list[tuple[Any, ...]] = []
    if work_ids:
        rows = con.execute(
            "WITH hits AS (SELECT subject_id, entry_id, coalesce(list_id, '') AS list_id FROM screening_hits"
            "   WHERE subject_kind = 'institution' AND coalesce(decision, '') <> 'rejected')"
            " SELECT coalesce(hi.name, h.subject_id), hi.country_code, h.list_id, coalesce(e.name, h.entry_id),"
            "  e.listed_on, count(DISTINCT a.work_id) AS n, array_sort(array_distinct(array_agg(a.work_id)))"
            " FROM authorships a LEFT JOIN institutions i ON i.institution_id = a.institution_id"
            " JOIN hits h ON h.subject_id = a.institution_id OR h.subject_id = i.parent_id"
            " LEFT JOIN institutions hi ON hi.institution_id = h.subject_id"
            " LEFT JOIN watchlist_entries e ON e.entry_id = h.entry_id AND e.list_id = h.list_id"
            " WHERE a.work_id IN (SELECT unnest(?))"
            " GROUP BY 1, 2, 3, 4, 5 ORDER BY n DESC, 1, 3", [list(work_ids)]).fetchall()
    return MetricTable("listed_institutions", "Listed institutions among the co-authors", list(LISTED_COLUMNS),
                       [r[:-1] for r in rows], [list(r[-1]) for r in rows])


def explain_features(features: Any) -> dict[str, str]:
    """A stored hit's features (JSON from `techties screen --warehouse`) in words."""
    if not isinstance(features, dict):
        return {"alias": "", "features": "" if features is None else str(features), "listed_on": "",
                "explanation": ""}
    parts = []
    for key, label in (("token_overlap", "token overlap"), ("fuzzy_ratio", "fuzzy")):
        if isinstance(features.get(key), int | float):
            parts.append(f"{label} {features[key]:.2f}")
    if features.get("country") is not None:
        parts.append(f"country {features['country']}")
    if features.get("weak_alias"):
        parts.append("weak alias")
    alias = str(features.get("matched_alias") or "")
    kind = str(features.get("alias_kind") or "")
    return {"alias": f"{alias} ({kind})" if alias and kind else alias, "features": ", ".join(parts),
            "listed_on": str(features.get("listed_on") or "not given"),
            "explanation": str(features.get("explanation") or "")}


def hit_count(con: duckdb.DuckDBPyConnection) -> int:
    """Every screening hit the warehouse holds (what a list of the first N says it is part of)."""
    return con.execute("SELECT count(*) FROM screening_hits").fetchone()[0]


def readable_hits(con: duckdb.DuckDBPyConnection, limit: int = 200) -> list[dict[str, Any]]:
    """Screening hits, best first, each with the list entry it matched and why, in words."""
    rows = con.execute(
        "SELECT h.subject_kind, h.subject_id, coalesce(i.name, h.subject_id), h.list_id, h.entry_id,"
        " e.name, e.program, e.listed_on, h.score, h.features_json, h.algorithm, h.decision"
        " FROM screening_hits h LEFT JOIN institutions i ON i.institution_id = h.subject_id"
        " LEFT JOIN watchlist_entries e ON e.entry_id = h.entry_id AND e.list_id = h.list_id"
        # every key of a hit in the order (ties otherwise came in any order: limit=1 and limit=2000 put
        # different entries first for the same subject)
        " ORDER BY h.score DESC NULLS LAST, h.subject_id, h.list_id, h.entry_id, h.subject_kind LIMIT ?",
        [limit]).fetchall()
    cols = ["subject_kind", "subject_id", "subject", "list_id", "entry_id", "entry", "program", "entry_listed_on",
            "score", "features", "algorithm", "decision"]
    out = []
    for r in rows:
        d = dict(zip(cols, r, strict=True))
        d["features"] = _json_or_text(d["features"])
        d["why"] = explain_features(d["features"])
        if d["entry_listed_on"] and d["why"]["listed_on"] == "not given":
            d["why"]["listed_on"] = str(d["entry_listed_on"])
        out.append(d)
    return out


def _json_or_text(value: str | None) -> Any:
    if not value:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return value
