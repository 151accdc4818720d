"""Roll institutions up to their top parent, so that every Russian Academy of Sciences
institute counts as RAS and every CAS institute as CAS.

Three sources of hierarchy, in order of trust: OpenAlex `lineage` (the institution and
its ancestors), ROR parent relationships (`store_ror_records`), and, for Web of Science
addresses that carry no ids, the academy named inside the organisation string. WoS names
that spell one organisation several ways then point at the most used spelling
(`org_variants`), unless an academy already claims them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import duckdb

from techties.resolve.org_variants import OrgName, variant_parents

# WoS organisation strings that belong to an academy whatever sub-unit is named first.
ACADEMY_PATTERNS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"\b(RUSSIAN ACAD(EMY OF)? SCI(ENCES)?|\bRAS\b|SIBERIAN BRANCH|URAL BRANCH|FAR EASTERN BRANCH)"),
     "wos-org:RUSSIAN ACAD SCI", "Russian Acad Sci"),
    (re.compile(r"^(?!UNIV(ERSITY OF)? CHINESE ACAD).*\b(CHINESE ACAD(EMY OF)? SCI(ENCES)?|\bCAS\b)"),
     "wos-org:CHINESE ACAD SCI", "Chinese Acad Sci"),
)


def top_of_lineage(self_id: str, lineage: list[str], depth: dict[str, int]) -> str | None:
    """The root among an institution's ancestors: the one with the shortest known lineage
    (a root's lineage is itself alone); unknown ancestors rank after known ones, last listed first."""
    ancestors = [x for x in lineage if x != self_id]
    if not ancestors:
        return None
    return min(reversed(ancestors), key=lambda x: depth.get(x, 10_000))


def rollup_institutions(con: duckdb.DuckDBPyConnection) -> int:
    """Set `institutions.parent_id` to the top parent (NULL for a root). Returns rows changed."""
    rows = con.execute("SELECT institution_id, name, lineage_json, parent_id FROM institutions").fetchall()
    variants = wos_variant_parents(con)
    depth = {iid: len(json.loads(lin)) for iid, _, lin, _ in rows if lin}
    parents = {iid: p for iid, _, _, p in rows}
    updates: list[tuple[str | None, str]] = []
    new_roots: dict[str, str] = {}
    for iid, name, lin, old in rows:
        top: str | None = None
        if lin:
            top = top_of_lineage(iid, json.loads(lin), depth)
        elif iid.startswith("wos-org:"):
            upper = (name or "").upper()
            for pattern, root_id, root_name in ACADEMY_PATTERNS:
                if pattern.search(upper) and iid != root_id:
                    top = root_id
                    new_roots[root_id] = root_name
                    break
            if top is None and iid in variants:
                top = variants[iid]
        elif old and old in parents:  # ROR: follow parents to the root (a parent that is a root is the top;
            top, seen = old, {iid}       # it was cleared: a child of a root lost its parent). A parent not stored
                                         # is dropped, as before: no row to name or roll up to.
            while parents.get(top) and top not in seen:
                seen.add(top)
                top = parents[top]
        if top != old:
            updates.append((top, iid))
    for root_id, root_name in new_roots.items():
        con.execute(
            "INSERT INTO institutions (institution_id, name, source) SELECT ?, ?, 'techties-rollup'"
            " WHERE NOT EXISTS (SELECT 1 FROM institutions WHERE institution_id = ?)",
            [root_id, root_name, root_id],
        )
    if updates:
        con.executemany("UPDATE institutions SET parent_id = ? WHERE institution_id = ?", updates)
    return len(updates)


def wos_variant_parents(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """WoS organisation id → the id of the most used spelling of the same organisation; a
    canonical spelling that itself belongs to an academy hands its variants to the academy."""
    rows = con.execute(
        "SELECT i.institution_id, i.name, i.country_code, count(a.institution_id) FROM institutions i"
        " LEFT JOIN authorships a ON a.institution_id = i.institution_id"
        " WHERE i.institution_id LIKE 'wos-org:%' AND i.lineage_json IS NULL"
        " GROUP BY i.institution_id, i.name, i.country_code").fetchall()
    mapping = variant_parents(OrgName(iid, name or "", cc, n) for iid, name, cc, n in rows)
    names = {iid: (name or "").upper() for iid, name, _, _ in rows}
    out: dict[str, str] = {}
    for iid, head in mapping.items():
        academy = next((root for pattern, root, _ in ACADEMY_PATTERNS if pattern.search(names.get(head, ""))), None)
        out[iid] = academy if academy and academy != iid else head
    return out


def ror_institution(record: dict[str, Any]) -> dict[str, Any]:
    """A ROR v2 record → an institutions row (names by language, country, parent)."""
    names: dict[str, list[str]] = {}
    display = record.get("id", "")
    for n in record.get("names", []):
        names.setdefault(n.get("lang") or "und", []).append(n["value"])
        if "ror_display" in n.get("types", []):
            display = n["value"]
    parent = next((r["id"] for r in record.get("relationships", []) if r.get("type") == "parent"), None)
    country = None
    for loc in record.get("locations", []):
        country = (loc.get("geonames_details") or {}).get("country_code") or country
    return {
        "institution_id": f"ror:{record['id'].rsplit('/', 1)[-1]}",
        "ror": record["id"],
        "name": display,
        "names_json": json.dumps(names, ensure_ascii=False),
        "country_code": country,
        "type": (record.get("types") or [None])[0],
        "parent_id": f"ror:{parent.rsplit('/', 1)[-1]}" if parent else None,
        "lineage_json": None,
        "source": "ror",
    }


def ror_records(payload: dict[str, Any] | list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """ROR records from a dump (a JSON list) or an API / Elasticsearch response."""
    if isinstance(payload, list):
        return payload
    if "items" in payload:
        return payload["items"]
    hits = payload.get("hits", {})
    if isinstance(hits, dict):
        return [h.get("_source", h) for h in hits.get("hits", [])]
    return []
